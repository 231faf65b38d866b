"""Numbered claims with parsed figures from German and English news text.

Pure Python (no Django), so ingest, the admin, the API and commands share it and tests need no settings.
`extract(text, language=..., published=...)` returns JSON-ready dicts; `iter_claims` streams them.
"""

from .extractor import extract, figures_within, find_figures, iter_claims, read_selection
from .found import Claim, Figure

__all__ = ["Claim", "Figure", "extract", "figures_within", "find_figures", "iter_claims", "read_selection"]
