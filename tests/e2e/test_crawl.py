"""Every page reachable by following links works, is titled, fits a phone, and passes axe-core.

Pages are opened at a phone's width (axe-core checks them at a desktop's). The crawl starts
from the home pages (Italian and English) and follows internal links, one URL
per route pattern so that it stays fast as the portal grows, at most MAX_PAGES per person.
"""

import datetime
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import Resolver404, resolve
from django.utils import translation

from documents.actions import mark_superseded
from members.actions.organisations import store_logo_thumbnail
from members.models import ServiceArea
from portal.lib.samples import png_bytes
from suppliers.actions import write_review
from tests.documents.factories import make_document
from tests.events.factories import make_event
from tests.factories import (
    LibraryLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    RoleFactory,
    SurveyFactory,
    UserFactory,
)
from tests.portal.factories import NewsFactory
from tests.practices.factories import AttachmentFactory, PracticeFactory
from tests.services.factories import make_request
from tests.suppliers.factories import SupplierFactory, review_data

MAX_PAGES = 150
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
SKIPPED_ROUTES = {
    "account_logout",  # a crawl must not log itself out
    # Files and feeds, not pages: a download has no title, a feed no <h1>.
    "practices:attachment-download",
    "practices:practice-feed-rss",
    "practices:practice-feed-atom",
    "documents:document-download",
    "documents:version-download",
    "documents:document-feed-rss",
    "documents:document-feed-atom",
    "services:attachment-download",
    "portal:news-image",
    "portal:news-feed-rss",
    "portal:news-feed-atom",
    "events:event-feed-rss",
    "events:event-feed-atom",
    "events:event-feed-ics",
    "events:event-calendar",
    "events:certificate-download",
}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def route_key(path):
    """One key per route pattern: /pratiche/12/ and /pratiche/13/ are the same page kind."""
    # An English path resolves only with English active.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match.route


def internal_links(page, base_url):
    # Links marked `download` are file exports, not pages.
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    for href in hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base_url:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(browser_page, axe_checker, base_url):
    queue = ["/", "/en/"]
    seen_routes = set()
    failures = []
    visited = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        key = route_key(urlsplit(path).path)
        if key in seen_routes or key in SKIPPED_ROUTES:
            continue
        seen_routes.add(key)
        page = browser_page.page
        response = page.goto(path)
        visited.append(path)
        if response is None or response.status >= 500:
            failures.append(f"{path}: status {response and response.status}")
            continue
        if not page.title().strip():
            failures.append(f"{path}: no <title>")
        if page.locator("h1").count() == 0:
            failures.append(f"{path}: no <h1>")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.append(f"{path}: {overflow}px wider than a phone's screen")
        failures.extend(axe_checker.violations(path))
        queue.extend(internal_links(page, base_url))
    failures.extend(browser_page.csp_violations)
    return visited, failures


@pytest.fixture
def network(db):
    """A system that is an official member, with a library, so that every kind of page exists."""
    system = MembershipFactory(
        organisation__name="Sistema Bibliotecario Vimercatese",
        organisation__description="Catalogo **condiviso** e prestito interbibliotecario.",
    ).organisation
    system.logo.save("logo.png", ContentFile(png_bytes()))
    store_logo_thumbnail(organisation=system)
    library = OrganisationFactory(
        name="Biblioteca civica di Vimercate", kind="library", isil_code="IT-MB0042"
    )
    LibraryLinkFactory(library=library, system=system)
    SurveyFactory(
        organisation=system,
        support_needed=["formazione"],
        elements=["catalogo-condiviso"],
        needs="Più ore di apertura.",
    )
    practice = PracticeFactory(
        organisation=system,
        title="Nati per leggere in ambulatorio",
        slug="nati-per-leggere-in-ambulatorio",
        body="Letture **ad alta voce** nelle sale d'attesa.",
        themes=ServiceArea.objects.all()[:2],
        tags=["lettura"],
    )
    practice.partners.add(library)
    AttachmentFactory(practice=practice, caption="Scheda del progetto")
    current = make_document(system, title="Regolamento del prestito", kind="regulation")
    old = make_document(system, title="Regolamento del prestito 2016", related=[current])
    mark_superseded(document=old, by=UserFactory(is_staff=True), replacement=current)
    make_document(system, title="Capitolato per i soci", level="member", file_format="odt")
    supplier = SupplierFactory(name="Cooperativa Il Melograno")
    write_review(supplier=supplier, author=UserFactory(), data=review_data())
    make_request(system, slug="reclutamento-personale")
    NewsFactory(title="Al via la mappatura dei sistemi", tags=["mappatura"])
    make_event(organisation=system, title="Corso di catalogazione RDA")
    make_event(title="Convegno di primavera", starts_in=-datetime.timedelta(days=20))
    return system


def test_visitor_crawl_finds_no_broken_page(open_page, axe, live_server, network):
    visited, failures = crawl(open_page(phone=True), axe(), live_server.url)
    assert any(path.startswith("/organizzazioni/sistema") for path in visited), visited
    assert any(path.startswith("/buone-pratiche/nati-per-leggere") for path in visited), visited
    documents = [path for path in visited if path.startswith("/documenti/")]
    assert len(documents) > 1, visited  # the library and a document's page
    services = [path for path in visited if path.startswith("/servizi/")]
    assert len(services) > 1, visited  # the catalogue and a service's page
    news = [path for path in visited if path.startswith("/notizie/")]
    assert len(news) > 1, visited  # the list and a post's page
    for page in ("/la-rete/governance/", "/come-aderire/"):
        assert any(path.startswith(page) for path in visited), (page, visited)
    events = [path for path in visited if path.startswith("/eventi/")]
    assert len(events) > 2, visited  # the lists, an event's page, the verification page
    assert failures == []


def test_referent_crawl_finds_no_broken_page(open_page, axe, live_server, network):
    person = RoleFactory(organisation=network, user__first_name="Marco").user
    RoleFactory(organisation=network, kind="collaborator", status="pending")
    # A library the system asked to count, which Marco is also a referent of: the libraries
    # page shows the request as pending, the library's page asks him to decide.
    asked = OrganisationFactory(name="Biblioteca di Arcore", kind="library", isil_code="IT-MB0043")
    RoleFactory(organisation=asked, user=person)
    LibraryLinkFactory(library=asked, system=network, pending=True)
    visited, failures = crawl(open_page(person, phone=True), axe(person), live_server.url)
    for page in (
        "/profilo/",
        "/la-mia-area/",
        "/modifica/",
        "/persone/",
        "/adesione/",
        "/adesioni/",
        "/mappatura/",
        "/servizi/richieste/",
        "/eventi/le-mie-iscrizioni/",
    ):
        assert any(page in path for path in visited), (page, visited)
    assert "/mappatura/" in visited, "the mapping report"
    assert failures == []


def test_newcomer_crawl_finds_no_broken_page(open_page, axe, live_server, network):
    person = UserFactory(first_name="Lucia", last_name="Conti")
    visited, failures = crawl(open_page(person, phone=True), axe(person), live_server.url)
    assert any("/aderisci/" in path for path in visited), visited
    assert failures == []
