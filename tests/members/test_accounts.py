"""Accounts through django-allauth: sign-up and verification, login, passwords, e-mail, logout.

The pages are allauth's, drawn in the portal's layout by templates/allauth/; these tests check what
a person sees and receives, in Italian at /account/... and in English at /en/account/....
"""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from members.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-2"


def _html(response):
    return response.content.decode()


def _title(html):
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).split())


def _h1(html):
    return " ".join(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1).split())


def _link_in(message):
    """The path of the one portal link in an e-mail's text."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return urlsplit(url).path


def _is_logged_in(client):
    return client.get(reverse("portal:profile")).status_code == 200


def _log_in(client, email, password, path="/account/login/"):
    return client.post(path, {"login": email, "password": password})


def _sign_up(client, email="nuova.persona@biblioteca.example"):
    return client.post(
        "/account/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


# The layout


def test_login_page_is_drawn_in_the_portal_layout_in_italian(visitor):
    response = visitor.get("/account/login/")
    html = _html(response)
    assert response.status_code == 200
    assert '<html lang="it">' in html
    assert '<div class="it-brand-title">Rete delle Reti</div>' in html
    assert _title(html) == "Accedi · Rete delle Reti"
    assert _h1(html) == "Accedi"
    assert re.search(r'aria-current="page">\s*Accedi\s*</li>', html)  # Home / Accedi


def test_login_page_is_drawn_in_the_portal_layout_in_english(visitor):
    response = visitor.get("/en/account/login/")
    html = _html(response)
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert '<div class="it-brand-title">Rete delle Reti</div>' in html
    assert _title(html) == "Sign In · Rete delle Reti"
    assert _h1(html) == "Sign In"


def test_login_page_runs_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = visitor.get("/account/login/")
    assert response.status_code == 200


def test_every_login_field_has_a_label(visitor):
    html = _html(visitor.get("/account/login/"))
    for field_id in ("id_login", "id_password", "id_remember"):
        assert f'<label for="{field_id}"' in html
        assert f'id="{field_id}"' in html


@pytest.mark.parametrize(
    "path",
    ["/account/login/", "/account/signup/", "/account/password/reset/", "/en/account/signup/"],
)
def test_entrance_pages_carry_no_inline_style_or_script(visitor, path):
    html = _html(visitor.get(path))
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.mark.parametrize(
    "path", ["/account/email/", "/account/password/change/", "/account/logout/"]
)
def test_account_management_pages_link_to_each_other_without_inline_style(client, base_user, path):
    client.force_login(base_user)
    response = client.get(path)
    html = _html(response)
    assert response.status_code == 200
    assert f'href="{reverse("portal:profile")}"' in html
    assert 'href="/account/email/"' in html
    assert 'href="/account/password/change/"' in html
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# Sign-up and e-mail verification


def test_sign_up_asks_for_an_email_and_a_password_but_no_username(visitor):
    html = _html(visitor.get("/account/signup/"))
    assert 'name="email"' in html
    assert 'name="password1"' in html
    assert 'name="password2"' in html
    assert 'name="username"' not in html
    assert "id_username" not in html


def test_sign_up_sends_a_verification_email_and_login_waits_for_it(client, mailoutbox):
    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nuova.persona@biblioteca.example"]
    assert mailoutbox[0].subject.startswith("[Rete delle Reti] ")
    assert not _is_logged_in(client)

    response = _log_in(client, "nuova.persona@biblioteca.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _is_logged_in(client)
    assert not EmailAddress.objects.get(email="nuova.persona@biblioteca.example").verified


def test_following_the_link_in_the_verification_email_verifies_and_logs_in(client, mailoutbox):
    _sign_up(client)
    confirm_path = _link_in(mailoutbox[0])

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert f'action="{confirm_path}"' in _html(page)
    assert not EmailAddress.objects.get(email="nuova.persona@biblioteca.example").verified

    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nuova.persona@biblioteca.example").verified
    assert _is_logged_in(client)


def test_sign_up_errors_sit_next_to_the_fields_and_keep_the_typed_email(visitor):
    response = visitor.post(
        "/en/account/signup/",
        {"email": "nuova.persona@biblioteca.example", "password1": PASSWORD, "password2": "typo"},
    )
    html = _html(response)
    assert response.status_code == 200
    assert 'class="alert alert-danger' in html
    assert 'value="nuova.persona@biblioteca.example"' in html
    assert 'aria-invalid="true" aria-describedby="id_password2-error"' in html
    assert 'id="id_password2-error">You must type the same password each time.</div>' in html
    assert PASSWORD not in html
    assert not User.objects.filter(email="nuova.persona@biblioteca.example").exists()


# Login


def test_login_by_email_and_password_shows_the_persons_name_in_the_header(client, base_user):
    response = _log_in(client, base_user.email, PASSWORD)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Lucia Conti" in _html(page)


def test_wrong_password_shows_an_error_and_keeps_the_typed_email(client, base_user):
    response = _log_in(client, base_user.email, "not-the-password", path="/en/account/login/")
    html = _html(response)
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in html
    assert f'value="{base_user.email}"' in html
    assert "not-the-password" not in html
    assert not _is_logged_in(client)


def test_login_is_refused_after_too_many_failed_attempts(client, base_user):
    # allauth's default 'login_failed' limit: five failures per address in five minutes.
    for _ in range(5):
        _log_in(client, base_user.email, "not-the-password", path="/en/account/login/")

    response = _log_in(client, base_user.email, PASSWORD, path="/en/account/login/")

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in _html(response)
    assert not _is_logged_in(client)


# Passwords


def test_password_reset_email_lets_one_set_a_new_password_and_log_in_with_it(
    client, base_user, mailoutbox
):
    response = client.post("/account/password/reset/", {"email": base_user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [base_user.email]

    # allauth keeps the key in the session and moves to a URL without it.
    set_password_path = client.get(_link_in(mailoutbox[0]))["Location"]
    assert 'name="password1"' in _html(client.get(set_password_path))
    response = client.post(
        set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    assert _log_in(client, base_user.email, PASSWORD).status_code == 200
    assert not _is_logged_in(client)
    assert _log_in(client, base_user.email, NEW_PASSWORD).status_code == 302
    assert _is_logged_in(client)


def test_logged_in_person_changes_their_password(client, base_user):
    client.force_login(base_user)
    response = client.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    base_user.refresh_from_db()
    assert base_user.check_password(NEW_PASSWORD)


def test_password_change_refuses_a_wrong_current_password(client, base_user):
    client.force_login(base_user)
    response = client.post(
        "/en/account/password/change/",
        {"oldpassword": "not-the-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    html = _html(response)
    assert response.status_code == 200
    assert 'aria-invalid="true" aria-describedby="id_oldpassword-error' in html
    base_user.refresh_from_db()
    assert base_user.check_password(PASSWORD)


# E-mail address


def test_changing_the_email_address_sends_a_verification_and_applies_once_confirmed(
    client, base_user, mailoutbox
):
    client.force_login(base_user)
    response = client.post(
        "/account/email/", {"action_add": "", "email": "nuovo.indirizzo@biblioteca.example"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nuovo.indirizzo@biblioteca.example"]
    base_user.refresh_from_db()
    assert base_user.email != "nuovo.indirizzo@biblioteca.example"
    assert "nuovo.indirizzo@biblioteca.example" in _html(client.get("/account/email/"))

    client.post(_link_in(mailoutbox[0]))

    base_user.refresh_from_db()
    assert base_user.email == "nuovo.indirizzo@biblioteca.example"


def test_a_malformed_new_email_address_is_refused_next_to_the_field(client, base_user):
    client.force_login(base_user)
    response = client.post("/en/account/email/", {"action_add": "", "email": "not-an-address"})
    html = _html(response)
    assert response.status_code == 200
    assert 'value="not-an-address"' in html
    assert 'aria-invalid="true" aria-describedby="id_email-error"' in html
    assert 'class="alert alert-danger' in html
    assert EmailAddress.objects.filter(user=base_user).count() == 1


# Logout


def test_logout_by_get_only_asks_for_confirmation(client, base_user):
    client.force_login(base_user)
    response = client.get("/account/logout/")
    html = _html(response)
    assert response.status_code == 200
    assert _title(html) == "Disconnetti · Rete delle Reti"
    assert re.search(r'<form method="post" action="/account/logout/"', html)
    assert _is_logged_in(client)


def test_logout_by_post_logs_out(client, base_user):
    client.force_login(base_user)
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert not _is_logged_in(client)


def test_a_short_password_is_explained_in_italian(visitor):
    html = _html(
        visitor.post(
            reverse("account_signup"),
            {"email": "corta@biblioteca.example", "password1": "abc", "password2": "abc"},
        )
    )
    assert "Questa password è troppo corta: deve contenere almeno 8 caratteri." in html


def test_verification_email_greets_from_the_network_in_italian(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "saluti@biblioteca.example",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    message = mailoutbox[0]
    assert message.subject.startswith("[Rete delle Reti] ")
    assert "Un saluto da Rete delle Reti!" in message.body


def test_too_many_sign_ups_get_a_page_in_the_layout(visitor, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    for number in range(2):
        response = visitor.post(
            reverse("account_signup"),
            {
                "email": f"ripetuta{number}@biblioteca.example",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    assert response.status_code == 429
    html = _html(response)
    assert "Troppe richieste" in _h1(html)
    assert "Rete delle Reti" in _title(html)
