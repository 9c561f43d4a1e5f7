"""The text inside the files: read on upload from real PDF, ODT and DOCX files, bounded in time,
never blocking the upload, and read again by the management command."""

import io
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import DocumentVersion
from portal.lib.samples import scanned_pdf_bytes
from tests.documents.factories import make_document

pytestmark = pytest.mark.django_db

PAGES = [f"Pagina {number}: disposizioni generali del sistema." for number in range(1, 7)]


def search(client, words):
    return client.get(reverse("documents:document-list"), {"q": words})


def test_a_word_on_page_seven_of_a_pdf_finds_the_agreement(client):
    text = "\f".join([*PAGES, "Pagina 7: i locali sono concessi in comodato gratuito."])
    make_document(title="Convenzione con la parrocchia", text=text)
    response = search(client, "comodato")
    assert "Convenzione con la parrocchia" in response.text
    assert "<mark>comodato</mark>" in response.text


@pytest.mark.parametrize("file_format", ["odt", "docx", "txt"])
def test_the_text_of_office_files_is_searchable(client, file_format):
    make_document(
        title=f"Modello in formato {file_format}",
        text="Titolo\nLa biblioteca applica la tariffa agevolata per gli studenti.",
        file_format=file_format,
    )
    version = DocumentVersion.objects.get()
    assert version.text_status == "extracted"
    assert "tariffa agevolata" in version.text
    assert f"Modello in formato {file_format}" in search(client, "tariffa agevolata").text


def test_a_scanned_pdf_says_it_has_no_searchable_text(client, settings):
    document = make_document(title="Delibera del 1998 in scansione")
    version = document.current_version
    version.file.save("scan.pdf", io.BytesIO(scanned_pdf_bytes()), save=True)
    call_command("extract_document_text", "--all", stdout=io.StringIO())
    version.refresh_from_db()
    assert version.text_status == "no-text"
    page = client.get(document.get_absolute_url())
    assert "Nessun testo ricercabile" in page.text
    # Still found by its title.
    assert "Delibera del 1998 in scansione" in search(client, "delibera").text


def test_a_slow_reading_is_cut_and_the_command_reads_it_again(client, settings):
    settings.DOCUMENT_EXTRACTION_TIMEOUT = 1
    settings.DOCUMENT_EXTRACTION_COMMAND = [sys.executable, "-c", "import time; time.sleep(30)"]
    document = make_document(
        title="Capitolato per il trasporto", text="Il furgone passa ogni martedì."
    )
    version = document.current_version
    assert version.text_status == "timed-out"
    # The upload went through: the document is there and found by its own words.
    assert "Capitolato per il trasporto" in search(client, "capitolato").text
    assert "Capitolato per il trasporto" not in search(client, "martedì").text

    settings.DOCUMENT_EXTRACTION_COMMAND = None
    output = io.StringIO()
    call_command("extract_document_text", stdout=output)
    assert "extracted: 1" in output.getvalue()
    version.refresh_from_db()
    assert version.text_status == "extracted"
    assert "Capitolato per il trasporto" in search(client, "martedì").text


def test_a_broken_pdf_is_saved_and_logged_as_failed(caplog):
    document = make_document(text="ignored")
    version = document.current_version
    version.file.save("broken.pdf", io.BytesIO(b"%PDF-1.4\nbroken"), save=True)
    call_command("extract_document_text", "--all", stdout=io.StringIO())
    version.refresh_from_db()
    assert version.text_status == "failed"
    assert version.text_error
    assert "Reading a pdf file failed" in caplog.text
