"""Which version of the matching rules derived a figure, and a fingerprint of the rules as they are."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Bump when subjects, frames or the lexicon change what is derived: the recompute derives such figures again.
DERIVATION = 3
# A figure derived before whose claim was edited: derived again by the next detection task, or by the nightly
# recompute if that task was lost. Its keys and suggestions stand until then (claims.services.conflicts).
STALE = 1
assert DERIVATION > STALE


def fingerprint() -> str:
    """The matching rules as they are: a hash of this package's code and model. The nightly recompute matches
    every figure again after any change to them, and only the figures whose detection is due otherwise."""
    digest = hashlib.sha256(f"derivation {DERIVATION}".encode())
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here / "model.json"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
