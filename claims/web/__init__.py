"""Articles from the web: the article text of an HTML page or a Markdown file, with the links in its body.

Pure Python (no Django). `read_html(html, url=...)` and `read_markdown(text, base=...)` return a `WebArticle`
whose `links` index into its `text`, as claim offsets index into a stored article.
"""

from .files import is_page_file, read_page_file
from .html import decode_html, read_html
from .markdown import read_markdown
from .text import Link, WebArticle

__all__ = ["Link", "WebArticle", "decode_html", "is_page_file", "read_html", "read_markdown", "read_page_file"]
