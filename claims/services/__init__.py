"""Writes to articles, claims, figures and conflicts. Admin, API, tasks and commands all come here: callers
import this one module, whose functions live in the modules beside it."""

from common.locking import lock_rows, save_or_explain  # noqa: F401

from .conflicts import (  # noqa: F401
    conflicts_detect,
    detect_after_commit,
    dismissal_remember,
    figures_derive,
)
from .decisions import conflict_create, conflict_decide, conflict_get_or_create, conflict_update  # noqa: F401
from .figures import (  # noqa: F401
    claim_figures_extract,
    claim_from_selection,
    figure_delete,
    figure_from_selection,
    figure_reading,
)
from .ingest import (  # noqa: F401
    EXTRACTED,
    SUBMITTED_ARTICLE_FIELDS,
    article_create,
    article_extract,
    article_extract_later,
    article_extract_or_queue,
    article_extract_queued,
    article_extraction_failed,
    article_get_or_create,
    article_ingest,
    article_ingest_later,
    article_update,
    extract_now_or_later,
    extracts_in_background,
    storable,
)
from .links import claims_link, name_key, named_source_resolve  # noqa: F401
from .recompute import conflicts_recompute  # noqa: F401
from .review import (  # noqa: F401
    StaleEdit,
    claim_delete,
    claim_restore,
    claim_update,
    claim_update_check,
    deletion_refusal,
)
from .rows import (  # noqa: F401
    article_find_duplicate,
    claim_create,
    claim_get_or_create,
    figure_create,
    figure_get_or_create,
    figure_update,
)
from .web import (  # noqa: F401
    Given,
    article_from_html,
    article_from_markdown,
    article_from_url,
    article_from_web,
    page_fetch,
    page_read,
)
