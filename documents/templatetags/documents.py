"""Template tags through which other pages show documents: the home page and an organisation's
page. Each runs its own listed query, so that the pages' apps import nothing from this one."""

from django import template

from documents.models import Document, contributions, organisation_documents
from members.models import Organisation, last_twelve_months

register = template.Library()

HOME_SHOWN = 4
ORGANISATION_SHOWN = 10


@register.inclusion_tag("documents/_home_documents.html", takes_context=True)
def home_documents(context):
    """The newest current documents, the same for everyone: a restricted one shows its level,
    not whether the person may open it, so that the home page can be kept for all alike."""
    user = context["request"].user
    documents = (
        Document.objects.shown()
        .current()
        .for_cards(user)
        .order_by("-created_at", "-pk")[:HOME_SHOWN]
    )
    return {"documents": documents}


@register.inclusion_tag("documents/_organisation_documents.html", takes_context=True)
def organisation_document_list(context, organisation):
    """The newest documents an organisation shared, as far as the person may see them."""
    user = context["request"].user
    rows = list(organisation_documents(organisation, user)[: ORGANISATION_SHOWN + 1])
    return {
        "organisation": organisation,
        "documents": rows[:ORGANISATION_SHOWN],
        "has_more": len(rows) > ORGANISATION_SHOWN,
        # The organisation's page has already decided whether the person manages it.
        "can_share": context.get("can_edit", False),
    }


@register.inclusion_tag("documents/_organisation_contributions.html")
def organisation_document_contributions(organisation):
    """The documents the organisation added in the last twelve months, as a row of the
    organisation page's list of contributions: one query."""
    start, end = last_twelve_months()
    return Organisation.objects.filter(pk=organisation.pk).values(**contributions(start, end)).get()
