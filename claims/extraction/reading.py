"""Reading an article file for extraction, refusing what is not article text."""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024


class BadInput(ValueError):
    """The file cannot be an article; the message says why in one line."""


def read_article(path: Path, max_bytes: int = MAX_BYTES) -> str:
    return decode_article(read_bytes(path, max_bytes), str(path))


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or one line that says why not (missing, unreadable, over the limit)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadInput(f"{path}: {size:,} bytes is over the limit of {max_bytes:,} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def decode_article(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise BadInput(f"{name}: looks binary (it contains NUL bytes), not article text")
    try:
        # No newline translation: offsets must index the text exactly as stored in the file.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{name}: is not UTF-8 (byte {exc.start} cannot be decoded)") from exc
    if not text.strip():
        raise BadInput(f"{name}: is empty")
    return text
