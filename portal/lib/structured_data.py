"""Schema.org data for search engines, as JSON-LD script blocks that stay data: every `<`, `>`
and `&` of the values is escaped as a JSON unicode escape, so no text a person typed (a title
with `</script>` in it) can close the block or open an element."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """The portal's public address of `path`: the same whichever host served the page, so that
    a page cached for visitors names the same address to everyone."""
    return settings.PORTAL_SITE_URL.rstrip("/") + path


def json_ld(data: dict) -> SafeString:
    """`data` as a `<script type="application/ld+json">` block, with "@context" added."""
    payload = json.dumps({"@context": "https://schema.org", **data}, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(payload.translate(_ESCAPES)),
    )
