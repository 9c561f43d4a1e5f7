"""What the services show in the person's "La mia area": the requests that wait for their reply,
when there are any."""

from django import template

from services.models import ServiceRequest

register = template.Library()


@register.inclusion_tag("services/_awaiting_requests.html")
def requests_awaiting_reply(person):
    requests = list(
        ServiceRequest.objects.awaiting_reply_from(person)
        .select_related("service", "organisation")
        .order_by("-updated_at")[:10]
    )
    return {"requests": requests, "person": person}
