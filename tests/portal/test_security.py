"""Security headers on every response, graded as Mozilla's HTTP Observatory grades them."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/", "/en/", "/la-rete/", "/cerca/?q=biblioteca", "/account/login/", "/non-esiste/"]


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_strict_content_security_policy(visitor, url):
    directives = csp_directives(visitor.get(url))
    assert directives["default-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], name
    assert "data:" in directives["font-src"]
    assert "data:" in directives["img-src"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_the_other_security_headers(visitor, url):
    response = visitor.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/la-rete/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/la-rete/"


def test_healthz_answers_over_plain_http_for_the_load_balancer(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


def test_a_tls_proxy_header_counts_as_https_behind_a_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/la-rete/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200


def test_a_clients_own_proxy_header_is_ignored_without_a_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None
    response = client.get("/la-rete/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 301


def test_the_admin_has_the_same_strict_policy(admin_client):
    directives = csp_directives(admin_client.get(reverse("admin:index")))
    assert directives["style-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_or_style(client, base_user, url):
    client.force_login(base_user)
    html = client.get(url).content.decode()
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert "<style" not in html
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script, script
    assert not re.search(r"\son[a-z]+\s*=", html), "event handler attribute"


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_another_host(visitor, url):
    html = visitor.get(url).content.decode()
    for attribute in re.findall(r'\s(?:src|href)="([^"]+)"', html):
        if attribute.startswith(("mailto:", "#")):
            continue
        assert not re.match(r"^(https?:)?//", attribute), attribute
