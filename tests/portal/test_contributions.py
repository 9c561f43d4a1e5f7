"""Pledged working time against contributions: an official member's page shows, for the last
twelve months, the hours it pledged and what it gave (practices published, practices adopted or
derived from others, reviews written by its people); staff see the same figures for every
official member in one admin list, those that gave nothing first, and as a CSV."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from members.models import Membership, last_twelve_months
from suppliers.models import Review
from tests.documents.factories import make_document
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory
from tests.practices.factories import AdoptionFactory, PracticeFactory
from tests.suppliers.factories import ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = timezone.now() - datetime.timedelta(days=500)


def _member(name, hours=10, **kwargs):
    """An official member whose membership covers the whole of the last twelve months."""
    start, end = last_twelve_months()
    return MembershipFactory(
        organisation__name=name,
        starts_on=start - datetime.timedelta(days=30),
        ends_on=end + datetime.timedelta(days=30),
        pledged_hours_per_month=hours,
        **kwargs,
    ).organisation


def _give(organisation):
    """Three practices published (one derived from its own) and two adopted from others, two
    reviews by its people, in the last twelve months; and what does not count: older ones, a
    draft, a hidden review."""
    PracticeFactory(organisation=organisation, title="Pratica recente")
    own = PracticeFactory(organisation=organisation, title="Altra pratica recente")
    PracticeFactory(organisation=organisation, title="Pratica vecchia", published_at=LONG_AGO)
    PracticeFactory(organisation=organisation, title="Bozza", draft=True)
    AdoptionFactory(organisation=organisation)
    PracticeFactory(organisation=organisation, derived_from=PracticeFactory())
    # Derived from its own practice: not adopted from others, but published by it.
    PracticeFactory(organisation=organisation, derived_from=own)
    recent = make_document(organisation, file_format="txt")
    make_document(organisation, file_format="txt")
    hidden = make_document(organisation, file_format="txt")
    Document.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Document.objects.filter(pk=recent.pk).update(created_at=timezone.now())
    old = make_document(organisation, file_format="txt")
    Document.objects.filter(pk=old.pk).update(created_at=LONG_AGO)
    ReviewFactory(organisation=organisation)
    ReviewFactory(author=RoleFactory(organisation=organisation, kind="collaborator").user)
    ReviewFactory(organisation=organisation, status=Review.Status.HIDDEN)
    old = ReviewFactory(organisation=organisation)
    Review.objects.filter(pk=old.pk).update(created_at=LONG_AGO)


def _figures(html):
    """The organisation page's list of contributions: (label, figure) pairs."""
    start = html.index('id="contributions-title"')
    section = html[start : html.index("</dl>", start)]
    pairs = re.findall(r"<dt[^>]*>([^<]+)</dt>\s*<dd[^>]*>([^<]+)</dd>", section)
    return [(unescape(label).strip(), value.strip()) for label, value in pairs]


def test_official_member_page_shows_hours_pledged_against_what_it_gave(client):
    organisation = _member("Sistema Vimercatese", hours=10)
    _give(organisation)

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert _figures(html) == [
        ("Tempo di lavoro impegnato", "120 ore"),
        ("Pratiche pubblicate", "3"),
        ("Pratiche adottate o derivate da altri", "2"),
        ("Documenti condivisi", "2"),
        ("Recensioni di fornitori scritte dalle sue persone", "2"),
    ]


def test_hours_count_only_the_part_of_a_membership_inside_the_twelve_months(client):
    start, end = last_twelve_months()
    # Twelve hours a month, ended halfway through the period: about half a year of it.
    middle = start + (end - start) / 2
    organisation = MembershipFactory(
        status=Membership.Status.EXPIRED,
        starts_on=start - datetime.timedelta(days=200),
        ends_on=middle,
        pledged_hours_per_month=12,
    ).organisation
    days = (middle - start).days + 1

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert _figures(html)[0] == ("Tempo di lavoro impegnato", f"{round(12 * days * 12 / 365)} ore")


def test_an_organisation_that_pledged_no_time_shows_no_contributions(client):
    package = MembershipFactory(package=True).organisation
    outsider = OrganisationFactory()

    for organisation in (package, outsider):
        html = client.get(organisation.get_absolute_url()).content.decode()
        assert 'id="contributions-title"' not in html


def _admin_rows(response):
    figures = [
        "pledged_hours",
        "practices_published",
        "practices_adopted",
        "documents_added",
        "reviews_written",
    ]
    return [
        (row.name, *(getattr(row, name) for name in figures))
        for row in response.context["cl"].result_list
    ]


def test_staff_see_every_official_member_those_that_gave_nothing_first(staff_client):
    generous = _member("Biblioteche in rete", hours=10)
    _give(generous)
    _member("Sistema fermo", hours=5)
    _member("Altro sistema fermo", hours=8)
    MembershipFactory(package=True, organisation__name="Rete con pacchetto")
    MembershipFactory(
        organisation__name="Ex socio", status=Membership.Status.EXPIRED, starts_on="2020-01-01"
    )

    response = staff_client.get(reverse("admin:members_officialmember_changelist"))

    assert response.status_code == 200
    assert _admin_rows(response) == [
        ("Altro sistema fermo", 96, 0, 0, 0, 0),
        ("Sistema fermo", 60, 0, 0, 0, 0),
        ("Biblioteche in rete", 120, 3, 2, 2, 2),
    ]


def test_staff_download_the_same_list_as_csv(staff_client):
    _give(_member("Biblioteche in rete", hours=10, organisation__province=None))
    _member("Sistema fermo", hours=5)

    response = staff_client.get(reverse("admin:members_officialmember_csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Organizzazione",
            "Provincia",
            "Tempo di lavoro impegnato (ore)",
            "Pratiche pubblicate",
            "Pratiche adottate o derivate da altri",
            "Documenti condivisi",
            "Recensioni di fornitori scritte dalle sue persone",
        ],
        ["Sistema fermo", "Milano", "60", "0", "0", "0", "0"],
        ["Biblioteche in rete", "", "120", "3", "2", "2", "2"],
    ]


def test_people_without_staff_rights_get_neither_the_list_nor_the_csv(client, official_referent):
    client.force_login(official_referent)

    for name in ("admin:members_officialmember_changelist", "admin:members_officialmember_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_the_staff_list_runs_the_same_queries_whatever_the_number_of_members(
    staff_client, django_assert_num_queries
):
    for number in range(3):
        _give(_member(f"Sistema {number}"))
    url = reverse("admin:members_officialmember_changelist")

    # Session, user, the count of the filtered rows, the page of rows, the regions of the filter.
    with django_assert_num_queries(5):
        staff_client.get(url)
    for number in range(3, 12):
        _give(_member(f"Sistema {number}"))
    with django_assert_num_queries(5):
        response = staff_client.get(url)
    assert len(response.context["cl"].result_list) == 12


def test_official_member_page_counts_its_contributions_in_one_query_per_app(
    client, django_assert_num_queries
):
    organisation = _member("Sistema Vimercatese")
    _give(organisation)

    # Organisation, then for its kept profile its tier and hours, systems, its practices, its
    # documents, the competences it offers, its events, and one query per app's figures.
    with django_assert_num_queries(10):
        client.get(organisation.get_absolute_url())
