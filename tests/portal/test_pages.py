"""The network's editable pages: their addresses, their text in each language, staff's edits
shown at once to visitors served from the cache, and the page's own description."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from members.models import AdmissionRule, Membership, OrganisationKind
from portal.models import Page
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ADDRESSES = {
    "about": "/la-rete/",
    "governance": "/la-rete/governance/",
    "how-to-join": "/come-aderire/",
    "accessibility": "/accessibilita/",
    "privacy": "/privacy/",
    "contacts": "/contatti/",
}


@pytest.mark.parametrize(("key", "address"), ADDRESSES.items())
def test_each_page_keeps_its_italian_address_and_shows_its_text(client, key, address):
    assert reverse(f"portal:{key}") == address
    response = client.get(address)
    assert response.status_code == 200
    page = Page.objects.get(key=key)
    assert f"<h1>{page.title_it}</h1>" in response.text


def test_the_english_site_shows_the_english_text(client):
    page = client.get("/en/the-network/").text
    assert "<h1>The network</h1>" in page
    assert "Why a network of networks" in page
    assert "Perché una rete di reti" not in page


def test_the_italian_text_moved_from_the_templates(client):
    page = client.get("/la-rete/").text
    assert "Perché una rete di reti" in page
    assert "Due livelli di servizio" in page


def test_how_to_join_shows_the_admission_policy_as_it_stands(client):
    AdmissionRule.objects.update(is_open=False)
    AdmissionRule.objects.update_or_create(
        kind=OrganisationKind.LIBRARY_SYSTEM,
        tier=Membership.Tier.OFFICIAL,
        defaults={"is_open": True},
    )
    page = client.get("/come-aderire/").text
    assert "Adesione ufficiale" in page
    assert "Tempo lavoro" in page or "tempo lavoro" in page
    table = page.split("<table", 1)[1].split("</table>")[0]
    assert "Sistema bibliotecario" in table


def test_how_to_join_says_when_applications_are_closed(client):
    AdmissionRule.objects.update(is_open=False)
    page = client.get("/come-aderire/").text
    assert "sono chiusi in questo momento" in page


def test_a_page_saved_by_staff_shows_at_once_to_a_visitor_served_from_the_cache(staff_client):
    visitor = Client()
    visitor.get("/la-rete/")
    assert visitor.get("/la-rete/")["X-Page-Cache"] == "hit"
    page = Page.objects.get(key="about")
    form = {
        "title_it": "La nostra rete",
        "summary_it": page.summary_it,
        "body_it": "Un testo **nuovo** scritto dalla segreteria.",
        "title_en": page.title_en,
        "summary_en": page.summary_en,
        "body_en": page.body_en,
    }
    response = staff_client.post(reverse("admin:portal_page_change", args=[page.pk]), form)
    assert response.status_code == 302

    again = visitor.get("/la-rete/")
    assert "X-Page-Cache" not in again
    assert "<h1>La nostra rete</h1>" in again.text
    assert "<strong>nuovo</strong>" in again.text


def test_staff_cannot_delete_a_page_nor_change_its_address(staff_client):
    page = Page.objects.get(key="privacy")
    change = staff_client.get(reverse("admin:portal_page_change", args=[page.pk])).text
    assert 'name="key"' not in change
    delete = staff_client.get(reverse("admin:portal_page_delete", args=[page.pk]))
    assert delete.status_code == 403


def test_the_page_summary_is_its_description_for_search_engines(client):
    page = Page.objects.get(key="governance")
    head = client.get("/la-rete/governance/").text.split("</head>")[0]
    assert f'<meta name="description" content="{page.summary_it}">'.replace("'", "&#x27;") in head
    assert '<meta property="og:type" content="website">' in head


def test_the_english_pages_say_their_locale(client):
    head = client.get("/en/privacy/").text.split("</head>")[0]
    assert '<meta property="og:locale" content="en_GB">' in head


def test_the_organisation_page_carries_its_organization_data(client):
    organisation = OrganisationFactory(
        name='Sistema </script><script>alert("x")</script>', website="https://sb.example"
    )
    html = client.get(organisation.get_absolute_url()).text
    head = html.split("</head>")[0]
    assert "<script>alert" not in head
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Organization"
    assert data["name"] == organisation.name
    assert data["sameAs"] == ["https://sb.example"]
