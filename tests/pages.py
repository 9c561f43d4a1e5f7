"""Assertions about what a page shows, shared by every app's tests."""

from django.utils.html import escape


def assert_refused(response, *explanations: str) -> None:
    """The response is the 403 page that explains itself: each of `explanations` (a sentence,
    a name or a link's address) is on it, not only the status."""
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accesso negato" in html or "Access denied" in html
    for text in explanations:
        assert escape(text) in html or text in html, f"{text!r} is not on the refusal page"
