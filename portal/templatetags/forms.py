"""Renders a form field's widget with the classes and ARIA attributes Bootstrap Italia expects."""

from django import template

register = template.Library()


@register.filter
def as_control(bound_field, css_class="form-control"):
    attrs = {}
    existing = bound_field.field.widget.attrs.get("class", "")
    attrs["class"] = f"{existing} {css_class}".strip()
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}-error"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}-help"
    return bound_field.as_widget(attrs=attrs)
