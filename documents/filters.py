"""The filters of the document library. Every filter is a GET parameter, so a filtered list is a
URL one can share."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.models import FORMATS, Document, Kind
from members.access import AccessLevel
from members.filters import organisation_filter, region_filter
from members.models import ServiceArea
from portal.lib.filters import CheckboxFilter
from portal.lib.search import MAX_QUERY_LENGTH

ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "downloads": ("-download_count", "-pk"),
    "title": ("title", "pk"),
}


class DocumentFilter(django_filters.FilterSet):
    """Give it the queryset listed to the person: the filters only narrow it. The person's
    user goes in `request`, which the text search needs to tell what they may read."""

    q = django_filters.CharFilter(
        label=_("Words, also inside the files"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Kind.choices, empty_label=_("All types")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    region = region_filter()
    organisation = organisation_filter()
    year = django_filters.NumberFilter(
        label=_("Year of the act"),
        min_value=1990,
        max_value=2100,
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 1990, "max": 2100}),
    )
    format = django_filters.ChoiceFilter(
        label=_("File format"),
        choices=[(name, name.upper()) for name in FORMATS],
        field_name="current_version__format",
        empty_label=_("Any format"),
    )
    access = django_filters.ChoiceFilter(
        label=_("Who can open it"),
        choices=AccessLevel.choices,
        field_name="access_level",
        empty_label=_("Any access"),
    )
    templates = CheckboxFilter(label=_("Only model templates"), method="filter_templates")
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            ("newest", _("Newest first")),
            ("downloads", _("Most downloaded")),
            ("title", _("By title")),
        ],
        method="filter_order",
        empty_label=_("Best match, or newest"),
    )

    def filter_text(self, queryset, name, value):
        return queryset.search(self.request.user, value)

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            Q(act_date__year=year) | Q(act_date__isnull=True, created_at__year=year)
        )

    def filter_templates(self, queryset, name, value):
        return queryset.filter(is_template=True) if value else queryset

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    class Meta:
        model = Document
        fields = []
