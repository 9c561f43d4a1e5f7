"""Filters that every app's django-filter FilterSets share."""

import django_filters
from django import forms


class CheckboxFilter(django_filters.BooleanFilter):
    """A filter that is on when its box is ticked (a browser sends "on") and off otherwise."""

    field_class = forms.BooleanField
