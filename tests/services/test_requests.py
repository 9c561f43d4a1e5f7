"""Service requests: who may send them and on what terms, every step of the workflow and the
ones refused, the credits taken and given back, and who sees a request and its thread."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from members.actions.memberships import credit_balance
from members.models import CreditEntry
from services.actions.requests import (
    accept_request,
    assign_request,
    cancel_request,
    complete_request,
    decline_request,
    post_message,
    start_request,
)
from services.models import Expert, ServiceRequest
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.services.factories import credit_package, make_request, referent_of, service

pytestmark = pytest.mark.django_db


def _en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


# The terms each tier gets ---------------------------------------------------------------------


def test_each_tier_gets_the_terms_of_the_catalogue():
    recruitment = service("reclutamento-personale")  # reduced price, 4 credits, in the flat rate
    official = MembershipFactory()
    credits = MembershipFactory(package=True)
    flat = MembershipFactory(package=True, credits=None, is_flat_rate=True)
    assert recruitment.terms_for(None).condition == "information"
    assert (recruitment.terms_for(official).condition, recruitment.terms_for(official).price) == (
        "reduced",
        recruitment.official_price,
    )
    assert (recruitment.terms_for(credits).condition, recruitment.terms_for(credits).credits) == (
        "credits",
        4,
    )
    assert recruitment.terms_for(flat).condition == "flat-rate"
    # A service the flat rate does not cover: flat-rate holders get the official members' terms.
    spaces = service("architettura-spazi")
    assert spaces.terms_for(flat).condition == "reduced"


def test_a_service_unavailable_to_base_profiles_is_refused_to_an_organisation_without_membership(
    refused,
):
    training = service("formazione")
    training.base_condition = "unavailable"
    training.save()
    organisation = OrganisationFactory()
    with refused("not_available", field="organisation"):
        make_request(organisation)
    assert not ServiceRequest.objects.exists()


def test_a_request_records_the_terms_of_the_day_it_was_sent():
    package = credit_package(credits=10)
    request = make_request(package.organisation, slug="reclutamento-personale")
    assert (request.condition, request.credits, request.credits_taken) == ("credits", 4, 0)
    assert request.events.get().kind == "submitted"
    assert request.messages.get().attachments.get().name == "programma.pdf"


def test_only_a_referent_of_the_organisation_can_send_its_request(refused):
    membership = MembershipFactory()
    outsider = referent_of(OrganisationFactory())
    with refused("not_a_referent"):
        make_request(membership.organisation, by=outsider)


# The workflow ---------------------------------------------------------------------------------


def test_the_whole_workflow_tells_the_other_side_at_each_step(committing, staff):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    with committing():
        request = make_request(membership.organisation, by=referent)
    assert [message.to for message in mail.outbox] == [[staff.email]]
    for step, subject in [
        (accept_request, "accettata"),
        (start_request, "iniziati i lavori"),
        (complete_request, "completata"),
    ]:
        mail.outbox.clear()
        with committing():
            step(request=request, by=staff)
        assert [message.to for message in mail.outbox] == [[referent.email]]
        assert subject in mail.outbox[0].subject
    request.refresh_from_db()
    assert request.status == "completed"
    assert [event.kind for event in request.events.all()] == [
        "submitted",
        "accepted",
        "started",
        "completed",
    ]
    assert all(event.author for event in request.events.all())


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("in-progress", accept_request),
        ("completed", start_request),
        ("submitted", complete_request),
        ("in-progress", lambda **kw: decline_request(**kw, reason="Tardi")),
        ("completed", lambda **kw: decline_request(**kw, reason="Tardi")),
    ],
)
def test_steps_out_of_order_are_refused(refused, staff, status, step):
    request = make_request(MembershipFactory().organisation)
    ServiceRequest.objects.filter(pk=request.pk).update(status=status)
    with refused("wrong_status"):
        step(request=request, by=staff)
    request.refresh_from_db()
    assert request.status == status


def test_only_staff_move_a_request_on(refused):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    request = make_request(membership.organisation, by=referent)
    with refused("not_staff"):
        accept_request(request=request, by=referent)


def test_declining_needs_a_reason_and_the_organisation_reads_it(committing, refused, staff):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    request = make_request(membership.organisation, by=referent)
    with refused("reason_required", field="reason"):
        decline_request(request=request, by=staff, reason="  ")
    mail.outbox.clear()
    with committing():
        decline_request(request=request, by=staff, reason="Il servizio è sospeso fino a marzo.")
    assert "sospeso fino a marzo" in mail.outbox[0].body
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        "declined",
        "Il servizio è sospeso fino a marzo.",
    )


def test_the_organisation_cancels_before_work_starts_and_not_after(refused, staff):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    first = make_request(membership.organisation, by=referent)
    cancel_request(request=first, by=referent, note="Abbiamo trovato un'altra soluzione.")
    first.refresh_from_db()
    assert first.status == "cancelled"
    second = make_request(membership.organisation, by=referent)
    accept_request(request=second, by=staff)
    start_request(request=second, by=staff)
    with refused("wrong_status"):
        cancel_request(request=second, by=referent)


# Credits --------------------------------------------------------------------------------------


def test_acceptance_takes_the_credits_and_declining_after_it_gives_them_back(staff):
    package = credit_package(credits=10)
    request = make_request(package.organisation, slug="reclutamento-personale")
    assert credit_balance(package.organisation) == 10  # nothing taken until staff accept
    accept_request(request=request, by=staff)
    assert credit_balance(package.organisation) == 6
    decline_request(request=request, by=staff, reason="L'esperto non è più disponibile.")
    assert credit_balance(package.organisation) == 10
    kinds = list(package.credit_entries.values_list("kind", "amount", "reference"))
    assert kinds[1:] == [
        (CreditEntry.Kind.TAKE, -4, request.credit_reference),
        (CreditEntry.Kind.REFUND, 4, request.credit_reference),
    ]


def test_cancelling_an_accepted_request_gives_the_credits_back(staff):
    package = credit_package(credits=10)
    referent = referent_of(package.organisation)
    request = make_request(package.organisation, by=referent, slug="reclutamento-personale")
    accept_request(request=request, by=staff)
    cancel_request(request=request, by=referent)
    assert credit_balance(package.organisation) == 10


def test_acceptance_is_refused_when_the_credits_are_not_enough(refused, staff):
    package = credit_package(credits=3)
    request = make_request(package.organisation, slug="reclutamento-personale")
    with refused("not_enough_credits") as refusal:
        accept_request(request=request, by=staff)
    assert "3" in str(refusal.value)
    request.refresh_from_db()
    assert (request.status, credit_balance(package.organisation)) == ("submitted", 3)


def test_a_flat_rate_package_takes_no_credits(staff):
    flat = MembershipFactory(package=True, credits=None, is_flat_rate=True)
    request = make_request(flat.organisation, slug="reclutamento-personale")
    accept_request(request=request, by=staff)
    request.refresh_from_db()
    assert (request.condition, request.credits_taken, request.status) == (
        "flat-rate",
        0,
        "accepted",
    )


# The thread ---------------------------------------------------------------------------------


def test_messages_tell_the_other_side_and_internal_notes_tell_no_one(committing, staff):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    request = make_request(membership.organisation, by=referent)
    mail.outbox.clear()
    with committing():
        post_message(request=request, by=staff, body="Potete indicare le date preferite?")
    assert [message.to for message in mail.outbox] == [[referent.email]]
    request.refresh_from_db()
    assert request.awaiting == "organisation"
    mail.outbox.clear()
    with committing():
        post_message(request=request, by=staff, body="Chiedere a Rossi.", is_internal=True)
    assert mail.outbox == []
    with committing():
        post_message(request=request, by=referent, body="Dal 10 al 20 marzo.")
    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_the_request_page_shows_the_thread_but_never_internal_notes_to_the_organisation(
    client, staff
):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    request = make_request(membership.organisation, by=referent)
    post_message(request=request, by=staff, body="Serve il preventivo firmato.")
    post_message(request=request, by=staff, body="Nota riservata allo staff.", is_internal=True)
    client.force_login(referent)
    page = client.get(_en("services:request-detail", pk=request.pk)).content.decode()
    assert "Serve il preventivo firmato." in page
    assert "Nota riservata" not in page
    client.force_login(staff)
    assert (
        "Nota riservata"
        in client.get(_en("services:request-detail", pk=request.pk)).content.decode()
    )


def test_an_assigned_expert_sees_the_request_and_its_thread_but_not_internal_notes(client, staff):
    membership = MembershipFactory()
    request = make_request(membership.organisation)
    person = UserFactory()
    expert = Expert.objects.create(name="Laura Neri", email=person.email, user=person, profile="…")
    assign_request(request=request, by=staff, expert=expert)
    post_message(request=request, by=staff, body="Nota riservata allo staff.", is_internal=True)
    client.force_login(person)
    response = client.get(_en("services:request-detail", pk=request.pk))
    assert response.status_code == 200
    assert "Nota riservata" not in response.content.decode()
    other = make_request(membership.organisation)
    assert client.get(_en("services:request-detail", pk=other.pk)).status_code == 404


def test_another_organisation_never_sees_a_request_its_thread_or_its_files(client):
    request = make_request(MembershipFactory().organisation)
    attachment = request.messages.get().attachments.get()
    client.force_login(referent_of(MembershipFactory().organisation))
    for url in [
        _en("services:request-detail", pk=request.pk),
        _en("services:attachment-download", pk=request.pk, attachment=attachment.pk),
    ]:
        assert client.get(url).status_code == 404
    assert "Corso sul prestito" not in client.get(_en("services:request-list")).content.decode()


def test_the_organisation_downloads_the_files_of_its_request(client):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    request = make_request(membership.organisation, by=referent)
    attachment = request.messages.get().attachments.get()
    client.force_login(referent)
    response = client.get(
        _en("services:attachment-download", pk=request.pk, attachment=attachment.pk)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# The pages -------------------------------------------------------------------------------------


def test_a_referent_sends_a_request_from_the_site_and_sees_its_terms_first(client, committing):
    package = credit_package(credits=10)
    referent = referent_of(package.organisation)
    client.force_login(referent)
    url = _en("services:request-create", slug="reclutamento-personale")
    form = client.get(url).content.decode()
    assert "4 credits of the package" in form
    with committing():
        response = client.post(
            url,
            {
                "organisation": package.organisation.pk,
                "subject": "Concorso per due bibliotecari",
                "description": "Serve il bando e la commissione.",
                "attachments": [SimpleUploadedFile("delibera.pdf", pdf_bytes_())],
            },
        )
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    assert request.messages.get().attachments.get().name == "delibera.pdf"


def pdf_bytes_():
    from portal.lib.samples import pdf_bytes

    return pdf_bytes()


def test_a_bad_file_or_period_keeps_what_was_typed(client):
    membership = MembershipFactory()
    client.force_login(referent_of(membership.organisation))
    response = client.post(
        _en("services:request-create", slug="formazione"),
        {
            "organisation": membership.organisation.pk,
            "subject": "Corso sulla catalogazione",
            "description": "Testo che non deve andare perso.",
            "desired_start": "2027-03-10",
            "desired_end": "2027-03-01",
            "attachments": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Testo che non deve andare perso." in page
    assert "The end of the period comes before its start." in page
    assert "virus.pdf" in page or "content" in page.lower()
    assert not ServiceRequest.objects.exists()


def test_someone_with_no_organisation_is_told_how_to_request_services(client, base_user):
    client.force_login(base_user)
    response = client.get(_en("services:request-create", slug="formazione"))
    assert response.status_code == 403
    assert "referents of the organisations" in response.content.decode()


def test_requests_past_the_limit_get_the_limit_page_with_what_was_typed(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "service_requests": "1/d"}
    membership = MembershipFactory()
    client.force_login(referent_of(membership.organisation))
    url = _en("services:request-create", slug="formazione")
    data = {
        "organisation": membership.organisation.pk,
        "subject": "Primo",
        "description": "Uno.",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "subject": "Secondo", "description": "Testo prezioso."})
    assert response.status_code == 429
    assert "Testo prezioso." in response.content.decode()
    assert ServiceRequest.objects.count() == 1


def test_my_area_lists_the_requests_waiting_for_the_referents_reply(client, staff):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    request = make_request(membership.organisation, by=referent, subject="Corso di inglese")
    client.force_login(referent)
    assert "Corso di inglese" not in client.get(_en("portal:dashboard")).content.decode()
    post_message(request=request, by=staff, body="Quante persone?")
    assert "Corso di inglese" in client.get(_en("portal:dashboard")).content.decode()


def test_the_request_list_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    client.force_login(referent)
    make_request(membership.organisation, by=referent)
    url = _en("services:request-list")
    # New rows replace the content version: the session and the person are read again, then
    # the count and the page of requests.
    with django_assert_num_queries(4):
        client.get(url)
    for _ in range(8):
        make_request(membership.organisation, by=referent, slug="benchmarking")
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count("Corso sul prestito") == 9


def test_the_request_list_filters_by_status_and_ignores_an_unknown_one(client, staff):
    membership = MembershipFactory()
    referent = referent_of(membership.organisation)
    make_request(membership.organisation, by=referent, subject="Corso in attesa")
    accepted = make_request(membership.organisation, by=referent, subject="Corso accettato")
    accept_request(request=accepted, by=staff)
    client.force_login(referent)
    url = _en("services:request-list")
    page = client.get(url, {"stato": "accepted"}).content.decode()
    assert "Corso accettato" in page
    assert "Corso in attesa" not in page
    page = client.get(url, {"stato": "no-such-status"}).content.decode()
    assert "Corso accettato" in page
    assert "Corso in attesa" in page
