"""The filters of the directory of organisations.

Every filter is a GET parameter, so a filtered page of the directory is a URL one can share.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import (
    MEZZOGIORNO,
    MacroArea,
    Membership,
    Organisation,
    OrganisationKind,
    Province,
    Region,
)
from portal.lib.filters import CheckboxFilter
from portal.lib.search import MAX_QUERY_LENGTH


def region_filter() -> django_filters.ModelChoiceFilter:
    """The region of a row's `region`, chosen by its ISTAT code: for any app's FilterSet."""
    return django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="istat_code",
        empty_label=_("All regions"),
    )


def macro_area_filter() -> django_filters.ChoiceFilter:
    """The macro-area of a row's `region`: for any app's FilterSet."""
    return django_filters.ChoiceFilter(
        label=_("Macro-area"),
        field_name="region__macro_area",
        choices=MacroArea.choices,
        empty_label=_("All macro-areas"),
    )


def organisation_filter() -> django_filters.CharFilter:
    """The organisation of a row's `organisation`, by the words of its name (accents and typos
    forgiven) or by its slug, for any app's FilterSet. A text box rather than a select: the
    network counts thousands of organisations, and a select of them all weighed every page of
    a list down by some 200 KB."""
    return django_filters.CharFilter(
        label=_("Organisation"),
        method=_filter_organisation,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words of its name"),
    )


def _filter_organisation(queryset, name, value):
    named = Organisation.objects.search(value).values("pk")
    return queryset.filter(Q(organisation__slug=value) | Q(organisation__in=named))


class OrganisationFilter(django_filters.FilterSet):
    """The directory's filters: name, kind, where it is and its membership today.

    Give it the visible queryset (`Organisation.objects.visible_to(user).listed()`): the filters
    only narrow it.
    """

    q = django_filters.CharFilter(
        label=_("Name"), method="filter_name", max_length=MAX_QUERY_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds")
    )
    region = region_filter()
    macro_area = macro_area_filter()
    mezzogiorno = CheckboxFilter(
        label=_("Only the Mezzogiorno (South and Islands)"), method="filter_mezzogiorno"
    )
    tier = django_filters.ChoiceFilter(
        label=_("Membership today"),
        choices=Membership.Tier.choices,
        method="filter_tier",
        empty_label=_("Any, or none"),
    )

    no_system = CheckboxFilter(
        label=_("Only libraries in no library system"), method="filter_no_system"
    )

    # Set by the "see them all" link of a system's page; not a field people fill in.
    system = django_filters.CharFilter(
        label=_("Library system"), method="filter_system", widget=forms.HiddenInput
    )
    # Set by the links of the mapping report, by the province's ISTAT code; not a field people
    # fill in either.
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="istat_code",
        widget=forms.HiddenInput,
    )

    def filter_name(self, queryset, name, value):
        return queryset.search(value)

    def filter_mezzogiorno(self, queryset, name, value):
        return queryset.filter(region__macro_area__in=MEZZOGIORNO) if value else queryset

    def filter_system(self, queryset, name, value):
        return queryset.in_system_slug(value)

    def filter_no_system(self, queryset, name, value):
        return queryset.in_no_system() if value else queryset

    def filter_tier(self, queryset, name, value):
        return queryset.with_tier(value)
