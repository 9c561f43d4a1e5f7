"""Sharing a document and its versions: checksums, the default download, older versions, counts,
and the confirmations the referent gives."""

import hashlib

import pytest
from django.urls import reverse

from documents import actions
from documents.models import DocumentVersion
from portal.lib.samples import pdf_bytes
from tests.documents.factories import make_document, sample_file
from tests.factories import MembershipFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent(db):
    membership = MembershipFactory(organisation__name="Sistema bibliotecario Vimercatese")
    return RoleFactory(organisation=membership.organisation).user


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_a_referent_shares_a_document_from_the_form(client, referent, committing):
    organisation = referent.roles.get().organisation
    client.force_login(referent)
    file = sample_file("pdf", "Regolamento del prestito\fArt. 7 - Comodato dei locali")
    with committing():
        response = client.post(
            reverse("documents:document-create"),
            {
                "organisation": organisation.pk,
                "file": file,
                "title": "Regolamento del prestito",
                "kind": "regulation",
                "description": "Il testo *approvato* nel 2024.",
                "language": "it",
                "licence": "cc-by-4.0",
                "access_level": "registered",
                "tags": "prestito, regolamento",
                "personal_data_removed": "on",
            },
        )
        # The upload answers before the file is read; the page says the reading is pending.
        pending = organisation.documents.get()
        assert pending.current_version.text_status == "pending"
        assert "ancora in lettura" in client.get(pending.get_absolute_url()).text
    document = organisation.documents.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    version = document.current_version
    assert version.number == 1
    assert version.format == "pdf"
    file.seek(0)
    content = file.read()
    assert version.size == len(content)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.uploaded_by == referent
    assert "Comodato dei locali" in version.text
    page = client.get(document.get_absolute_url())
    assert version.sha256 in page.text
    assert "Il testo <em>approvato</em> nel 2024." in page.text


def test_the_form_keeps_what_was_typed_when_the_confirmation_is_missing(client, referent):
    organisation = referent.roles.get().organisation
    client.force_login(referent)
    response = client.post(
        reverse("documents:document-create"),
        {
            "organisation": organisation.pk,
            "file": sample_file("pdf"),
            "title": "Convenzione per il prestito interbibliotecario",
            "kind": "agreement",
            "description": "Testo condiviso tra dodici Comuni.",
            "language": "it",
            "licence": "public-act",
            "access_level": "public",
        },
    )
    assert response.status_code == 200
    assert "Conferma di aver rimosso i dati personali" in response.text
    assert 'value="Convenzione per il prestito interbibliotecario"' in response.text
    assert "Testo condiviso tra dodici Comuni." in response.text
    assert not organisation.documents.exists()


def test_a_new_version_becomes_the_download_and_the_old_one_stays(client, base_user, committing):
    document = make_document(text="Prima stesura del regolamento")
    referent = document.organisation.referents().first()
    client.force_login(referent)
    second = pdf_bytes(pages=["Seconda stesura del regolamento"])
    with committing():
        response = client.post(
            reverse("documents:version-add", args=[document.slug]),
            {
                "file": sample_file("pdf", "Seconda stesura del regolamento", name="v2.pdf"),
                "change_note": "Corretto l'articolo 4",
                "personal_data_removed": "on",
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version.number == 2
    assert document.current_version.sha256 == hashlib.sha256(second).hexdigest()

    client.force_login(base_user)
    page = client.get(document.get_absolute_url())
    assert "Corretto l&#x27;articolo 4" in page.text
    assert "Testo approvato" in page.text  # version 1's note, still listed
    latest, content = download(client, reverse("documents:document-download", args=[document.slug]))
    assert content == second
    assert latest["Content-Disposition"].startswith("attachment")
    assert latest["X-Content-Type-Options"] == "nosniff"
    _, old = download(client, reverse("documents:version-download", args=[document.slug, 1]))
    assert b"Prima stesura" in old
    # Search now reads the new text.
    listing = client.get(reverse("documents:document-list"), {"q": "seconda stesura"})
    assert document.title in listing.text


def test_a_version_needs_a_change_note(client):
    document = make_document()
    client.force_login(document.organisation.referents().first())
    response = client.post(
        reverse("documents:version-add", args=[document.slug]),
        {"file": sample_file("pdf"), "personal_data_removed": "on"},
    )
    assert response.status_code == 200
    assert "Questo campo è obbligatorio" in response.text
    assert document.versions.count() == 1


def test_downloads_are_counted_per_version_and_per_document(client):
    document = make_document()
    url = reverse("documents:document-download", args=[document.slug])
    download(client, url)
    download(client, url)
    download(client, reverse("documents:version-download", args=[document.slug, 1]))
    document.refresh_from_db()
    assert document.download_count == 3
    assert document.versions.get().download_count == 3
    page = client.get(document.get_absolute_url())
    assert "scaricato 3 volte" in page.text


def test_the_download_is_named_after_the_document_not_the_uploaded_file(client):
    document = make_document(title='Regolamento "prestito" <2024>')
    response, _ = download(client, reverse("documents:document-download", args=[document.slug]))
    disposition = response["Content-Disposition"]
    assert "Regolamento _prestito_ _2024_ v1.pdf" in disposition
    stored = document.current_version.file.name
    assert stored.startswith("documents/")
    assert "prestito" not in stored


def test_only_referents_add_versions(other_referent, refused):
    document = make_document()
    with refused("not_a_referent"):
        actions.add_version(
            document=document,
            by=other_referent,
            file=sample_file("pdf"),
            change_note="Nuova",
            personal_data_removed=True,
        )
    assert DocumentVersion.objects.filter(document=document).count() == 1
