"""Signing a webhook's body, and checking a signature as a receiver should. Pure stdlib, no Django.

The signature is HMAC-SHA256 with the follow's secret over "<timestamp>.<body>": the timestamp is inside what is
signed, so a receiver that refuses old timestamps cannot be fed a captured request again later (a replay), and
nobody can move a signature to another body or time.
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
SIGNATURE_HEADER = "X-Factcheck-Signature"
DELIVERY_HEADER = "X-Factcheck-Delivery"
# How old a timestamp a receiver should still take: delivery retries send a fresh one each time.
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, now: float,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """True if the signature is ours for this body and timestamp, and the timestamp is recent."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature or "")
