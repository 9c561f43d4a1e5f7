"""Template tags through which the organisations' pages lead to the mapping survey and its
report, so that members' templates name no page of this app, and "La mia area" to the survey
due."""

from django import template
from django.db.models import Exists, OuterRef

from mapping.actions import survey_year
from mapping.models import Survey
from members.models import Organisation, OrganisationKind

register = template.Library()


@register.inclusion_tag("mapping/_organisation_survey_link.html")
def organisation_survey_link(organisation):
    """The entry of a library system's management card that opens its survey; nothing for other
    organisations. The card is shown only to the people who manage the organisation."""
    return {"organisation": organisation}


@register.inclusion_tag("mapping/_report_link.html")
def mapping_report_link():
    """The invitation to read the mapping report, above the directory of organisations."""
    return {}


@register.inclusion_tag("mapping/_dashboard_surveys.html")
def surveys_due(person):
    """For "La mia area": the library systems the person manages whose survey of the year is
    not submitted yet, saying whether one is half filled in."""
    year = survey_year()
    of_the_year = Survey.objects.filter(organisation=OuterRef("pk"), year=year)
    systems = list(
        Organisation.objects.managed_by(person)
        .filter(kind=OrganisationKind.LIBRARY_SYSTEM)
        .exclude(Exists(of_the_year.filter(status=Survey.Status.SUBMITTED)))
        .annotate(has_draft=Exists(of_the_year))
        .only("slug", "name")
        .order_by("name", "pk")
    )
    return {"systems": systems, "year": year}
