"""The `markdown` filter: `{% load markdown %}` then `{{ practice.description|markdown }}`, and
`plain_text` for excerpts."""

from django import template

from portal.lib.markdown import markdown_to_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render a long text written in Markdown as sanitized HTML; nothing for an empty value."""
    return render_markdown(text)


@register.filter(name="plain_text")
def plain_text_filter(text):
    """The words of a Markdown text without its marks, for an excerpt: `{{ text|plain_text }}`.
    The result is plain text, escaped by the template like any other."""
    return markdown_to_text(text)
