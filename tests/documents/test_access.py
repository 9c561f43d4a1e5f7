"""Who may see, open and download which document: every kind of person against every level,
from the outside, through the pages and the direct download addresses."""

import pytest
from django.urls import reverse

from documents import actions
from members.access import AccessLevel
from tests.documents.factories import make_document, sample_file
from tests.people import OPENS, PEOPLE

SECRET = "Clausola riservata sul comodato dei locali"


@pytest.fixture
def login(client, request):
    def as_person(name):
        if name != "visitor":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_person


@pytest.mark.django_db
@pytest.mark.parametrize("level", list(AccessLevel))
@pytest.mark.parametrize("person", PEOPLE)
def test_each_person_opens_exactly_the_levels_they_reach(login, person, level):
    document = make_document(level=level, text=SECRET)
    client = login(person)
    page = client.get(document.get_absolute_url())
    download = client.get(reverse("documents:document-download", args=[document.slug]))
    version = client.get(reverse("documents:version-download", args=[document.slug, 1]))
    if person in OPENS[level]:
        assert page.status_code == 200
        assert "Il regolamento <strong>approvato</strong>" in page.text
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert version.status_code == 200
    else:
        for response in (page, download, version):
            assert response.status_code == 403
            assert "Contenuto riservato" in response.text
            assert document.title in response.text
            assert "approvato" not in response.text
            assert not response.has_header("Content-Disposition")


@pytest.mark.django_db
def test_a_hidden_document_is_404_for_everyone_but_staff(client, base_user, staff):
    document = make_document()
    actions.hide_document(document=document, by=staff, reason="Dati personali nel file")
    url = document.get_absolute_url()
    download = reverse("documents:document-download", args=[document.slug])
    assert client.get(url).status_code == 404
    assert client.get(download).status_code == 404
    client.force_login(base_user)
    assert client.get(url).status_code == 404
    # Its own referent does not see it on the site either: the e-mail told them why.
    client.force_login(document.organisation.referents().first())
    assert client.get(url).status_code == 404
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200
    assert "Dati personali nel file" in page.text


@pytest.mark.django_db
def test_a_hidden_version_cannot_be_downloaded_by_its_number(client, base_user, staff):
    document = make_document()
    actions.add_version(
        document=document,
        by=document.organisation.referents().first(),
        file=sample_file("txt", "v2"),
        change_note="Seconda stesura",
        personal_data_removed=True,
    )
    second = document.versions.get(number=2)
    actions.hide_version(version=second, by=staff, reason="Contiene una firma")
    client.force_login(base_user)
    hidden = reverse("documents:version-download", args=[document.slug, 2])
    assert client.get(hidden).status_code == 404
    # The default download falls back to the newest version still shown.
    response = client.get(reverse("documents:document-download", args=[document.slug]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    page = client.get(document.get_absolute_url())
    assert "Seconda stesura" not in page.text


@pytest.mark.django_db
def test_a_restricted_document_lists_its_title_but_never_its_words_to_a_visitor(client):
    make_document(title="Capitolato per la catalogazione", level=AccessLevel.MEMBER, text=SECRET)
    listing = client.get(reverse("documents:document-list"))
    assert "Capitolato per la catalogazione" in listing.text
    assert "Organizzazioni aderenti" in listing.text
    # A word only inside the file finds nothing for someone who may not read it.
    searched = client.get(reverse("documents:document-list"), {"q": "comodato"})
    assert "Capitolato per la catalogazione" not in searched.text
    assert "Clausola riservata" not in searched.text
    assert "<mark>" not in searched.text
    # The title still finds it, with no snippet of its text.
    by_title = client.get(reverse("documents:document-list"), {"q": "catalogazione"})
    assert "Capitolato per la catalogazione" in by_title.text
    assert "<mark>" not in by_title.text
    everywhere = client.get(reverse("portal:search"), {"q": "comodato"})
    assert "Capitolato per la catalogazione" not in everywhere.text


@pytest.mark.django_db
def test_a_member_finds_a_member_document_by_a_word_inside_its_file(client, official_referent):
    make_document(title="Capitolato per la catalogazione", level=AccessLevel.MEMBER, text=SECRET)
    client.force_login(official_referent)
    searched = client.get(reverse("documents:document-list"), {"q": "comodato"})
    assert "Capitolato per la catalogazione" in searched.text
    assert "<mark>comodato</mark>" in searched.text
    everywhere = client.get(reverse("portal:search"), {"q": "comodato"})
    assert "Capitolato per la catalogazione" in everywhere.text


@pytest.mark.django_db
def test_the_feeds_hold_only_public_documents(client):
    make_document(title="Convenzione pubblica", description="Testo libero")
    make_document(title="Regolamento per i soci", level=AccessLevel.MEMBER, description="Riservato")
    make_document(title="Modulo per gli iscritti", level=AccessLevel.REGISTERED)
    for name in ("documents:document-feed-rss", "documents:document-feed-atom"):
        feed = client.get(reverse(name))
        assert feed.status_code == 200
        assert "Convenzione pubblica" in feed.text
        assert "Regolamento per i soci" not in feed.text
        assert "Modulo per gli iscritti" not in feed.text
        assert "Riservato" not in feed.text


@pytest.mark.django_db
def test_only_referents_of_the_organisation_edit_its_document(client, other_referent, staff):
    document = make_document(level=AccessLevel.PUBLIC)
    edit = reverse("documents:document-edit", args=[document.slug])
    version = reverse("documents:version-add", args=[document.slug])
    client.force_login(other_referent)
    for url in (edit, version):
        response = client.get(url)
        assert response.status_code == 403
        assert document.organisation.name in response.text
    client.force_login(document.organisation.referents().first())
    assert client.get(edit).status_code == 200
    assert client.get(version).status_code == 200
    client.force_login(staff)
    assert client.get(edit).status_code == 200
