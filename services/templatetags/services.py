"""Template tags through which other pages show the services app's content: the organisation's
page counts what the organisation offers to the competence exchange. Each runs its own query, so
that the pages' apps import nothing from this one."""

from django import template
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from portal.lib.pagecache import remember
from services.models import CompetenceOffer

register = template.Library()


@register.inclusion_tag("services/_organisation_competence_offers.html", takes_context=True)
def organisation_competence_offers(context, organisation):
    """How many colleagues the organisation offers to the network, and in which competences:
    its approved offers, counted in one query. No names: the roster itself is for members."""
    name = F("competences__name")
    if translation.get_language() == "en":
        name = Coalesce(NullIf("competences__name_en", Value("")), name)
    approved = CompetenceOffer.objects.filter(
        organisation=organisation, status=CompetenceOffer.Status.APPROVED
    ).order_by()
    # The same for everyone: kept under the content version, per language.
    offered = remember(
        f"organisation-competence-offers:{organisation.pk}:{translation.get_language()}",
        lambda: approved.aggregate(
            experts=Count("pk", distinct=True),
            competences=ArrayAgg(name, distinct=True, default=[]),
        ),
    )
    return {
        "organisation": organisation,
        "experts": offered["experts"],
        "competences": sorted(name for name in offered["competences"] if name),
        # The organisation's page has already decided whether the person manages it; staff
        # manage organisations through the admin, not through the exchange's form.
        "can_offer": context.get("can_edit", False) and not context["request"].user.is_staff,
    }
