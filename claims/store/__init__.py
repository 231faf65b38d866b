"""The conflict store: every statement conflict detection and the recompute send, for PostgreSQL and SQLite.

The rules live in claims.matching (pure Python) and the services (claims.services.conflicts, .recompute) feed
them; this package reads their figures and candidates and writes what they find, and nothing else. Callers
use the names below.
"""

from .candidates import candidates_read  # noqa: F401
from .figures import (  # noqa: F401
    DeriveRow,
    as_facts,
    derive_rows,
    derived_write,
    fact_rows,
    facts_by_id,
    facts_up_to,
    figures_present,
    rows_of,
)
from .locks import LOCK, QUICK_COMMIT, can_fork, recompute_lock  # noqa: F401
from .suggestions import (  # noqa: F401
    dismissed_anchors,
    raw_rows,
    suggestions_delete,
    suggestions_insert,
    suggestions_update,
    unrecorded_delete,
)
