"""Assertions about what a page shows, shared by every app's tests."""

from django import forms
from django.db.models.fields.files import FieldFile
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


def admin_form_data(client, url, **changes):
    """What the admin's add or change form at `url` posts back as it shows it (inline formsets
    left as they are), with `changes` on top: many-to-many fields as lists of ids, tags as text."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        widget = form.fields[name].widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value)
            for suffix, part, subwidget in zip(
                widget.widgets_names, parts, widget.widgets, strict=True
            ):
                data[f"{name}{suffix}"] = subwidget.format_value(part)
        elif name == "tags" and not isinstance(value, str):
            data[name] = ", ".join(tag.name for tag in value)
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(changes)
    return data


def browsers(*people):
    """A test client logged in for each of `people` (None: a visitor), all logged in before any
    page is read: a login replaces the content version, and a test of what one person's kept
    page may show the next must read both under the same version."""
    from django.test import Client

    clients = []
    for person in people:
        client = Client(enforce_csrf_checks=True)
        if person is not None:
            client.force_login(person)
        clients.append(client)
    return clients
