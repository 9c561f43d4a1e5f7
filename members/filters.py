"""The filters of the directory of organisations, and the name search it shares with other pages.

Every filter is a GET parameter, so a filtered page of the directory is a URL one can share.
"""

import django_filters
from django import forms
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connection
from django.db.models import F, Lookup, Q, Value
from django.utils.translation import gettext_lazy as _

from members.models import MEZZOGIORNO, MacroArea, Membership, OrganisationKind, Region
from portal.lib.search import MAX_QUERY_LENGTH, Unaccent

# Shorter words ("di", "la") have no trigram of their own for the index to look up.
MIN_WORD_LENGTH = 3
MAX_WORDS = 6


class _ILike(Lookup):
    """`lhs ILIKE rhs`. Django's icontains compares UPPER(lhs), which no index holds; the
    trigram index on `immutable_unaccent(name)` serves ILIKE on that expression directly."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", (*lhs_params, *rhs_params)


def _contains(target, text: str) -> _ILike:
    pattern = f"%{connection.ops.prep_for_like_query(text)}%"
    return _ILike(target, Unaccent(Value(pattern)))


def search_by_name(queryset, text: str):
    """The organisations of `queryset` whose name has every word of `text` in it, ignoring
    accents and case, or a word close to it (a typo: "Vimercatse" finds "Vimercatese").

    Words shorter than three characters are skipped ("di", "la"), unless they hold a digit
    ("Biblioteca 2"), which the name must then contain. Both tests are answered by the trigram
    index on `immutable_unaccent(name)` (`organisation_name_trgm`), so the search stays fast on
    the whole national registry.
    """
    text = (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    name = Unaccent(F("name"))
    words = text.split()[:MAX_WORDS]
    long_words = [word for word in words if len(word) >= MIN_WORD_LENGTH]
    if not long_words:
        return queryset.filter(_contains(name, text))
    condition = Q()
    for word in long_words:
        condition &= Q(_contains(name, word)) | Q(TrigramWordSimilar(name, Unaccent(Value(word))))
    # A short word may be missing from a name that says it otherwise ("Biblioteca civica
    # Monza" for "Biblioteca di Monza"); a short number may not.
    for word in words:
        if len(word) < MIN_WORD_LENGTH and any(character.isdigit() for character in word):
            condition &= Q(_contains(name, word))
    return queryset.filter(condition)


class CheckboxFilter(django_filters.BooleanFilter):
    """A filter that is on when its box is ticked (a browser sends "on") and off otherwise."""

    field_class = forms.BooleanField


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
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="istat_code",
        empty_label=_("All regions"),
    )
    macro_area = django_filters.ChoiceFilter(
        label=_("Macro-area"),
        field_name="region__macro_area",
        choices=MacroArea.choices,
        empty_label=_("All macro-areas"),
    )
    mezzogiorno = CheckboxFilter(
        label=_("Only the Mezzogiorno (South and Islands)"), method="filter_mezzogiorno"
    )
    tier = django_filters.ChoiceFilter(
        label=_("Membership today"),
        choices=Membership.Tier.choices,
        method="filter_tier",
        empty_label=_("Any, or none"),
    )

    # Set by the "see them all" link of a system's page; not a field people fill in.
    system = django_filters.CharFilter(
        label=_("Library system"), field_name="systems__slug", widget=forms.HiddenInput
    )

    def filter_name(self, queryset, name, value):
        return search_by_name(queryset, value)

    def filter_mezzogiorno(self, queryset, name, value):
        return queryset.filter(region__macro_area__in=MEZZOGIORNO) if value else queryset

    def filter_tier(self, queryset, name, value):
        return queryset.with_tier(value)
