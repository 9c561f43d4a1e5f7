"""Organisations' logos: a thumbnail made once on upload, shown on the organisation's page and
its card in the directory with the organisation's name as its text."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from members.actions.organisations import LOGO_THUMBNAIL_SIZE
from members.models import Organisation
from portal.lib.samples import logo_png
from tests.factories import OrganisationFactory, RoleFactory, UserFactory
from tests.pages import admin_form_data

pytestmark = pytest.mark.django_db


def _edit(client, organisation, **changes):
    data = {
        name: getattr(organisation, name) for name in Organisation.EDITABLE_FIELDS if name != "logo"
    }
    return client.post(
        reverse("members:organisation-edit", args=[organisation.slug]), {**data, **changes}
    )


def _logo_upload(width=1200, height=800, name="logo.png"):
    return SimpleUploadedFile(name, logo_png("SBV", size=(width, height)), content_type="image/png")


def _logo_images(html):
    return re.findall(r'<img class="organisation-logo[^"]*" src="([^"]+)" alt="([^"]*)"', html)


def _served_size(client, url):
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(content)) as image:
        return image.format, image.size, len(content)


def _referent(client, organisation):
    person = RoleFactory(organisation=organisation).user
    client.force_login(person)
    return person


def test_uploaded_logo_is_shown_as_a_small_thumbnail_with_the_organisation_name(client):
    organisation = OrganisationFactory(name="Sistema Bibliotecario Vimercatese")
    _referent(client, organisation)

    _edit(client, organisation, logo=_logo_upload(1200, 800))

    page = client.get(organisation.get_absolute_url()).content.decode()
    logo_url = reverse("members:organisation-logo", args=[organisation.slug])
    assert _logo_images(page) == [(logo_url, escape("Sistema Bibliotecario Vimercatese"))]
    image_format, size, length = _served_size(client, logo_url)
    assert image_format == "PNG"
    # The proportions of the original, within the thumbnail's square: not the 1200 by 800 file.
    assert size == (LOGO_THUMBNAIL_SIZE, LOGO_THUMBNAIL_SIZE * 2 // 3)
    organisation.refresh_from_db()
    assert length < organisation.logo.size


def test_directory_card_shows_the_logo_thumbnail(client):
    with_logo = OrganisationFactory(name="Rete Documentaria Senese")
    OrganisationFactory(name="Sistema senza logo")
    _referent(client, with_logo)
    _edit(client, with_logo, logo=_logo_upload())
    client.logout()

    html = client.get(reverse("members:organisation-list")).content.decode()

    assert _logo_images(html) == [
        (reverse("members:organisation-logo", args=[with_logo.slug]), "Rete Documentaria Senese")
    ]


def test_small_logo_is_not_enlarged(client):
    organisation = OrganisationFactory()
    _referent(client, organisation)

    _edit(client, organisation, logo=_logo_upload(90, 60))

    url = reverse("members:organisation-logo", args=[organisation.slug])
    assert _served_size(client, url)[1] == (90, 60)


def test_picture_that_cannot_be_decoded_is_refused_next_to_the_field_and_nothing_saved(client):
    organisation = OrganisationFactory()
    _referent(client, organisation)
    # PNG's signature, so it passes the check of the content's type, and nothing of a picture.
    broken = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)

    response = _edit(client, organisation, logo=broken, phone="039 1")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_logo-error"' in html
    assert escape("Questo file non si può leggere come immagine") in html
    organisation.refresh_from_db()
    assert not organisation.logo
    assert organisation.phone == ""


def test_file_that_is_not_a_picture_is_still_refused_by_the_upload_check(client):
    organisation = OrganisationFactory()
    _referent(client, organisation)

    response = _edit(client, organisation, logo=SimpleUploadedFile("logo.png", b"<html>"))

    assert 'id="id_logo-error"' in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo_thumbnail


def test_removing_the_logo_removes_it_from_the_page(client):
    organisation = OrganisationFactory()
    _referent(client, organisation)
    _edit(client, organisation, logo=_logo_upload())

    _edit(client, organisation, remove_logo="on")

    assert _logo_images(client.get(organisation.get_absolute_url()).content.decode()) == []
    url = reverse("members:organisation-logo", args=[organisation.slug])
    assert client.get(url).status_code == 404


def test_logo_of_a_pending_organisation_is_hidden_from_visitors(client):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    organisation.logo.save("logo.png", ContentFile(logo_png()))
    call_command("make_logo_thumbnails", stdout=io.StringIO())

    url = reverse("members:organisation-logo", args=[organisation.slug])
    assert client.get(url).status_code == 404


def test_staff_uploading_a_logo_in_the_admin_makes_its_thumbnail(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:members_organisation_change", args=[organisation.pk])

    data = admin_form_data(client, url, logo=_logo_upload(800, 800))
    response = client.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    logo_url = reverse("members:organisation-logo", args=[organisation.slug])
    assert _served_size(client, logo_url)[1] == (LOGO_THUMBNAIL_SIZE, LOGO_THUMBNAIL_SIZE)


def test_command_makes_the_thumbnails_of_logos_uploaded_before_them(client):
    older = OrganisationFactory(name="Sistema con un logo di prima")
    older.logo.save("logo.png", ContentFile(logo_png(size=(600, 600))))
    without = OrganisationFactory(name="Sistema senza logo")
    output = io.StringIO()

    call_command("make_logo_thumbnails", stdout=output)
    call_command("make_logo_thumbnails", stdout=output)

    assert output.getvalue().splitlines() == [
        "Logo thumbnails made: 1.",
        "Logo thumbnails made: 0.",
    ]
    html = client.get(older.get_absolute_url()).content.decode()
    assert len(_logo_images(html)) == 1
    without.refresh_from_db()
    assert not without.logo_thumbnail
