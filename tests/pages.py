"""Assertions about what a page shows, shared by every app's tests."""

from django.urls import reverse
from django.utils.html import escape


def assert_refused(response, *explanations: str) -> None:
    """The response is the 403 page that explains itself: each of `explanations` (a sentence,
    a name or a link's address) is on it, not only the status."""
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accesso negato" in html or "Access denied" in html
    for text in explanations:
        assert escape(text) in html or text in html, f"{text!r} is not on the refusal page"


def run_admin_action(client, action: str, objects, **extra):
    """Runs the admin action `action` on `objects` (rows of one model) from the admin's list of
    that model, as staff would by ticking them, and follows to the page shown next."""
    opts = objects[0]._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data, follow=True)
