"""The desk's admin. Importing the modules registers their admins: one module per model (articles, claims,
figures, conflicts), the pages they add (article_page, figure_page, restore, queue, web, alerts) and the site's
name (branding). Nothing here but these imports: a module of this package imports from its siblings, never from
this face."""

from . import alerts, branding, web  # noqa: F401  (branding names the admin after the desk)
from .articles import ArticleAdmin  # noqa: F401
from .claims import ClaimAdmin  # noqa: F401
from .conflicts import ConflictAdmin  # noqa: F401
from .figures import FigureAdmin  # noqa: F401
