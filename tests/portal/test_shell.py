"""The shell every page shares: layout, language, static pages, health check, error pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_presents_the_network_in_italian(visitor):
    response = visitor.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="it">' in html
    assert "Rete delle Reti" in html
    assert 'href="#main-content"' in html
