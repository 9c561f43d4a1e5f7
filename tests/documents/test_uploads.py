"""Bad files are refused with a clear message, and what the referent typed stays in the form."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document
from portal.lib.samples import pdf_bytes
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db

# The start of a Windows executable: "MZ" and the DOS stub.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture
def referent(client):
    role = RoleFactory(organisation__name="Sistema bibliotecario Lecchese")
    client.force_login(role.user)
    return role.user


def share(client, referent, file):
    return client.post(
        reverse("documents:document-create"),
        {
            "organisation": referent.roles.get().organisation_id,
            "file": file,
            "title": "Capitolato per la fornitura di arredi",
            "kind": "tender-specification",
            "description": "Il capitolato della gara 2025.",
            "language": "it",
            "licence": "public-act",
            "access_level": "public",
            "personal_data_removed": "on",
        },
    )


def assert_refused_keeping_the_form(response, message):
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Capitolato per la fornitura di arredi"' in response.text
    assert not Document.objects.exists()


def test_an_executable_renamed_pdf_is_refused(client, referent):
    response = share(client, referent, SimpleUploadedFile("capitolato.pdf", EXECUTABLE))
    assert_refused_keeping_the_form(response, "Questo file non è un PDF valido")


def test_an_oversized_file_is_refused(client, referent, settings):
    big = pdf_bytes() + b"%" * (20 * 1024 * 1024)
    response = share(client, referent, SimpleUploadedFile("capitolato.pdf", big))
    assert_refused_keeping_the_form(response, "il limite è 20,0\xa0MB")


def test_a_format_outside_the_list_is_refused(client, referent):
    response = share(client, referent, SimpleUploadedFile("capitolato.exe", EXECUTABLE))
    assert_refused_keeping_the_form(response, "Qui non si accettano file .exe")


def test_a_path_in_the_file_name_never_reaches_the_storage(client, referent, settings):
    file = ContentFile(pdf_bytes(), name="../../../etc/cron.d/capitolato.pdf")
    response = share(client, referent, file)
    assert response.status_code == 302
    version = Document.objects.get().current_version
    assert ".." not in version.file.name
    assert version.file.name.startswith("documents/")
    assert version.original_name == "capitolato.pdf"
    stored = settings.MEDIA_ROOT / version.file.name
    assert stored.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
