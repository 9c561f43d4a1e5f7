"""sitemap.xml and robots.txt: search engines are told of public content only."""

import pytest
from django.urls import reverse

from members.access import AccessLevel
from members.models import Organisation
from tests.documents.factories import make_document
from tests.factories import OrganisationFactory
from tests.portal.factories import NewsFactory
from tests.practices.factories import PracticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


SECTIONS = [
    "home",
    "pages",
    "news",
    "practices",
    "documents",
    "suppliers",
    "organisations",
    "services",
]


def _sitemap(client):
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    sections = [client.get(reverse("sitemap-section", args=[section])).text for section in SECTIONS]
    return index.text, "\n".join(sections)


def test_the_sitemap_lists_public_content_in_both_languages(client):
    news = NewsFactory()
    practice = PracticeFactory()
    document = make_document(level=AccessLevel.PUBLIC)
    supplier = SupplierFactory()
    organisation = OrganisationFactory()
    index, urls = _sitemap(client)
    assert "sitemap-news.xml" in index
    for thing in (news, practice, document, supplier, organisation):
        assert f"http://testserver{thing.get_absolute_url()}" in urls
    assert "http://testserver/la-rete/governance/" in urls
    assert "http://testserver/en/the-network/governance/" in urls
    assert 'hreflang="en"' in urls
    assert "http://testserver/servizi/" in urls


def test_the_sitemap_holds_nothing_a_visitor_cannot_read(client):
    registered = make_document(level=AccessLevel.REGISTERED)
    member = make_document(level=AccessLevel.MEMBER)
    draft = PracticeFactory(draft=True)
    scheduled = NewsFactory(scheduled=True)
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    _, urls = _sitemap(client)
    for hidden in (registered, member, draft, scheduled, pending):
        assert hidden.get_absolute_url() not in urls


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    lines = robots.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /account/" in lines
    assert "Disallow: /profilo/" in lines
    assert "Disallow: /documenti/*/scarica/" in lines
    assert "Disallow: /en/documents/*/download/" in lines
