"""The expert roster and the competence exchange ("scambio di competenze").

A referent offers a colleague's competence on behalf of their organisation; staff approve the
offer, and the colleague joins the roster as offered by the organisation, or decline it with a
reason. Staff are told when an offer arrives, the organisation's referents when staff decide.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib.errors import refuse_other_fields
from portal.lib.notify import notify, staff_to_notify
from services.actions import ServiceError, refuse_unless_staff
from services.models import CompetenceOffer, Expert

MANY_TO_MANY = ("competences", "regions")


def _refuse_unless_referent(organisation, user):
    if not organisation.can_edit(user):
        raise ServiceError(
            _("Only the referents of %(organisation)s can offer its people's competences."),
            code="not_a_referent",
            params={"organisation": organisation.name},
            field="organisation",
        )


def _refuse_unless_pending(offer):
    if offer.status != CompetenceOffer.Status.PENDING:
        raise ServiceError(
            _("This offer has already been decided: it is %(status)s."),
            code="already_decided",
            params={"status": offer.get_status_display().lower()},
        )


def _lock(offer) -> CompetenceOffer:
    return CompetenceOffer.objects.select_for_update().get(pk=offer.pk)


@transaction.atomic
def offer_competence(*, organisation, by, data: dict) -> CompetenceOffer:
    """A referent of `organisation` offers a colleague's competence to the network, with the
    fields of `CompetenceOffer.EDITABLE_FIELDS` in `data`; staff are told."""
    refuse_other_fields(data, CompetenceOffer.EDITABLE_FIELDS, ServiceError)
    _refuse_unless_referent(organisation, by)
    if organisation.status != organisation.Status.APPROVED:
        raise ServiceError(
            _("Only approved organisations offer competences to the network."),
            code="organisation_not_approved",
            field="organisation",
        )
    if not data.get("competences"):
        raise ServiceError(
            _("Choose at least one competence."), code="no_competence", field="competences"
        )
    offer = CompetenceOffer(organisation=organisation, offered_by=by)
    for name, value in data.items():
        if name not in MANY_TO_MANY:
            setattr(offer, name, value)
    offer.full_clean(exclude=["offered_by", "expert"])
    offer.save()
    offer.competences.set(data["competences"])
    offer.regions.set(data.get("regions") or [])
    notify(
        to=staff_to_notify(),
        template="services/emails/offer_received",
        context={"offer": offer, "organisation": organisation, "person": by},
    )
    return offer


@transaction.atomic
def approve_offer(*, offer, by) -> Expert:
    """Staff approve an offer: the colleague joins the roster, offered by the organisation and
    linked to their account when one has that e-mail; the referents are told."""
    refuse_unless_staff(by)
    offer = _lock(offer)
    _refuse_unless_pending(offer)
    account = get_user_model().objects.filter(email__iexact=offer.email, is_active=True).first()
    expert = Expert.objects.create(
        name=offer.name,
        email=offer.email,
        user=account,
        organisation=offer.organisation,
        is_offered=True,
        days_per_year=offer.days_per_year,
        conditions=offer.conditions,
        profile=offer.profile,
    )
    expert.competences.set(offer.competences.all())
    expert.regions.set(offer.regions.all())
    offer.status = CompetenceOffer.Status.APPROVED
    offer.expert = expert
    offer.decided_at = timezone.now()
    offer.save(update_fields=["status", "expert", "decided_at"])
    notify(
        to=offer.organisation.referents(),
        template="services/emails/offer_approved",
        context={"offer": offer, "organisation": offer.organisation},
    )
    return expert


@transaction.atomic
def decline_offer(*, offer, by, reason: str) -> CompetenceOffer:
    """Staff decline an offer with a reason, which the organisation's referents receive."""
    refuse_unless_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Say why the offer is declined: the referents receive the reason."),
            code="no_reason",
            field="reason",
        )
    offer = _lock(offer)
    _refuse_unless_pending(offer)
    offer.status = CompetenceOffer.Status.DECLINED
    offer.decline_reason = reason
    offer.decided_at = timezone.now()
    offer.save(update_fields=["status", "decline_reason", "decided_at"])
    notify(
        to=offer.organisation.referents(),
        template="services/emails/offer_declined",
        context={"offer": offer, "organisation": offer.organisation},
    )
    return offer


# The roster, as staff keep it ---------------------------------------------------------------

# What staff write about an expert in the admin.
EXPERT_FIELDS = [
    "name",
    "email",
    "user",
    "organisation",
    "is_offered",
    "competences",
    "regions",
    "availability",
    "days_per_year",
    "conditions",
    "profile",
    "is_active",
]


def _apply_expert(expert: Expert, data: dict) -> Expert:
    for name, value in data.items():
        if name not in MANY_TO_MANY:
            setattr(expert, name, value)
    expert.full_clean(exclude=["competences", "regions"])
    expert.save()
    if "competences" in data:
        expert.competences.set(data["competences"])
    if "regions" in data:
        expert.regions.set(data["regions"] or [])
    return expert


@transaction.atomic
def add_expert(*, by, data: dict) -> Expert:
    """Staff add someone to the roster directly, an external consultant most often."""
    refuse_unless_staff(by)
    refuse_other_fields(data, EXPERT_FIELDS, ServiceError)
    if not data.get("competences"):
        raise ServiceError(
            _("Choose at least one competence."), code="no_competence", field="competences"
        )
    return _apply_expert(Expert(), data)


@transaction.atomic
def update_expert(*, expert, by, data: dict) -> Expert:
    """Staff change what the roster says about an expert (availability, competences...)."""
    refuse_unless_staff(by)
    refuse_other_fields(data, EXPERT_FIELDS, ServiceError)
    if "competences" in data and not data["competences"]:
        raise ServiceError(
            _("Choose at least one competence."), code="no_competence", field="competences"
        )
    return _apply_expert(Expert.objects.select_for_update().get(pk=expert.pk), data)
