"""Template tags through which the organisations' pages lead to the mapping survey and its
report, so that members' templates name no page of this app."""

from django import template

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
