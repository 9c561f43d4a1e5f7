"""A regulation in the document library, in the browser: a referent shares it for member
organisations and uploads a second version; a member of another organisation finds it by a word
that only the file holds and downloads it; a visitor meets the locked page, also at the download
address, and does not find it by that word."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import Document
from portal.lib.samples import pdf_bytes
from tests.factories import MembershipFactory, RoleFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

TITLE = "Regolamento del prestito interbibliotecario"
FIRST_FILE = pdf_bytes(
    pages=[
        "Regolamento del prestito interbibliotecario\nArt. 1 - Oggetto",
        "Art. 7 - Gli arredi sono concessi in comodato alle biblioteche aderenti.",
    ]
)
SECOND_FILE = pdf_bytes(
    pages=[
        "Regolamento del prestito interbibliotecario\nArt. 1 - Oggetto e finalita",
        "Art. 4 - Il servizio di trasporto passa ogni martedi.",
        "Art. 7 - Gli arredi sono concessi in comodato gratuito alle biblioteche aderenti.",
    ]
)


def _pdf(name, content):
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def test_member_only_regulation_is_shared_versioned_found_inside_and_locked_to_visitors(
    open_page, axe
):
    author_system = MembershipFactory(organisation__name="Sistema Bibliotecario Vimercatese")
    author = RoleFactory(organisation=author_system.organisation, user__first_name="Marco").user
    reader_system = MembershipFactory(organisation__name="Sistema Bibliotecario Salentino")
    reader = RoleFactory(organisation=reader_system.organisation, user__first_name="Anna").user

    # The referent shares the regulation, open to member organisations only.
    author_page = open_page(author)
    page = author_page.page
    page.goto("/documenti/")
    page.get_by_role("link", name="Condividi un documento").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Condividi un documento")
    page.set_input_files("[name=file]", files=[_pdf("regolamento-prestito.pdf", FIRST_FILE)])
    page.get_by_label("Titolo", exact=True).fill(TITLE)
    page.get_by_label("Tipo", exact=True).select_option(label="Regolamento")
    page.get_by_label("Descrizione", exact=True).fill(
        "Il regolamento **approvato** dalla conferenza dei sindaci, da adattare."
    )
    page.get_by_text("Supporto giuridico e amministrativo", exact=True).click()
    expect(page.get_by_label("Supporto giuridico e amministrativo")).to_be_checked()
    page.get_by_label("Etichette").fill("prestito, interprestito")
    page.get_by_label("Chi può aprirlo").select_option(label="Organizzazioni aderenti")
    page.get_by_label("Nota su questa versione").fill("Testo approvato")
    page.locator("[name=personal_data_removed]").check(force=True)
    page.get_by_role("button", name="Condividi il documento").click()
    expect(page.get_by_text("Il documento è condiviso.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    document = Document.objects.get(title=TITLE)
    assert document.access_level == "member"
    document_url = page.url
    assert document_url.endswith(document.get_absolute_url())

    # ... then uploads a second version, which becomes the download; the first stays listed.
    page.get_by_role("link", name="Carica una nuova versione").click()
    page.set_input_files("[name=file]", files=[_pdf("regolamento-prestito-2.pdf", SECOND_FILE)])
    page.get_by_label("Che cosa è cambiato").fill("Aggiunto l\u2019articolo 4 sul trasporto")
    page.locator("[name=personal_data_removed]").check(force=True)
    page.get_by_role("button", name="Carica la versione").click()
    expect(page.get_by_text("La versione 2 è salvata")).to_be_visible()
    expect(page.get_by_text("Versione 2", exact=True)).to_be_visible()
    versions = page.get_by_role("table")
    current = versions.get_by_role("row").filter(has_text="attuale")
    expect(current).to_have_count(1)
    expect(current.get_by_role("rowheader")).to_contain_text("2")
    expect(current).to_contain_text("Aggiunto l\u2019articolo 4 sul trasporto")
    # Each version's checksum sits on the line under it, across the table.
    checksum_of = "xpath=following-sibling::tr[1]"
    expect(current.locator(checksum_of)).to_contain_text(hashlib.sha256(SECOND_FILE).hexdigest())
    first = versions.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="1", exact=True)
    )
    expect(first).to_contain_text("Testo approvato")
    expect(first.locator(checksum_of)).to_contain_text(hashlib.sha256(FIRST_FILE).hexdigest())
    expect(first.get_by_role("link", name=re.compile("^PDF"))).to_be_visible()

    # A member of another system finds it by a word only the file holds, on its last page.
    reader_page = open_page(reader)
    page = reader_page.page
    page.goto("/documenti/")
    page.get_by_label("Parole, anche dentro i file").fill("comodato")
    page.get_by_role("button", name="Mostra i documenti").click()
    result = page.get_by_role("article").filter(has=page.get_by_role("link", name=TITLE))
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text(re.compile("comodato", re.IGNORECASE))
    expect(result).to_contain_text("Organizzazioni aderenti")
    result.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Scarica \(PDF")).click()
    download = download_info.value
    assert download.suggested_filename == f"{TITLE} v2.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert content == SECOND_FILE

    # A visitor sees that it exists, but not its text: the word does not find it, and both its
    # page and its download address show the locked page.
    visitor_page = open_page(phone=True)
    page = visitor_page.page
    page.goto("/documenti/?q=comodato")
    expect(page.get_by_text("Nessun documento corrisponde", exact=True)).to_be_visible()
    page.goto("/documenti/")
    listed = page.get_by_role("article").filter(has=page.get_by_role("link", name=TITLE))
    expect(listed).to_contain_text("Organizzazioni aderenti")
    expect(listed).not_to_contain_text("approvato")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the list is {overflow}px wider than a phone's screen"
    listed.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contenuto riservato")
    expect(page.get_by_text(TITLE)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Scarica"))).to_have_count(0)
    expect(page.get_by_role("link", name="Accedi").last).to_be_visible()
    response = page.goto(f"{document_url}scarica/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Contenuto riservato")
    assert response.headers["content-type"].startswith("text/html")

    assert author_page.csp_violations == []
    assert reader_page.csp_violations == []
    assert visitor_page.csp_violations == []
    document_path = document.get_absolute_url()
    failures = []
    author_checker = axe(author)
    for url in ["/documenti/nuovo/", document_path, f"{document_path}versioni/nuova/"]:
        failures.extend(author_checker.violations(url))
    reader_checker = axe(reader)
    for url in ["/documenti/", "/documenti/?q=comodato", document_path]:
        failures.extend(reader_checker.violations(url))
    failures.extend(axe().violations(document_path))
    assert failures == []
