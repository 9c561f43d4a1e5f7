"""Template tags of the members app: what a person's organisations give them, for their profile
and for "La mia area"."""

import datetime

from django import template
from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.access import effective_tier as compute_effective_tier
from members.models import EffectiveTier, Membership, Organisation, Role, referent_of

register = template.Library()


@register.simple_tag
def effective_tier(person) -> EffectiveTier:
    """`{% effective_tier person as tier %}`: the person's tier today (`tier.label` names it)."""
    return EffectiveTier(compute_effective_tier(person))


@register.inclusion_tag("members/_person_organisations.html", takes_context=True)
def person_organisations(context, person):
    """The person's open roles (asked for or approved), each with its organisation's tier today,
    and the effective tier they add up to."""
    roles = list(
        Role.objects.open()
        .filter(user=person)
        .prefetch_related(
            Prefetch("organisation", queryset=Organisation.objects.with_current_tier())
        )
        .order_by("organisation__name", "pk")
    )
    for role in roles:
        role.organisation_tier = EffectiveTier(role.organisation.current_tier)
        role.is_approved_referent = (
            role.status == Role.Status.APPROVED and role.kind == Role.Kind.REFERENT
        )
    return {
        "person": person,
        "roles": roles,
        "tier": EffectiveTier(compute_effective_tier(person)),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


# A membership ending within this many days is flagged on the dashboard, so that its renewal
# is asked in time.
EXPIRY_WARNING_DAYS = 60


@register.inclusion_tag("members/_dashboard_memberships.html")
def person_memberships(person):
    """For "La mia area": the current or applied-for membership of each organisation the person
    is a referent of, with its end date and the credits left, and the people who asked for a
    role in those organisations and wait for the person's approval."""
    managed = referent_of(person)
    today = timezone.localdate()
    memberships = []
    roles = []
    if managed:
        memberships = list(
            Membership.objects.filter(
                organisation__in=managed,
                status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING],
                ends_on__gte=today,
            )
            .select_related("organisation")
            .annotate(balance=Coalesce(Sum("credit_entries__amount"), 0))
            .order_by("organisation__name", "starts_on", "pk")
        )
        roles = list(
            Role.objects.pending()
            .filter(organisation__in=managed)
            .select_related("user", "organisation")
            .order_by("created_at", "pk")
        )
    warn_before = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    for membership in memberships:
        membership.days_left = (membership.ends_on - today).days
        membership.ends_soon = (
            membership.status == Membership.Status.ACTIVE and membership.ends_on <= warn_before
        )
    return {
        "person": person,
        "memberships": memberships,
        "roles": roles,
        "manages_any": bool(managed),
    }
