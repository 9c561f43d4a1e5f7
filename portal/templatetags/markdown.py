"""The `markdown` filter: `{% load markdown %}` then `{{ practice.description|markdown }}`."""

from django import template

from portal.lib.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render a long text written in Markdown as sanitized HTML; nothing for an empty value."""
    return render_markdown(text)
