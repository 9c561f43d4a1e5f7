"""The access policy from the outside: who reaches content of each level, and what the refused see.

A URLconf of this module's own (the portal's, plus one page per access level) lets the tests
drive `require_access` and `AccessRequiredMixin` through real requests, on the English site whose
words are the msgids. `effective_tier` and `access_filter` are tested with the named people and
with the cases that decide a tier: collaborators, pending roles, memberships out of their period.
"""

import datetime

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Q, Value
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.views import View

from members.access import (
    AccessLevel,
    AccessRequiredMixin,
    access_filter,
    can_access,
    effective_tier,
    levels_open_to,
    require_access,
)
from members.models import EffectiveTier, Membership, Organisation, Role, User
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


# A page per access level, for the tests only -----------------------------------------------


def _page_for(level):
    @require_access(level)
    def page(request):
        return HttpResponse(f"opened {level}")

    return page


class MemberPage(AccessRequiredMixin, View):
    access_level = AccessLevel.MEMBER

    def get(self, request):
        return HttpResponse("opened by the mixin")


def _test_patterns():
    return i18n_patterns(
        *[
            path(f"access-test/{level}/", _page_for(level), name=f"access-{level}")
            for level in AccessLevel.values
        ],
        path("access-test/mixin/", MemberPage.as_view(), name="access-mixin"),
        prefix_default_language=False,
    )


urlpatterns = [*_test_patterns(), *portal_urlpatterns]


# Helpers -----------------------------------------------------------------------------------


def _en(name):
    with translation.override("en"):
        return reverse(name)


def _client_of(request, client, person):
    """The test client, logged in as the named person (the visitor stays anonymous)."""
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))
    return client


def _html(response):
    return " ".join(response.content.decode().split())


def _fresh(user):
    # effective_tier() is cached on the user object, as it is on a request's user.
    return User.objects.get(pk=user.pk)


# The access matrix -------------------------------------------------------------------------

OPEN, LOCKED = 200, 403

MATRIX = {
    # person: public, registered, member, package
    "visitor": (OPEN, LOCKED, LOCKED, LOCKED),
    "base_user": (OPEN, OPEN, LOCKED, LOCKED),
    "official_referent": (OPEN, OPEN, OPEN, LOCKED),
    "package_referent": (OPEN, OPEN, OPEN, OPEN),
    "other_referent": (OPEN, OPEN, LOCKED, LOCKED),
    "staff": (OPEN, OPEN, OPEN, OPEN),
}

CASES = [
    (level, person, statuses[index])
    for person, statuses in MATRIX.items()
    for index, level in enumerate(AccessLevel.values)
]


@pytest.mark.parametrize(("level", "person", "status"), CASES)
def test_access_matrix(request, client, level, person, status):
    response = _client_of(request, client, person).get(_en(f"access-{level}"))
    assert response.status_code == status
    html = _html(response)
    if status == OPEN:
        assert html == f"opened {level}"
    else:
        assert "<h1>Reserved content</h1>" in html
        assert f"Open to: {AccessLevel(level).label}" in html


@pytest.mark.parametrize(
    ("person", "status"),
    [(person, statuses[2]) for person, statuses in MATRIX.items()],
)
def test_access_required_mixin_follows_the_same_matrix(request, client, person, status):
    response = _client_of(request, client, person).get(_en("access-mixin"))
    assert response.status_code == status
    if status == LOCKED:
        assert "Open to: Member organisations" in _html(response)


# What the locked page says -----------------------------------------------------------------


def test_visitor_locked_out_of_registered_content_is_offered_a_free_profile(visitor):
    url = _en("access-registered")
    html = _html(visitor.get(url))
    assert "This content is open to everyone with a free profile on the portal." in html
    assert f'href="{_en("account_login")}?next={url}">Log in</a>' in html
    assert f'href="{_en("account_signup")}">Create your free profile</a>' in html


def test_registered_person_locked_out_of_member_content_is_told_to_ask_their_referent(
    client, base_user
):
    client.force_login(base_user)
    html = _html(client.get(_en("access-member")))
    assert "Open to: Member organisations" in html
    assert (
        "This content is open to the people of organisations that are official members of the "
        "network or hold a service package."
    ) in html
    assert "ask its referent to add you as a collaborator" in html
    assert f'href="{_en("members:organisation-list")}">Find your organisation</a>' in html


def test_visitor_locked_out_of_member_content_is_told_to_log_in(visitor):
    url = _en("access-member")
    html = _html(visitor.get(url))
    assert (
        "If you work for a member organisation, log in: your access comes from your role in it."
    ) in html
    assert f'href="{_en("account_login")}?next={url}">Log in</a>' in html
    assert "ask its referent to add you as a collaborator" not in html


def test_official_member_locked_out_of_package_content_is_told_what_opens_it(
    client, official_referent
):
    client.force_login(official_referent)
    html = _html(client.get(_en("access-package")))
    assert "Open to: Service package holders" in html
    assert (
        "This content is open to the people of organisations that hold a service package."
    ) in html
    assert "its referent can apply for membership from the organisation's page" in html


def test_locked_page_is_in_italian_on_the_italian_site(visitor):
    response = visitor.get(reverse("access-member"))
    assert response.status_code == LOCKED
    assert '<html lang="it">' in response.content.decode()


# Effective tier ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "tier"),
    [
        ("base_user", EffectiveTier.BASE),
        ("official_referent", EffectiveTier.OFFICIAL),
        ("package_referent", EffectiveTier.PACKAGE),
        ("other_referent", EffectiveTier.BASE),
        # Staff reach everything by being staff, not through a tier.
        ("staff", EffectiveTier.BASE),
    ],
)
def test_effective_tier_of_the_named_people(request, person, tier):
    assert effective_tier(_fresh(request.getfixturevalue(person))) == tier


def test_a_visitor_has_no_tier():
    assert effective_tier(AnonymousUser()) == EffectiveTier.NONE


def test_a_collaborator_of_an_official_member_is_an_official_member(official_referent):
    collaborator = RoleFactory(
        organisation=official_referent.roles.get().organisation, kind=Role.Kind.COLLABORATOR
    ).user
    assert effective_tier(_fresh(collaborator)) == EffectiveTier.OFFICIAL


@pytest.mark.parametrize("status", [Role.Status.PENDING, Role.Status.REJECTED, Role.Status.LEFT])
def test_a_role_that_is_not_approved_gives_nothing(official_referent, status):
    person = RoleFactory(
        organisation=official_referent.roles.get().organisation, status=status
    ).user
    assert effective_tier(_fresh(person)) == EffectiveTier.BASE


def _this_year():
    today = timezone.localdate()
    return today.replace(month=1, day=1), today.replace(month=12, day=31)


@pytest.mark.parametrize(
    "membership",
    [
        pytest.param({"status": Membership.Status.EXPIRED}, id="expired"),
        pytest.param({"status": Membership.Status.PENDING}, id="pending"),
        pytest.param({"status": Membership.Status.CANCELLED}, id="cancelled"),
        pytest.param({"ended_days_ago": 1}, id="active-but-ended-yesterday"),
        pytest.param({"starts_in_days": 1}, id="active-from-tomorrow"),
    ],
)
def test_a_membership_out_of_its_period_or_not_active_gives_nothing(membership):
    today = timezone.localdate()
    starts_on, ends_on = _this_year()
    if "ended_days_ago" in membership:
        starts_on = today - datetime.timedelta(days=365)
        ends_on = today - datetime.timedelta(days=membership["ended_days_ago"])
    if "starts_in_days" in membership:
        starts_on = today + datetime.timedelta(days=membership["starts_in_days"])
        ends_on = starts_on + datetime.timedelta(days=365)
    organisation = MembershipFactory(
        status=membership.get("status", Membership.Status.ACTIVE),
        starts_on=starts_on,
        ends_on=ends_on,
    ).organisation
    person = RoleFactory(organisation=organisation).user
    assert effective_tier(_fresh(person)) == EffectiveTier.BASE


def test_a_membership_counts_on_its_first_and_last_day():
    today = timezone.localdate()
    starting = MembershipFactory(starts_on=today, ends_on=today + datetime.timedelta(days=30))
    ending = MembershipFactory(starts_on=today - datetime.timedelta(days=30), ends_on=today)
    for membership in (starting, ending):
        person = RoleFactory(organisation=membership.organisation).user
        assert effective_tier(_fresh(person)) == EffectiveTier.OFFICIAL


def test_package_beats_official_when_one_person_holds_both(official_referent, package_referent):
    RoleFactory(
        organisation=package_referent.roles.get().organisation,
        user=official_referent,
        kind=Role.Kind.COLLABORATOR,
    )
    assert effective_tier(_fresh(official_referent)) == EffectiveTier.PACKAGE


def test_the_tier_is_computed_once_per_user_object(official_referent, django_assert_num_queries):
    person = _fresh(official_referent)
    with django_assert_num_queries(1):
        assert effective_tier(person) == EffectiveTier.OFFICIAL
        assert effective_tier(person) == EffectiveTier.OFFICIAL


def test_an_organisation_without_membership_gives_a_base_profile():
    person = RoleFactory(organisation=OrganisationFactory()).user
    assert effective_tier(_fresh(person)) == EffectiveTier.BASE
    assert effective_tier(_fresh(UserFactory())) == EffectiveTier.BASE


# access_filter and can_access --------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "levels"),
    [
        ("base_user", ["public", "registered"]),
        ("official_referent", ["public", "registered", "member"]),
        ("package_referent", ["public", "registered", "member", "package"]),
        ("other_referent", ["public", "registered"]),
        ("staff", ["public", "registered", "member", "package"]),
    ],
)
def test_access_filter_keeps_the_levels_the_person_reaches(request, person, levels):
    user = _fresh(request.getfixturevalue(person))
    assert levels_open_to(user) == levels
    assert access_filter(user) == Q(access_level__in=levels)
    assert access_filter(user, "document__access_level") == Q(document__access_level__in=levels)
    assert [level for level in AccessLevel.values if can_access(user, level)] == levels


def test_access_filter_of_a_visitor_keeps_public_content_only():
    assert access_filter(AnonymousUser()) == Q(access_level__in=["public"])


@pytest.mark.parametrize(
    ("person", "expected"),
    [("base_user", {"public", "registered"}), ("package_referent", set(AccessLevel.values))],
)
def test_access_filter_narrows_a_query(request, person, expected):
    # Organisations carry no access level: each level is given one by annotation, as if four
    # rows of content had one each.
    user = _fresh(request.getfixturevalue(person))
    OrganisationFactory()
    reached = {
        level
        for level in AccessLevel.values
        if Organisation.objects.annotate(access_level=Value(level, output_field=CharField()))
        .filter(access_filter(user))
        .exists()
    }
    assert reached == expected
