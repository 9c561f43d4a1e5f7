"""The filters of the expert roster. Every filter is a GET parameter, so a filtered roster is a
URL one can share."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.filters import region_filter
from members.models import ServiceArea
from services.models import Expert, ServiceRequest


class ExpertFilter(django_filters.FilterSet):
    """Give it the roster visible to the person: the filters only narrow it."""

    competence = django_filters.ModelChoiceFilter(
        label=_("Competence"),
        field_name="competences",
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All competences"),
    )
    region = region_filter()
    region.method = "filter_region"
    availability = django_filters.ChoiceFilter(
        label=_("Availability"),
        choices=Expert.Availability.choices,
        empty_label=_("Any availability"),
    )

    def filter_region(self, queryset, name, value):
        """Experts who work in the region in person, and those who work anywhere remotely."""
        return queryset.filter(Q(regions=value) | Q(regions__isnull=True))

    class Meta:
        model = Expert
        fields = []


class ServiceRequestFilter(django_filters.FilterSet):
    """Give it the requests visible to the person: the filter only narrows them."""

    stato = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="status",
        choices=ServiceRequest.Status.choices,
        empty_label=_("Any"),
    )
