"""Protected downloads: always an attachment, under a harmless name, never sniffed or shared."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile

from portal.lib.downloads import protected_download

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# Closing a response fires request_finished, which looks at the database connection.
pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    """Save bytes through the default storage (a folder of the test's own) as a FileField would."""

    def store(content: bytes, name: str = "documents/2026/11/0123abcd.pdf") -> FieldFile:
        saved_name = default_storage.save(name, ContentFile(content))
        return FieldFile(None, models.FileField(), saved_name)

    return store


def download(file: FieldFile, filename: str) -> tuple[dict[str, str], bytes]:
    response = protected_download(file, filename=filename)
    try:
        # Serialising the headers is what the server does; a header injection would fail here.
        response.serialize_headers()
        return dict(response.headers), b"".join(response.streaming_content)
    finally:
        response.close()


def test_download_streams_the_stored_file_unchanged(stored):
    content = PDF + bytes(range(256)) * 100

    headers, body = download(stored(content), "Relazione.pdf")

    assert body == content
    assert headers["Content-Length"] == str(len(content))


def test_download_is_an_attachment_under_the_given_name(stored):
    headers, _body = download(stored(PDF), "Relazione annuale 2025.pdf")

    assert headers["Content-Disposition"] == 'attachment; filename="Relazione annuale 2025.pdf"'


def test_download_forbids_sniffing_and_shared_caches(stored):
    headers, _body = download(stored(PDF), "Relazione.pdf")

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private"


@pytest.mark.parametrize(
    ("hostile", "disposition"),
    [
        ("../../etc/passwd", 'attachment; filename="passwd"'),
        ("..\\..\\windows\\win.ini", 'attachment; filename="win.ini"'),
        ('report"; filename="evil.html', "attachment; filename=\"report_; filename=_evil.html\""),
        ("verbale\r\nSet-Cookie: id=x.pdf", 'attachment; filename="verbaleSet-Cookie_ id=x.pdf"'),
        ("fattura\u202efdp.exe", 'attachment; filename="fatturafdp.exe"'),
        ("\x00\x1b[31mrosso\t.pdf", 'attachment; filename="[31mrosso.pdf"'),
        ("..", 'attachment; filename="download"'),
        ("", 'attachment; filename="download"'),
        (".htaccess", 'attachment; filename="htaccess"'),
    ],
)  # fmt: skip
def test_hostile_download_name_comes_out_harmless(stored, hostile, disposition):
    headers, _body = download(stored(PDF), hostile)

    assert headers["Content-Disposition"] == disposition


def test_unicode_download_name_is_kept_with_rfc_5987(stored):
    headers, _body = download(stored(PDF), "Attività di promozione della lettura \u2013 Forlì.pdf")

    assert headers["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "Attivit%C3%A0%20di%20promozione%20della%20lettura%20%E2%80%93%20Forl%C3%AC.pdf"
    )


def test_very_long_download_name_is_shortened_keeping_its_extension(stored):
    headers, _body = download(stored(PDF), "a" * 400 + ".pdf")

    assert headers["Content-Disposition"] == f'attachment; filename="{"a" * 146}.pdf"'


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [
        ("Relazione.pdf", "application/pdf"),
        ("Foto.PNG", "image/png"),
        ("Bilancio.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Senza estensione", "application/octet-stream"),
        ("Misterioso.xyz123", "application/octet-stream"),
    ],
)
def test_content_type_is_guessed_from_the_download_name(stored, filename, content_type):
    headers, _body = download(stored(PDF), filename)

    assert headers["Content-Type"] == content_type


def test_svg_with_a_script_is_only_ever_sent_as_an_attachment(stored):
    # The upload check accepts scripted SVG on the strength of this: the browser saves it to
    # disk instead of running it on the portal's origin.
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    headers, body = download(stored(svg, "assets/2026/11/0123abcd.svg"), "logo.svg")

    assert headers["Content-Disposition"] == 'attachment; filename="logo.svg"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body == svg


def test_field_without_a_file_cannot_be_downloaded():
    empty = FieldFile(None, models.FileField(), None)

    with pytest.raises(ValueError, match="no file"):
        protected_download(empty, filename="Relazione.pdf")
