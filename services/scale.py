"""The services part of `seed_scale`: years of service requests with their steps, threads and
credits, and a roster of experts, in bulk.

Requests are spread over the approved systems, on the terms each one's membership gives, in
every state of the workflow; an accepted request of a credit package takes its credits as a
ledger row, and one that would take the balance below zero is declined instead, as staff would.
"""

import datetime

from django.db import connection
from django.utils import timezone

from members.models import CreditEntry, Membership, Region, Role, ServiceArea
from portal.lib.scale import BATCH_SIZE, Text, batches, create_in_batches
from services.models import (
    Condition,
    Expert,
    Message,
    RequestEvent,
    Service,
    ServiceRequest,
)

Status = ServiceRequest.Status
Kind = RequestEvent.Kind
# The steps each final state went through, after "submitted".
STEPS = {
    Status.SUBMITTED: [],
    Status.ACCEPTED: [Kind.ACCEPTED],
    Status.DECLINED: [Kind.DECLINED],
    Status.IN_PROGRESS: [Kind.ACCEPTED, Kind.STARTED],
    Status.COMPLETED: [Kind.ACCEPTED, Kind.STARTED, Kind.COMPLETED],
    Status.CANCELLED: [Kind.CANCELLED],
}
WEIGHTS = {
    Status.SUBMITTED: 10,
    Status.ACCEPTED: 10,
    Status.DECLINED: 8,
    Status.IN_PROGRESS: 15,
    Status.COMPLETED: 50,
    Status.CANCELLED: 7,
}
TAKES_CREDITS = {Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED}
SUBJECTS = [
    "Supporto per il nuovo regolamento", "Corso per i bibliotecari del sistema",
    "Gara per il servizio di trasporto", "Campagna per le iscrizioni",
    "Bando per due istruttori bibliotecari", "Progetto per il bando regionale",
    "Parere sulla convenzione tra i Comuni", "Lettura degli indicatori dell'anno",
    "Allestimento della sezione ragazzi", "Migrazione del catalogo",
]  # fmt: skip


def create_experts(rng, count: int, organisations, progress) -> list[Expert]:
    text = Text(rng)
    areas = list(ServiceArea.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    experts = []
    for number in range(count):
        first, last = text.person()
        organisation = rng.choice(organisations) if rng.random() < 0.6 else None
        experts.append(
            Expert(
                name=f"{first} {last}",
                email=f"esperto{number}@esperti.example",
                organisation=organisation,
                is_offered=organisation is not None,
                availability=rng.choice(Expert.Availability.values),
                days_per_year=rng.choice([5, 10, 20, None]),
                conditions="Anche a distanza.",
                profile=text.paragraph(3),
                is_active=rng.random() < 0.95,
            )
        )
    experts = create_in_batches(Expert, experts, count, progress)
    Competences, Regions = Expert.competences.through, Expert.regions.through
    for batch in batches(experts, BATCH_SIZE // 4):
        Competences.objects.bulk_create(
            Competences(expert_id=expert.pk, servicearea_id=area)
            for expert in batch
            for area in rng.sample(areas, rng.randint(1, 3))
        )
        Regions.objects.bulk_create(
            Regions(expert_id=expert.pk, region_id=region)
            for expert in batch
            for region in rng.sample(regions, rng.randint(0, 2))
        )
    return experts


def create_service_requests(rng, count: int, organisations, staff, experts, progress) -> list:
    """`count` requests of the `organisations` (approved ones), by their referents."""
    text = Text(rng)
    services = list(Service.objects.filter(is_active=True))
    memberships = {
        membership.organisation_id: membership
        for membership in Membership.objects.active().filter(organisation__in=organisations)
    }
    referents = {}
    for role in Role.objects.approved().filter(
        organisation__in=organisations, kind=Role.Kind.REFERENT
    ):
        referents.setdefault(role.organisation_id, role.user_id)
    # Systems with a referent ask; at a small fraction of the sizes few have one, and then
    # any system asks, its request's author unknown (a referent who left).
    requesting = [o for o in organisations if o.pk in referents] or list(organisations)
    balances = {
        membership.pk: membership.credits or 0
        for membership in memberships.values()
        if membership.tier == Membership.Tier.PACKAGE
    }
    now = timezone.now()
    requests, plans = [], []
    for _ in range(count):
        organisation = rng.choice(requesting)
        service = rng.choice(services)
        membership = memberships.get(organisation.pk)
        terms = service.terms_for(membership)
        status = rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        if not terms.can_request:
            status = Status.DECLINED
        taken = 0
        if status in TAKES_CREDITS and terms.condition == Condition.CREDITS:
            if balances[membership.pk] >= terms.credits:
                balances[membership.pk] -= terms.credits
                taken = terms.credits
            else:
                status = Status.DECLINED
        created = now - datetime.timedelta(days=rng.randint(0, 1095), minutes=rng.randint(0, 600))
        requests.append(
            ServiceRequest(
                service=service,
                organisation=organisation,
                requested_by_id=referents.get(organisation.pk),
                subject=rng.choice(SUBJECTS),
                description=text.paragraphs(2),
                desired_start=created.date() + datetime.timedelta(days=30),
                desired_end=created.date() + datetime.timedelta(days=120),
                status=status,
                condition=terms.condition,
                price=terms.price,
                credits=terms.credits,
                credits_taken=taken,
                decline_reason="Il servizio non è disponibile nel periodo richiesto."
                if status == Status.DECLINED
                else "",
                assigned_staff=staff if status != Status.SUBMITTED else None,
                assigned_expert=rng.choice(experts)
                if experts and status in TAKES_CREDITS and rng.random() < 0.5
                else None,
                awaiting=rng.choice(["network", "organisation"])
                if status in (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)
                else "",
            )
        )
        plans.append((created, membership if taken else None))
    requests = create_in_batches(ServiceRequest, requests, count, progress)
    _history(rng, requests, plans, staff, text)
    return requests


def _history(rng, requests, plans, staff, text) -> None:
    """Each request's steps, thread and credit row, dated after its sending."""
    staff_id = staff.pk if staff else None
    for batch in batches(list(zip(requests, plans, strict=True)), BATCH_SIZE // 4):
        events, messages, entries = [], [], []
        for request, (_created, membership) in batch:
            events.append(
                RequestEvent(
                    request=request, kind=Kind.SUBMITTED, author_id=request.requested_by_id
                )
            )
            for kind in STEPS[request.status]:
                author = request.requested_by_id if kind == Kind.CANCELLED else staff_id
                note = request.decline_reason if kind == Kind.DECLINED else ""
                events.append(RequestEvent(request=request, kind=kind, author_id=author, note=note))
            for number in range(rng.choices([0, 1, 2, 3], [30, 30, 25, 15])[0]):
                from_network = number % 2 == 0
                messages.append(
                    Message(
                        request=request,
                        author_id=staff_id if from_network else request.requested_by_id,
                        from_network=from_network,
                        body=text.paragraph(2),
                    )
                )
            if membership is not None:
                entries.append(
                    CreditEntry(
                        membership=membership,
                        kind=CreditEntry.Kind.TAKE,
                        amount=-request.credits_taken,
                        reference=request.credit_reference,
                        created_by=staff,
                    )
                )
        RequestEvent.objects.bulk_create(events)
        Message.objects.bulk_create(messages)
        CreditEntry.objects.bulk_create(entries)
    # auto_now_add fields take the insert's time: give every row its own history's dates.
    for request, (created, _membership) in zip(requests, plans, strict=True):
        request.created_at = created
    ServiceRequest.objects.bulk_update(requests, ["created_at"], batch_size=BATCH_SIZE)
    with connection.cursor() as cursor:
        for model, step in ((RequestEvent, "2 days"), (Message, "1 day 3 hours")):
            table = model._meta.db_table
            cursor.execute(
                f'UPDATE "{table}" row SET created_at = r.created_at + s.n * interval %s '
                f'FROM "{ServiceRequest._meta.db_table}" r, (SELECT id, row_number() OVER '
                f'(PARTITION BY request_id ORDER BY id) AS n FROM "{table}") s '
                "WHERE row.request_id = r.id AND s.id = row.id AND r.id >= %s",
                [step, requests[0].pk],
            )
