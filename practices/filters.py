"""The filters of the list of practices. Every filter is a GET parameter, so a filtered list is a
URL one can share."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.filters import macro_area_filter, organisation_filter, region_filter
from members.models import ServiceArea
from portal.lib.filters import CheckboxFilter
from portal.lib.search import MAX_QUERY_LENGTH
from practices.models import Audience, Licence, Practice

ORDERINGS = {
    "newest": ("-published_at", "-pk"),
    "adopted": ("-adoption_count", "-published_at", "-pk"),
    "title": ("title", "pk"),
}


class PracticeFilter(django_filters.FilterSet):
    """Give it the visible, published queryset: the filters only narrow it."""

    q = django_filters.CharFilter(
        label=_("Words"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Practice.Kind.choices, empty_label=_("Practices and projects")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("All audiences"),
    )
    region = region_filter()
    macro_area = macro_area_filter()
    organisation = organisation_filter()
    year = django_filters.NumberFilter(
        label=_("Active in the year"),
        min_value=1990,
        max_value=2100,
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 1990, "max": 2100}),
    )
    licence = django_filters.ChoiceFilter(
        label=_("Licence"), choices=Licence.choices, empty_label=_("Any licence")
    )
    featured = CheckboxFilter(label=_("Only featured practices"), method="filter_featured")
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            ("newest", _("Newest first")),
            ("adopted", _("Most adopted")),
            ("title", _("By title")),
        ],
        method="filter_order",
        empty_label=_("Best match, or newest"),
    )

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value])

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(started_on__year__lte=year).filter(
            Q(ended_on__isnull=True) | Q(ended_on__year__gte=year)
        )

    def filter_featured(self, queryset, name, value):
        return queryset.filter(is_featured=True) if value else queryset

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])
