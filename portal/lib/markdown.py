"""Markdown rendering for the portal's long texts, sanitized so that what people type is safe HTML.

Descriptions of practices, suppliers, services and documents are written in Markdown. The
rendered HTML goes through nh3 (an allow-list sanitizer) before it reaches a page, so neither
raw HTML typed in the text nor a crafted Markdown link can inject scripts, styles, frames,
event handlers or `javascript:` URLs.
"""

import html as html_entities
import threading
from functools import lru_cache

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
# No class, style or id anywhere: the CSP forbids inline styles and the page's own classes must
# not be borrowed. Images are left out too: the CSP allows only the portal's own and data: images,
# so a remote one would be broken anyway, and an image is a tracking pixel in disguise.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# Relative links (to the portal's own pages) carry no scheme and are kept.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
# Dropped together with their content, not just unwrapped: their text is code, not prose.
DROPPED_WITH_CONTENT = {"script", "style", "template", "textarea", "title", "noscript"}

MARKDOWN_EXTENSIONS = [
    "tables",
    "fenced_code",
    "sane_lists",
    # People who have never heard of Markdown expect a new line where they pressed Enter.
    "nl2br",
]


class _DemoteTitle(Treeprocessor):
    """Renders `# Title` as <h2>: the page's own title is its only <h1>."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class _DemoteTitleExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_DemoteTitle(md), "demote_title", 0)


def render_markdown(text: str | None) -> SafeString:
    """Return the Markdown `text` as sanitized HTML, ready to show on a page."""
    if not text:
        return mark_safe("")
    return mark_safe(_rendered(str(text)))


def markdown_to_text(text: str | None) -> str:
    """The words of a Markdown text without its marks, for an excerpt, a feed or a calendar."""
    return html_entities.unescape(strip_tags(render_markdown(text))).strip()


# The HTML depends on the text alone: a page that lists reviews or comments renders the same
# texts on every request, so the last ones rendered are kept in each process.
@lru_cache(maxsize=2048)
def _rendered(text: str) -> str:
    converter = _converter()
    try:
        html = converter.convert(text)
    finally:
        converter.reset()
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


_local = threading.local()


def _converter() -> markdown.Markdown:
    """The thread's Markdown converter: building one costs more than most conversions."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, _DemoteTitleExtension()], output_format="html"
        )
    return _local.converter
