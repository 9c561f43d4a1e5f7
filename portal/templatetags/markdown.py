"""The `markdown` filter: `{% load markdown %}` then `{{ practice.description|markdown }}`, and
`plain_text` for excerpts."""

import html

from django import template
from django.utils.html import strip_tags

from portal.lib.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render a long text written in Markdown as sanitized HTML; nothing for an empty value."""
    return render_markdown(text)


@register.filter(name="plain_text")
def plain_text_filter(text):
    """The words of a Markdown text without its marks, for an excerpt: `{{ text|plain_text }}`.
    The result is plain text, escaped by the template like any other."""
    return html.unescape(strip_tags(render_markdown(text))).strip()
