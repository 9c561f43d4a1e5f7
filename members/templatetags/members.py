"""Template tags of the members app: what a person's organisations give them, for their profile."""

from django import template
from django.db.models import Prefetch

from members.access import effective_tier as compute_effective_tier
from members.models import EffectiveTier, Organisation, Role

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
