"""Plumbing both apps use: bulk writes, the history admin's base, the API's paging and permissions, the palette.

Nothing here imports from claims or sources (tests/test_palette.py checks): this package sits below both."""
