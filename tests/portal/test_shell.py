"""The shell every page shares: layout, languages, static pages, health check, error pages."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import path, reverse
from django.utils import formats

from portal import views
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("broken/", broken_view),
    *__import__("portal.urls", fromlist=["urlpatterns"]).urlpatterns,
]
handler500 = views.server_error


def test_home_presents_the_network_in_italian(visitor):
    html = visitor.get("/").content.decode()
    assert '<html lang="it">' in html
    assert "Biblioteche che lavorano insieme" in html or "Sistemi bibliotecari" in html
    assert 'href="#main-content"' in html
    assert '<meta name="description"' in html


def test_home_invites_visitors_to_join(visitor):
    html = visitor.get("/").content.decode()
    assert reverse("account_signup") in html


def test_english_home_lives_under_en(visitor):
    response = visitor.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Library systems that work together" in html


def test_page_paths_are_italian_and_translated_in_english(visitor):
    assert reverse("portal:about") == "/la-rete/"
    assert visitor.get("/la-rete/").status_code == 200
    assert visitor.get("/en/the-network/").status_code == 200


def test_switching_language_takes_you_to_the_same_page_in_english(visitor):
    response = visitor.post(
        reverse("set_language"), {"language": "en", "next": "/la-rete/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/en/the-network/"
    assert "The network" in response.content.decode()


def test_every_page_has_title_naming_page_and_site(visitor):
    html = visitor.get("/la-rete/").content.decode()
    assert "<title>La rete · Rete delle Reti</title>" in html


def test_footer_links_to_accessibility_statement_and_privacy(visitor):
    html = visitor.get("/").content.decode()
    assert reverse("portal:accessibility") in html
    assert reverse("portal:privacy") in html


def test_logged_in_person_sees_their_name_and_a_logout_form(client, base_user):
    client.force_login(base_user)
    html = client.get("/").content.decode()
    assert "Lucia Conti" in html
    assert f'action="{reverse("account_logout")}" method="post"' in html


def test_profile_asks_visitors_to_log_in(visitor):
    response = visitor.get(reverse("portal:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_shows_name_and_email(client, base_user):
    client.force_login(base_user)
    html = client.get(reverse("portal:profile")).content.decode()
    assert base_user.email in html
    assert "Lucia Conti" in html


def test_profile_edit_saves_name_and_language(client, base_user):
    client.force_login(base_user)
    response = client.post(
        reverse("portal:profile-edit"),
        {"first_name": "Lucia Maria", "last_name": "Conti", "language": "en"},
        follow=True,
    )
    base_user.refresh_from_db()
    assert (base_user.first_name, base_user.language) == ("Lucia Maria", "en")
    assert "I tuoi dati sono stati salvati." in response.content.decode()


def test_profile_edit_keeps_what_was_typed_when_invalid(client, base_user):
    client.force_login(base_user)
    response = client.post(
        reverse("portal:profile-edit"),
        {"first_name": "Lucia Maria", "last_name": "Conti", "language": "klingon"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Lucia Maria"' in html
    assert 'aria-invalid="true"' in html
    base_user.refresh_from_db()
    assert base_user.first_name == "Lucia"


def test_unknown_page_is_a_404_in_the_layout_with_a_way_back(visitor):
    response = visitor.get("/non-esiste/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina non trovata" in html
    assert 'href="/"' in html


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_in_the_layout(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Qualcosa non ha funzionato" in html
    assert "Rete delle Reti" in html


def test_search_without_query_shows_the_form(visitor):
    html = visitor.get(reverse("portal:search")).content.decode()
    assert 'name="q"' in html


def test_search_with_no_match_says_so(visitor):
    # The services' catalogue is always there, and speaks of libraries: look for something else.
    html = visitor.get(reverse("portal:search"), {"q": "ornitorinco"}).content.decode()
    assert "Nessun risultato" in html
    assert "ornitorinco" in html


def test_healthz_answers_ok_when_the_database_answers(visitor):
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not(visitor, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = visitor.get("/healthz")
    assert response.status_code == 503


def test_home_runs_five_queries_for_a_visitor(visitor, django_assert_num_queries):
    # The latest news; the newest practices, featured first; the next events; the newest
    # documents; the top-rated suppliers.
    with django_assert_num_queries(5):
        visitor.get("/")


def test_dates_and_numbers_follow_the_italian_locale(client, base_user):
    base_user.date_joined = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    base_user.save()
    client.force_login(base_user)
    html = client.get(reverse("portal:profile")).content.decode()
    # 23:30 UTC is already the 6th in Rome.
    assert "6 marzo 2026" in html
    assert formats.number_format(3.5, 1) == "3,5"
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_navigation_marks_the_current_section(visitor):
    html = visitor.get("/la-rete/").content.decode()
    assert '<a class="nav-link active" href="/la-rete/" aria-current="page">' in html
    assert '<a class="nav-link" href="/buone-pratiche/">' in html


def test_global_search_finds_organisations_by_name_without_accents(visitor):
    OrganisationFactory(name="Biblioteca civica di Cantù", kind="library")
    OrganisationFactory(name="Biblioteca di Cantù in attesa", status="pending")
    html = visitor.get(reverse("portal:search"), {"q": "cantu"}).content.decode()
    assert "Biblioteca civica di Cantù" in html
    assert "in attesa" not in html
    assert "1 risultato" in html
