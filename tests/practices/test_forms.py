"""Drafting, editing, submitting with consent and attaching files, through the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import ServiceArea
from portal.lib.samples import odt_bytes, pdf_bytes
from practices.models import Practice
from tests.practices.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def _organisation(user):
    return user.roles.get().organisation


def _form_data(**overrides):
    return {
        "kind": "practice",
        "title": "Biblioteche in piazza",
        "summary": "Prestito all'aperto nei mercati settimanali.",
        "body": "Ogni sabato un banco della biblioteca al mercato.",
        "themes": [ServiceArea.objects.first().pk],
        "audiences": ["adults", "seniors"],
        "licence": "cc-by-4.0",
        "tags": "mercato, prestito",
        "links": "https://example.org/piazza",
        **overrides,
    }


def test_referent_drafts_a_practice_through_the_form(client, official_referent):
    organisation = _organisation(official_referent)
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:practice-create"), {"organisation": organisation.pk, **_form_data()}
    )

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert practice.organisation == organisation
    assert practice.status == Practice.Status.DRAFT
    assert practice.audiences == ["adults", "seniors"]
    assert sorted(practice.tags.names()) == ["mercato", "prestito"]


def test_referent_cannot_draft_for_an_organisation_they_do_not_manage(
    client, official_referent, other_referent
):
    client.force_login(official_referent)
    other = _organisation(other_referent)

    response = client.post(
        reverse("practices:practice-create"), {"organisation": other.pk, **_form_data()}
    )

    assert response.status_code == 200
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Questo campo è obbligatorio."),
        ({"links": "non un indirizzo"}, "links", "non un indirizzo"),
        (
            {"started_on": "2024-05-01", "ended_on": "2024-01-01"},
            "ended_on",
            "La fine viene prima dell\u2019inizio.",
        ),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, official_referent, overrides, field, message
):
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:practice-create"),
        {"organisation": _organisation(official_referent).pk, **_form_data(**overrides)},
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in str(response.context["form"].errors[field])
    assert "Ogni sabato un banco della biblioteca al mercato." in response.text
    assert not Practice.objects.exists()


def test_submitting_without_consent_keeps_the_draft(client, official_referent):
    practice = PracticeFactory(organisation=_organisation(official_referent), draft=True)
    client.force_login(official_referent)

    response = client.post(reverse("practices:practice-submit", args=[practice.slug]), follow=True)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert "Conferma il consenso" in response.text


def test_submitting_with_consent_sends_it_for_review(client, official_referent, staff, mailoutbox):
    practice = PracticeFactory(organisation=_organisation(official_referent), draft=True)
    client.force_login(official_referent)

    client.post(reverse("practices:practice-submit", args=[practice.slug]), {"consent": "on"})

    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


def test_editing_a_published_practice_opens_a_revision(client, official_referent):
    practice = PracticeFactory(organisation=_organisation(official_referent), title="Originale")
    client.force_login(official_referent)

    assert client.get(reverse("practices:practice-edit", args=[practice.slug])).status_code == 302
    response = client.post(reverse("practices:practice-revise", args=[practice.slug]))

    revision = practice.revisions.get()
    assert response["Location"] == reverse("practices:practice-edit", args=[revision.slug])
    assert revision.title == "Originale"
    assert revision.status == Practice.Status.DRAFT


@pytest.mark.parametrize(
    ("name", "content"),
    [("scheda.pdf", pdf_bytes()), ("modulo.odt", odt_bytes())],
)
def test_referent_attaches_a_real_file_with_a_caption(client, official_referent, name, content):
    practice = PracticeFactory(organisation=_organisation(official_referent), draft=True)
    client.force_login(official_referent)

    client.post(
        reverse("practices:attachment-manage", args=[practice.slug]),
        {"file": SimpleUploadedFile(name, content), "caption": "Materiale riutilizzabile"},
    )

    attachment = practice.attachments.get()
    assert attachment.original_name == name
    assert attachment.caption == "Materiale riutilizzabile"
    assert not attachment.file.name.endswith(name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("finto.pdf", b"MZ\x90\x00 un eseguibile"),
        ("pagina.html", b"<html><script>alert(1)</script></html>"),
        ("foto.png", pdf_bytes()),
    ],
)
def test_file_whose_content_or_type_is_not_accepted_is_refused(
    client, official_referent, name, content
):
    practice = PracticeFactory(organisation=_organisation(official_referent), draft=True)
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:attachment-manage", args=[practice.slug]),
        {"file": SimpleUploadedFile(name, content), "caption": "Prova"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not practice.attachments.exists()


def test_file_over_the_size_limit_is_refused(client, official_referent, settings, monkeypatch):
    monkeypatch.setattr("practices.models.ATTACHMENT_MAX_BYTES", 10)
    practice = PracticeFactory(organisation=_organisation(official_referent), draft=True)
    client.force_login(official_referent)
    field = practice.attachments.model._meta.get_field("file")
    monkeypatch.setattr(field.validators[0], "max_bytes", 100)

    response = client.post(
        reverse("practices:attachment-manage", args=[practice.slug]),
        {"file": SimpleUploadedFile("scheda.pdf", pdf_bytes()), "caption": "Troppo grande"},
    )

    assert "il limite è" in str(response.context["form"].errors["file"])
    assert not practice.attachments.exists()


def test_attachments_of_a_submitted_practice_cannot_change(client, official_referent):
    practice = PracticeFactory(organisation=_organisation(official_referent), submitted=True)
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:attachment-manage", args=[practice.slug]),
        {"file": SimpleUploadedFile("scheda.pdf", pdf_bytes()), "caption": "Tardi"},
    )

    assert response.status_code == 200
    assert not practice.attachments.exists()


def test_a_tag_too_long_to_store_is_refused_next_to_the_field(client, official_referent):
    organisation = _organisation(official_referent)
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:practice-create"),
        {"organisation": organisation.pk, **_form_data(tags="mercato, " + "x" * 150)},
    )

    assert response.status_code == 200
    assert "tags" in response.context["form"].errors
    assert "Biblioteche in piazza" in response.text
    assert not Practice.objects.exists()


def test_the_edit_page_shows_the_practices_tags(client, official_referent):
    practice = PracticeFactory(
        organisation=_organisation(official_referent), draft=True, tags=["ad alta voce", "scuole"]
    )
    client.force_login(official_referent)

    response = client.get(reverse("practices:practice-edit", args=[practice.slug]))

    assert response.status_code == 200
    assert 'value="&quot;ad alta voce&quot;, scuole"' in response.content.decode()
