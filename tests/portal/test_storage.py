"""Uploads in S3-compatible storage (STORAGE_URL), against a real S3 API: moto's server on a
free loopback port, with the storage configured from a STORAGE_URL as a deployment would.

Files are shared through the apps' views and actions, land in the bucket and nowhere on disk,
come back through the protected download only to whoever may see them, and the bucket's
objects are private: a request without the portal's credentials is refused."""

import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from portal.lib.env import parse_storage_url
from portal.lib.samples import pdf_bytes
from tests.documents.factories import make_document
from tests.practices.factories import AttachmentFactory, PracticeFactory

pytestmark = pytest.mark.django_db

KEY, SECRET, REGION = "RETEKEY", "rete/secret+key", "eu-south-1"
EVERYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new empty bucket, and the portal's uploads pointed at it through a STORAGE_URL."""
    name = f"portale-{uuid.uuid4().hex[:12]}"
    endpoint = f"http://{s3_endpoint}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
        region_name=REGION,
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    url = f"s3://{KEY}:rete%2Fsecret%2Bkey@{s3_endpoint}/{name}?region={REGION}&secure=false"
    settings.STORAGES = {**settings.STORAGES, "default": parse_storage_url(url)}
    return Bucket(name=name, endpoint=endpoint, client=client)


def test_a_practice_attachment_is_kept_in_the_bucket_and_downloads_only_for_its_organisation(
    bucket, client, official_referent, other_referent, settings
):
    practice = PracticeFactory(organisation=official_referent.roles.get().organisation, draft=True)
    content = pdf_bytes(pages=["Scheda del progetto di lettura con le scuole"])
    client.force_login(official_referent)

    upload = client.post(
        reverse("practices:attachment-manage", args=[practice.slug]),
        {"file": SimpleUploadedFile("scheda progetto.pdf", content), "caption": "La scheda"},
    )

    assert upload.status_code == 302
    attachment = practice.attachments.get()
    assert bucket.keys() == [attachment.file.name]
    assert bucket.read(attachment.file.name) == content
    assert not settings.MEDIA_ROOT.exists()

    download = reverse("practices:attachment-download", args=[practice.slug, attachment.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == 'attachment; filename="scheda progetto.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"

    client.force_login(other_referent)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 404


def test_objects_in_the_bucket_are_refused_to_a_request_without_the_portals_credentials(bucket):
    attachment = AttachmentFactory()
    key = attachment.file.name

    with pytest.raises(urllib.error.HTTPError) as refusal:
        urllib.request.urlopen(f"{bucket.endpoint}/{bucket.name}/{key}", timeout=10)

    assert refusal.value.code == 403
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    assert not {grant["Grantee"].get("URI") for grant in grants} & EVERYONE


def test_the_storages_own_urls_are_signed_and_expire_in_minutes(bucket):
    attachment = AttachmentFactory()

    url = default_storage.url(attachment.file.name)

    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == bucket.read(attachment.file.name)


def test_a_document_in_the_bucket_is_read_for_search_and_downloaded(bucket, client):
    document = make_document(title="Carta dei servizi", text="Orari di apertura al pubblico")

    version = document.current_version
    assert bucket.keys() == [version.file.name]
    assert version.text_status == "extracted"
    assert "Orari di apertura" in version.text
    response = client.get(reverse("documents:document-download", args=[document.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == bucket.read(version.file.name)


def test_an_upload_never_replaces_an_object_of_the_same_name(bucket):
    first = default_storage.save("documenti/verbale.pdf", ContentFile(b"prima"))
    second = default_storage.save("documenti/verbale.pdf", ContentFile(b"seconda"))

    assert first != second
    assert bucket.read(first) == b"prima"
    assert bucket.read(second) == b"seconda"
