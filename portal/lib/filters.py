"""Filters that every app's django-filter FilterSets share."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class CheckboxFilter(django_filters.BooleanFilter):
    """A filter that is on when its box is ticked (a browser sends "on") and off otherwise."""

    field_class = forms.BooleanField


class LightSelect(forms.Select):
    """A select written in one pass of string joins rather than a template per option: for a
    filter with hundreds of choices (the organisations that published a practice, say), which
    Django's widget would render one template and one dictionary per option."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group of options
                group = "".join(self._option(value, text, selected) for value, text in label)
                options.append(f'<optgroup label="{escape(option_value)}">{group}</optgroup>')
            else:
                options.append(self._option(option_value, label, selected))
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(options)}</select>")

    @staticmethod
    def _option(value, label, selected) -> str:
        value = "" if value is None else str(getattr(value, "value", value))
        chosen = " selected" if value in selected else ""
        return f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'
