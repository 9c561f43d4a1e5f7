"""Template tags through which other pages show practices: the home page and an organisation's
page. Each runs its own visible query, so that the pages' apps import nothing from this one."""

from django import template
from django.db.models import Exists, OuterRef, Q

from members.models import Organisation, last_twelve_months
from portal.lib.pagecache import remember
from practices.models import Practice, contributions

register = template.Library()

HOME_SHOWN = 6
ORGANISATION_SHOWN = 10
DASHBOARD_SHOWN = 10


@register.inclusion_tag("practices/_home_practices.html", takes_context=True)
def home_practices(context):
    """The newest published practices, featured ones first."""
    user = context["request"].user
    practices = (
        Practice.objects.visible_to(user)
        .published()
        .for_cards()
        .order_by("-is_featured", "-published_at", "-pk")[:HOME_SHOWN]
    )
    return {"practices": practices}


@register.inclusion_tag("practices/_organisation_practices.html", takes_context=True)
def organisation_practices(context, organisation):
    """The practices an organisation contributed, as far as the person may see them, the ones it
    took part in as a partner and the published ones it adopted from others: one query for all,
    kept for everyone who sees the same practices."""
    user = context["request"].user
    own = Q(organisation=organisation, revision_of__isnull=True)
    partnered = Q(partners=organisation, revision_of__isnull=True)
    adopted = Q(status=Practice.Status.PUBLISHED, adoptions__organisation=organisation)
    partners = Practice.partners.through.objects.filter(
        practice=OuterRef("pk"), organisation=organisation
    )
    # Kept under the content version for everyone who sees the same practices.
    rows = remember(
        f"organisation-practices:{organisation.pk}:{Practice.objects.visibility_scope(user)}",
        lambda: list(
            Practice.objects.visible_to(user)
            .filter(own | partnered | adopted)
            .select_related("organisation")
            .annotate(is_partner=Exists(partners))
            .distinct()
            .order_by("-published_at", "-pk")[: 3 * ORGANISATION_SHOWN]
        ),
    )
    others = [row for row in rows if row.organisation_id != organisation.pk]
    return {
        "organisation": organisation,
        "practices": [row for row in rows if row.organisation_id == organisation.pk][
            :ORGANISATION_SHOWN
        ],
        "partnered": [row for row in others if row.is_partner][:ORGANISATION_SHOWN],
        "adopted": [row for row in others if not row.is_partner][:ORGANISATION_SHOWN],
        # The organisation's page has already decided whether the person manages it; staff
        # moderate practices but draft none.
        "can_propose": context.get("can_edit", False) and not user.is_staff,
    }


@register.inclusion_tag("practices/_organisation_contributions.html")
def organisation_practice_contributions(organisation):
    """The practices the organisation published and adopted from others in the last twelve
    months, as rows of the organisation page's list of contributions: one query."""
    start, end = last_twelve_months()
    return Organisation.objects.filter(pk=organisation.pk).values(**contributions(start, end)).get()


@register.inclusion_tag("practices/_dashboard_practices.html")
def practices_awaiting(person):
    """For "La mia area": the practices of the person's organisations that staff returned for
    changes or still have to review."""
    practices = list(
        Practice.objects.managed_by(person)
        .filter(status__in=[Practice.Status.RETURNED, Practice.Status.SUBMITTED])
        .select_related("organisation")
        .only("slug", "title", "status", "return_reason", "updated_at", "organisation__name")
        .order_by("status", "-updated_at", "-pk")[:DASHBOARD_SHOWN]
    )
    return {"practices": practices}
