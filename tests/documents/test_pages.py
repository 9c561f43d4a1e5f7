"""The list and detail pages: filters, ordering, pagination, superseded documents, the sections
other pages show, and the number of queries whatever the number of documents."""

import pytest
from django.urls import reverse

from documents import actions
from members.access import AccessLevel
from tests.documents.factories import make_document, sample_file
from tests.factories import OrganisationFactory
from tests.pages import browsers

pytestmark = pytest.mark.django_db


def titles(response):
    return [document.title for document in response.context["page_obj"]]


def test_filters_narrow_the_list_and_make_a_shareable_address(client):
    lecco = OrganisationFactory(name="Sistema bibliotecario Lecchese", slug="lecchese")
    make_document(lecco, title="Convenzione di Lecco", kind="agreement", is_template=False)
    make_document(title="Modulo di iscrizione", kind="template", file_format="odt")
    make_document(title="Bando di concorso", kind="recruitment-call", level="registered")
    url = reverse("documents:document-list")
    assert titles(client.get(url, {"kind": "agreement"})) == ["Convenzione di Lecco"]
    assert titles(client.get(url, {"organisation": "lecchese"})) == ["Convenzione di Lecco"]
    assert titles(client.get(url, {"format": "odt"})) == ["Modulo di iscrizione"]
    assert titles(client.get(url, {"access": "registered"})) == ["Bando di concorso"]
    assert "Convenzione di Lecco" not in titles(client.get(url, {"templates": "on"}))
    assert titles(client.get(url, {"year": "2024", "kind": "template"})) == ["Modulo di iscrizione"]


def test_orderings_by_title_and_by_downloads(client):
    first = make_document(title="Accordo con le scuole")
    make_document(title="Zonizzazione dei servizi")
    popular = make_document(title="Modulo di prestito")
    for _ in range(3):
        actions.record_download(version=popular.current_version)
    url = reverse("documents:document-list")
    assert titles(client.get(url, {"order": "title"}))[0] == first.title
    assert titles(client.get(url, {"order": "downloads"}))[0] == "Modulo di prestito"


def test_a_superseded_document_points_to_its_replacement_and_ranks_below(client, staff):
    old = make_document(title="Capitolato tipo per servizi bibliotecari 2016")
    new = make_document(title="Capitolato tipo per servizi bibliotecari 2023")
    actions.mark_superseded(document=old, by=staff, replacement=new, note="d.lgs. 50/2016 abrogato")
    page = client.get(old.get_absolute_url())
    assert "Questo documento è stato sostituito da" in page.text
    assert new.get_absolute_url() in page.text
    assert "d.lgs. 50/2016 abrogato" in page.text
    found = titles(client.get(reverse("documents:document-list"), {"q": "capitolato tipo"}))
    assert found == [new.title, old.title]
    assert old.title in client.get(new.get_absolute_url()).text  # "It replaces"


def test_a_replacement_kept_for_a_member_is_not_named_to_someone_below_its_level(
    staff, official_referent, base_user
):
    old = make_document(title="Regolamento del prestito 2019")
    new = make_document(title="Regolamento del prestito 2025", level=AccessLevel.MEMBER)
    actions.mark_superseded(document=old, by=staff, replacement=new)
    member, registered = browsers(official_referent, base_user)

    assert new.get_absolute_url() in member.get(old.get_absolute_url()).text
    page = registered.get(old.get_absolute_url()).text
    assert "Questo documento è stato sostituito da uno più recente." in page
    assert new.get_absolute_url() not in page


def test_an_empty_library_says_so(client):
    response = client.get(reverse("documents:document-list"))
    assert "Nessun documento è stato ancora condiviso." in response.text
    filtered = client.get(reverse("documents:document-list"), {"q": "inesistente"})
    assert "Nessun documento corrisponde a questi filtri" in filtered.text


def test_the_list_paginates_and_a_page_past_the_end_shows_the_last(client):
    organisation = OrganisationFactory()
    for number in range(14):
        make_document(organisation, title=f"Documento {number:02}", file_format="txt")
    url = reverse("documents:document-list")
    assert len(titles(client.get(url))) == 12
    assert len(titles(client.get(url, {"page": "99"}))) == 2


@pytest.mark.parametrize("person", ["visitor", "official_referent", "staff"])
def test_the_list_runs_the_same_queries_for_few_or_many_documents(
    client, request, django_assert_num_queries, person
):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))
    organisation = OrganisationFactory()
    for number in range(13):
        make_document(
            organisation,
            title=f"Regolamento {number}",
            file_format="txt",
            level=[AccessLevel.PUBLIC, AccessLevel.MEMBER][number % 2],
        )
    queries = {"visitor": 4, "official_referent": 8, "staff": 7}[person]
    with django_assert_num_queries(queries):
        client.get(reverse("documents:document-list"), {"q": "regolamento", "kind": "regulation"})


@pytest.mark.parametrize("person", ["visitor", "official_referent", "staff"])
def test_the_detail_page_runs_a_constant_number_of_queries(
    client, request, django_assert_num_queries, person
):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))
    organisation = OrganisationFactory()
    related = [make_document(organisation, file_format="txt") for _ in range(3)]
    document = make_document(organisation, related=related)
    for number in range(3):
        actions.add_version(
            document=document,
            by=organisation.referents().first(),
            file=sample_file("txt", f"versione {number}"),
            change_note=f"Modifica {number}",
            personal_data_removed=True,
        )
    # The document, then for its kept fragments the row with its organisation, region and
    # files, the versions, related documents, what it replaces, themes and tags; for a logged-in
    # person, the session and their roles and tier too.
    queries = {"visitor": 7, "official_referent": 11, "staff": 9}[person]
    with django_assert_num_queries(queries):
        response = client.get(document.get_absolute_url())
    assert len(response.context["versions"]) == 4
    assert len(response.context["related"]) == 3
    # Again: a visitor's whole page is kept; anyone else's costs the document alone.
    with django_assert_num_queries(0 if person == "visitor" else 1):
        client.get(document.get_absolute_url())


def test_the_organisation_page_lists_its_documents_and_counts_them(client, official_referent):
    organisation = official_referent.roles.get().organisation
    make_document(organisation, title="Convenzione con le scuole")
    make_document(organisation, title="Regolamento riservato", level=AccessLevel.PACKAGE)
    client.force_login(official_referent)
    page = client.get(organisation.get_absolute_url())
    assert "Convenzione con le scuole" in page.text
    assert "Regolamento riservato" in page.text
    assert "Documenti condivisi" in page.text
    assert page.context["organisation"].pk == organisation.pk


def test_the_home_page_shows_the_newest_documents(client):
    make_document(title="Linee guida per lo scarto")
    response = client.get(reverse("portal:home"))
    assert "Documenti più recenti" in response.text
    assert "Linee guida per lo scarto" in response.text


def test_the_header_leads_to_the_library(client):
    response = client.get(reverse("portal:home"))
    assert f'href="{reverse("documents:document-list")}"' in response.text
