"""Files go through Django's storage API: with another storage than the local folder (here
Django's in-memory one, standing for S3-compatible storage), a document is shared, its text is
read and it is downloaded through the protected view, and nothing lands on the local disk.

The same against a real S3 API, with STORAGE_URL: tests/portal/test_storage.py."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.documents.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_a_document_in_another_storage_is_read_and_downloaded_as_an_attachment(
    memory_storage, client, settings
):
    document = make_document(title="Carta dei servizi", text="Orari di apertura al pubblico")

    version = document.current_version
    assert default_storage.exists(version.file.name)
    assert not (settings.MEDIA_ROOT / version.file.name).exists()
    assert version.text_status == "extracted"
    response = client.get(reverse("documents:document-download", args=[document.slug]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body == default_storage.open(version.file.name).read()
