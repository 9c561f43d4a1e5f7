"""A NUL byte or an over-long value in any parameter, or in the path, is refused with the 400
page before a view sees it."""

import pytest
from django.utils.html import escape
from django.utils.translation import gettext

from portal.middleware import MAX_FORM_VALUE_LENGTH, MAX_QUERY_VALUE_LENGTH

pytestmark = pytest.mark.django_db


def _bad_request_page(response):
    assert response.status_code == 400
    return response.content.decode()


def test_a_nul_byte_in_a_directory_filter_answers_400(visitor):
    html = _bad_request_page(visitor.get("/organizzazioni/?system=%00"))
    assert escape(gettext("Bad request")) in html
    assert "NUL" in html


def test_the_refusal_speaks_the_language_of_the_path(visitor):
    html = _bad_request_page(visitor.get("/en/search/?q=a%00b"))
    assert '<html lang="en"' in html
    assert "A parameter of the request holds a NUL character" in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * (MAX_QUERY_VALUE_LENGTH + 1)},
        {"x" * (MAX_QUERY_VALUE_LENGTH + 1): "1"},
        {"kind": ["library", "a\x00"]},
        {"a\x00": "1"},
    ],
    ids=["long value", "long name", "one of repeated values", "name"],
)
def test_hostile_query_parameters_answer_400(visitor, query):
    _bad_request_page(visitor.get("/cerca/", query))


def test_a_query_value_at_the_limit_is_accepted(visitor):
    assert visitor.get("/cerca/", {"q": "x" * MAX_QUERY_VALUE_LENGTH}).status_code == 200


def test_a_nul_byte_in_the_path_answers_400(visitor):
    _bad_request_page(visitor.get("/fornitori/abc%00/"))


def test_a_form_field_with_a_nul_byte_or_over_the_limit_answers_400(client, base_user):
    client.force_login(base_user)
    _bad_request_page(client.post("/profilo/modifica/", {"first_name": "Lu\x00cia"}))
    _bad_request_page(
        client.post("/profilo/modifica/", {"first_name": "x" * (MAX_FORM_VALUE_LENGTH + 1)})
    )


def test_a_long_form_text_under_the_limit_reaches_the_form(client, base_user):
    client.force_login(base_user)
    response = client.post("/profilo/modifica/", {"first_name": "x" * (MAX_QUERY_VALUE_LENGTH * 2)})
    assert response.status_code == 200  # the form says the name is too long
