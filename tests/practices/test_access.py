"""Who sees and changes which practice: drafts are a 404 to everyone but their organisation's
referents and staff; only those referents edit."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.lib.samples import png_bytes
from tests.pages import assert_refused
from tests.practices.factories import AttachmentFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(official_referent):
    organisation = official_referent.roles.get().organisation
    published = PracticeFactory(organisation=organisation, slug="pubblicata")
    draft = PracticeFactory(organisation=organisation, slug="bozza", draft=True)
    AttachmentFactory(practice=published)
    AttachmentFactory(practice=draft)
    return {"published": published, "draft": draft}


def _url(name, practice, *args):
    return reverse(f"practices:{name}", args=[practice.slug, *args])


PEOPLE = ["visitor", "base_user", "other_referent", "official_referent", "staff"]

# (page, practice, expected status for each person in PEOPLE)
MATRIX = [
    ("practice-detail", "published", [200, 200, 200, 200, 200]),
    ("practice-detail", "draft", [404, 404, 404, 200, 200]),
    ("practice-edit", "draft", [302, 404, 404, 200, 200]),
    ("practice-edit", "published", [302, 403, 403, 302, 302]),
    ("attachment-manage", "draft", [302, 404, 404, 200, 200]),
    ("attachment-manage", "published", [302, 403, 403, 200, 200]),
    ("practice-revise", "published", [302, 403, 403, 200, 200]),
    ("practice-delete", "draft", [302, 404, 404, 200, 200]),
]


@pytest.mark.parametrize(
    ("page", "which", "person", "expected"),
    [
        pytest.param(page, which, person, status, id=f"{page}-{which}-{person}")
        for page, which, statuses in MATRIX
        for person, status in zip(PEOPLE, statuses, strict=True)
    ],
)
def test_access_matrix(client, request, practices, page, which, person, expected):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))

    response = client.get(_url(page, practices[which]))

    assert response.status_code == expected
    if expected == 403:
        organisation = practices[which].organisation
        assert_refused(
            response,
            f"Solo i referenti di {organisation.name} possono modificarne le pratiche",
            reverse("members:role-request", args=[organisation.slug]),
        )


@pytest.mark.parametrize(
    ("person", "expected"),
    [("visitor", 404), ("other_referent", 404), ("official_referent", 200), ("staff", 200)],
)
def test_draft_attachment_downloads_only_for_its_organisation(
    client, request, practices, person, expected
):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))
    attachment = practices["draft"].attachments.get()

    response = client.get(_url("attachment-download", practices["draft"], attachment.pk))

    assert response.status_code == expected


def test_attachment_is_always_a_download_never_inline(client, practices):
    attachment = practices["published"].attachments.get()

    response = client.get(_url("attachment-download", practices["published"], attachment.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="scheda.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_attachment_id_of_another_practice_is_a_404(client, practices):
    other = AttachmentFactory()

    response = client.get(_url("attachment-download", practices["published"], other.pk))

    assert response.status_code == 404


def test_other_referent_cannot_submit_or_delete_a_draft_they_cannot_see(
    client, other_referent, practices
):
    client.force_login(other_referent)

    assert (
        client.post(_url("practice-submit", practices["draft"]), {"consent": "on"}).status_code
        == 404
    )
    assert client.post(_url("practice-delete", practices["draft"])).status_code == 404
    practices["draft"].refresh_from_db()
    assert practices["draft"].status == "draft"


def test_draft_is_missing_from_the_list_the_search_and_the_feed(client, practices):
    practices["draft"].title = "Bozza segretissima"
    practices["draft"].save()

    assert "Bozza segretissima" not in client.get(reverse("practices:practice-list")).text
    assert (
        "Bozza segretissima"
        not in client.get(reverse("practices:practice-list"), {"q": "segretissima"}).text
    )
    assert "Bozza segretissima" not in client.get(reverse("portal:search"), {"q": "bozza"}).text
    assert "Bozza segretissima" not in client.get(reverse("practices:practice-feed-rss")).text


def test_referents_find_their_drafts_on_their_page(client, official_referent, practices):
    client.force_login(official_referent)

    response = client.get(reverse("practices:practice-mine"))

    assert practices["draft"].title in response.text
    assert practices["published"].title in response.text


def test_a_person_without_an_organisation_cannot_open_the_new_practice_form(client, base_user):
    client.force_login(base_user)

    response = client.get(reverse("practices:practice-create"))

    assert_refused(response, reverse("members:organisation-list"))


def test_cover_image_is_shown_on_the_page_and_hidden_with_its_draft(client, practices):
    for practice in practices.values():
        practice.cover.save("copertina.png", ContentFile(png_bytes(1)))

    page = client.get(practices["published"].get_absolute_url())
    cover = client.get(_url("practice-cover", practices["published"]))

    assert _url("practice-cover", practices["published"]) in page.text
    assert cover.status_code == 200
    assert b"".join(cover.streaming_content).startswith(b"\x89PNG")
    assert client.get(_url("practice-cover", practices["draft"])).status_code == 404
