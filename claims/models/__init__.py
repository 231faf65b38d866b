"""The claims app's models: articles, claims, figures and conflicts (core), and what came from the web with an
article (web): its links, the sources it names, and later versions of its page; the conflict recompute's runs
(runs); who follows what and the alerts they get (alerts)."""

from .alerts import Alert, AlertInbox, AlertKind, Channel, Delivery, DeliveryState, Follow
from .core import (
    CONTEXT_CHARS,
    NEXT_STATUSES,
    NUMBER,
    REF_PATTERN,
    VERDICTS,
    Article,
    Claim,
    ClaimQuerySet,
    Conflict,
    ConflictDismissal,
    ConflictKind,
    ConflictOrigin,
    ConflictStatus,
    ExtractionStatus,
    Figure,
    FigureKey,
    FigureKind,
    Language,
    Qualifier,
    ReviewStatus,
    check_span,
    content_hash,
    parse_ref,
    validate_partial_date,
)
from .runs import RecomputeRun
from .web import (
    AnchorStatus,
    ArticleLink,
    ArticleVersion,
    Attribution,
    ClaimAnchor,
    NamedSource,
    SourceKind,
)

__all__ = [
    "Alert", "AlertInbox", "AlertKind", "Channel", "Delivery", "DeliveryState", "Follow",
    "CONTEXT_CHARS", "NEXT_STATUSES", "NUMBER", "REF_PATTERN", "VERDICTS", "AnchorStatus", "Article", "ArticleLink",
    "ArticleVersion", "Attribution", "Claim", "ClaimAnchor", "ClaimQuerySet", "Conflict", "ConflictDismissal",
    "ConflictKind", "ConflictOrigin", "ConflictStatus", "ExtractionStatus", "Figure", "FigureKey", "FigureKind",
    "Language", "NamedSource", "Qualifier", "RecomputeRun", "ReviewStatus", "SourceKind", "check_span",
    "content_hash", "parse_ref", "validate_partial_date",
]
