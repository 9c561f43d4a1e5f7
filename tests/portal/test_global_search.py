"""The header's search: everything a person may see, grouped by type, each group counted and
linked to its own list filtered by the same words."""

import re
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import AccessLevel
from portal.search import SOURCES
from tests.documents.factories import make_document
from tests.factories import OrganisationFactory
from tests.practices.factories import PracticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

SECRET = "Clausola riservata sul comodato dei locali"


def search(client, **params):
    return client.get(reverse("portal:search"), params).content.decode()


def group_heading(html, slug):
    """The text of a group's heading, such as "Buone pratiche (12)"."""
    match = re.search(rf'<h2 id="tipo-{slug}-title"[^>]*>(.*?)</h2>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).split() if match else None


def test_each_group_says_how_many_results_it_has_and_links_to_its_list(visitor):
    for number in range(12):
        PracticeFactory(title=f"Letture ad alta voce {number}")

    html = search(visitor, q="letture voce")

    assert group_heading(html, "pratiche") == ["Buone", "pratiche", "(12)"]
    assert len(re.findall(r'href="/buone-pratiche/pratica-\d+/"', html)) == 10
    assert 'href="/buone-pratiche/?q=letture+voce"' in html
    assert "Vedi tutti i 12 risultati in Buone pratiche" in html
    assert "12 risultati per «letture voce»" in html


def test_every_list_with_a_search_is_linked_with_the_same_words(visitor):
    OrganisationFactory(name="Biblioteca civica del Melograno")
    PracticeFactory(title="Il melograno in biblioteca")
    make_document(title="Convenzione del Melograno")
    SupplierFactory(name="Cooperativa Il Melograno")

    html = search(visitor, q="melograno")

    assert 'href="/organizzazioni/?q=melograno"' in html
    assert 'href="/buone-pratiche/?q=melograno"' in html
    assert 'href="/documenti/?q=melograno"' in html
    assert 'href="/fornitori/?q=melograno"' in html
    # Jump links to each group.
    for slug in ("organizzazioni", "pratiche", "documenti", "fornitori"):
        assert f'href="#tipo-{slug}"' in html
        assert f'id="tipo-{slug}"' in html


def test_a_group_with_every_result_shown_still_links_to_its_list(visitor):
    SupplierFactory(name="Cooperativa Il Melograno")

    html = search(visitor, q="melograno")

    assert "Apri questi risultati in Fornitori" in html
    assert "Vedi tutti" not in html


def test_an_organisation_says_what_and_where_it_is(visitor):
    OrganisationFactory(name="Biblioteca civica di Cantù", kind="library", municipality="Cantù")

    html = search(visitor, q="cantu")

    assert "Biblioteca · Cantù" in html


def test_the_type_filter_shows_only_that_type_and_more_of_it(visitor):
    for number in range(14):
        PracticeFactory(title=f"Bibliobus di valle {number}")
    SupplierFactory(name="Bibliobus allestimenti")

    html = search(visitor, q="bibliobus", tipo="pratiche")

    assert len(re.findall(r'href="/buone-pratiche/pratica-\d+/"', html)) == 14
    assert "Bibliobus allestimenti" not in html
    assert "14 risultati per «bibliobus» tra Buone pratiche" in html
    assert '<option value="pratiche" selected>' in html
    assert 'value="bibliobus"' in html
    assert 'href="?q=bibliobus"' in html  # back to every type


def test_an_unknown_type_searches_everything(visitor):
    SupplierFactory(name="Bibliobus allestimenti")

    html = search(visitor, q="bibliobus", tipo="astronavi")

    assert "Bibliobus allestimenti" in html


def test_a_type_with_no_match_says_so_and_offers_everything(visitor):
    SupplierFactory(name="Bibliobus allestimenti")

    html = search(visitor, q="bibliobus", tipo="documenti")

    assert "Nessun risultato" in html
    assert "Nessun risultato tra Documenti per «bibliobus»." in html
    assert 'href="?q=bibliobus"' in html


def test_services_with_more_results_than_shown_link_to_the_services_alone(
    visitor, reference_data, monkeypatch
):
    # The catalogue's page lists every service, with no search of its own.
    shown = [
        replace(source, limit=1) if source.name == "services" else source for source in SOURCES
    ]
    monkeypatch.setattr("portal.search.SOURCES", shown)

    html = search(visitor, q="biblioteca")

    assert 'href="/cerca/?q=biblioteca&amp;tipo=servizi"' in html
    alone = search(visitor, q="biblioteca", tipo="servizi")
    assert "tipo=servizi" not in alone.split('id="tipo-servizi"')[1]


def test_counts_stop_at_the_bound_and_say_more(visitor, monkeypatch):
    monkeypatch.setattr("portal.search.COUNT_CAP", 12)
    for number in range(14):
        PracticeFactory(title=f"Letture in giardino {number}")

    html = search(visitor, q="giardino")

    assert group_heading(html, "pratiche") == ["Buone", "pratiche", "(12+)"]
    assert "Più di 12 risultati per «giardino»" in html
    assert "Vedi più di 12 risultati in Buone pratiche" in html


def test_a_member_document_text_never_matches_for_a_visitor_nor_changes_their_count(
    official_referent,
):
    make_document(title="Capitolato per i locali", level=AccessLevel.MEMBER, text=SECRET)
    make_document(title="Convenzione pubblica", description="Sul comodato dei locali")
    member = Client()
    member.force_login(official_referent)
    visitor = Client()

    # The member searches first: what they found is kept for their access level only.
    members_page = search(member, q="comodato")
    visitors_page = search(visitor, q="comodato")

    assert group_heading(members_page, "documenti") == ["Documenti", "(2)"]
    assert "Capitolato per i locali" in members_page
    assert group_heading(visitors_page, "documenti") == ["Documenti", "(1)"]
    assert "Capitolato per i locali" not in visitors_page
    assert "Convenzione pubblica" in visitors_page
    assert "1 risultato per «comodato»" in visitors_page
    # And the other way round: the visitor's results never stand in for the member's.
    assert "Capitolato per i locali" in search(member, q="comodato")


def test_results_stored_for_a_member_never_reach_a_person_below_their_level(
    official_referent, base_user
):
    make_document(title="Capitolato per i locali", level=AccessLevel.MEMBER, text=SECRET)
    member, below = Client(), Client()
    member.force_login(official_referent)
    below.force_login(base_user)  # logging in saves the person: both before searching

    assert "Capitolato per i locali" in search(member, q="comodato")
    assert "Capitolato per i locali" not in search(below, q="comodato")


def test_a_member_document_found_by_its_title_shows_no_words_of_its_text_to_a_visitor(visitor):
    make_document(title="Capitolato del comodato", level=AccessLevel.MEMBER, text=SECRET)

    html = search(visitor, q="comodato")

    assert "Capitolato del comodato" in html
    assert "Clausola riservata" not in html
    assert "<mark>" not in html


def test_the_search_page_keeps_what_was_typed(visitor):
    html = search(visitor, q="ornitorinco")

    assert 'value="ornitorinco"' in html
    assert '<option value="" selected>' not in html
    assert "Nessun risultato" in html


def test_the_search_page_runs_a_bounded_number_of_queries(visitor, django_assert_num_queries):
    for number in range(12):
        PracticeFactory(title=f"Letture ad alta voce {number}")
        make_document(title=f"Letture consigliate {number}")
        SupplierFactory(name=f"Letture animate {number}")
        OrganisationFactory(name=f"Biblioteca delle letture {number}")
    # Per group: its results, and its count since it has more than it shows. Practices and
    # suppliers ask before each whether any row matches the words (or only similar ones);
    # services, news and events ask it once and read their results only (fewer than shown).
    with django_assert_num_queries(18):
        html = search(visitor, q="letture")
    assert html.count("Vedi tutti i 12 risultati") == 4
    # The same words again: from the cache.
    with django_assert_num_queries(0):
        search(Client(), q="letture")
