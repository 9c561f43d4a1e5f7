"""The filters of the events' lists. Every filter is a GET parameter, so a filtered list is a URL
one can share."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import ROME, Event, Kind
from members.access import AccessLevel
from members.filters import region_filter
from portal.lib.search import MAX_QUERY_LENGTH


class EventFilter(django_filters.FilterSet):
    """Give it the queryset listed to the person: the filters only narrow it."""

    q = django_filters.CharFilter(
        label=_("Words"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Kind.choices, empty_label=_("All types")
    )
    region = region_filter()
    month = django_filters.CharFilter(
        label=_("Month"),
        method="filter_month",
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("E.g. 2026-03."),
    )
    access = django_filters.ChoiceFilter(
        label=_("Who can register"),
        choices=AccessLevel.choices,
        field_name="access_level",
        empty_label=_("Anyone"),
    )

    def filter_text(self, queryset, name, value):
        return queryset.search_listed_to(self.request.user, value)

    def filter_month(self, queryset, name, value):
        # A month that is no month is ignored, as a shared link with a typo should be.
        try:
            first = datetime.datetime.strptime(value.strip(), "%Y-%m").replace(tzinfo=ROME)
        except ValueError:
            return queryset
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return queryset.filter(starts_at__lt=following, ends_at__gte=first)

    class Meta:
        model = Event
        fields = []
