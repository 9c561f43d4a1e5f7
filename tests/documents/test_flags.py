"""Reports of documents: into the staff's queue, a report of personal data hides the document at
once, staff uphold or dismiss, and reports are limited per person."""

import pytest
from django.core import mail
from django.urls import reverse

from documents import actions
from documents.models import Document, Flag
from tests.documents.factories import make_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def report(client, document, reason, note="All'articolo 3 c'è il codice fiscale di un utente."):
    return client.post(
        reverse("documents:document-flag", args=[document.slug]), {"reason": reason, "note": note}
    )


def test_a_report_of_personal_data_hides_the_document_until_staff_decide(
    client, base_user, staff, committing
):
    document = make_document(title="Graduatoria della selezione")
    client.force_login(base_user)
    with committing():
        response = report(client, document, "personal-data")
    assert response.status_code == 302
    assert "Graduatoria della selezione" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == [staff.email]
    # Nobody but staff sees it now, not even in the list or the search.
    other = UserFactory()
    client.force_login(other)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert "Graduatoria della selezione" not in client.get(reverse("documents:document-list")).text
    client.force_login(staff)
    page = client.get(document.get_absolute_url())
    assert "Sospeso per verifica" in page.text

    flag = Flag.objects.get()
    actions.dismiss_flag(flag=flag, by=staff)
    client.force_login(other)
    assert client.get(document.get_absolute_url()).status_code == 200


def test_an_outdated_report_leaves_the_document_visible(client, base_user):
    document = make_document()
    client.force_login(base_user)
    report(client, document, "outdated", "Cita ancora il d.lgs. 50/2016.")
    flag = Flag.objects.get()
    assert flag.status == Flag.Status.OPEN
    assert client.get(document.get_absolute_url()).status_code == 200


def test_the_same_person_cannot_report_twice_while_the_report_is_open(client, base_user):
    document = make_document()
    client.force_login(base_user)
    report(client, document, "wrong")
    response = report(client, document, "wrong")
    assert response.status_code == 200
    assert "Hai già segnalato questo documento" in response.text
    assert Flag.objects.count() == 1


def test_upholding_a_report_hides_the_document_and_tells_its_referents(staff, committing):
    document = make_document()
    referent = document.organisation.referents().first()
    flag = actions.flag_document(document=document, by=UserFactory(), reason="wrong")
    with committing():
        actions.uphold_flag(flag=flag, by=staff, reason="Il testo è di un altro ente.")
    document.refresh_from_db()
    flag.refresh_from_db()
    assert document.is_hidden
    assert flag.status == Flag.Status.UPHELD
    message = mail.outbox[-1]
    assert message.to == [referent.email]
    assert "Il testo è di un altro ente." in message.body


def test_reports_are_limited_per_person_and_keep_what_was_typed(client, base_user, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "document_flags": "2/h"}
    documents = [make_document() for _ in range(3)]
    client.force_login(base_user)
    report(client, documents[0], "wrong")
    report(client, documents[1], "wrong")
    response = report(client, documents[2], "wrong", "Manca l'allegato B del capitolato.")
    assert response.status_code == 429
    assert "Manca l&#x27;allegato B del capitolato." in response.text
    assert Flag.objects.count() == 2


def test_a_visitor_is_asked_to_log_in_to_report(client):
    document = make_document()
    response = client.get(reverse("documents:document-flag", args=[document.slug]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"] or "accedi" in response["Location"]
    assert not Document.objects.filter(is_held=True).exists()


def test_staff_work_the_queue_in_the_admin(staff_client, staff):
    document = make_document(title="Regolamento con dati")
    flag = actions.flag_document(document=document, by=UserFactory(), reason="personal-data")
    changelist = reverse("admin:documents_flag_changelist")
    page = staff_client.get(changelist)
    assert "Regolamento con dati" in page.text
    response = staff_client.post(
        changelist, {"action": "dismiss", "_selected_action": [flag.pk]}, follow=True
    )
    assert response.status_code == 200
    flag.refresh_from_db()
    document.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
    assert not document.is_held
