"""The catalogue of the network's services: what each one is, and what it costs whom."""

from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from members.models import Organisation, managed_organisation_ids
from services.models import Service


def service_list(request):
    """Every service offered, in the order of the network's service areas."""
    services = (
        Service.objects.visible_to(request.user)
        .select_related("area")
        .order_by("area__position", "position", "name")
    )
    return render(request, "services/service_list.html", {"services": services})


def service_detail(request, slug):
    """A service, the conditions of every tier, and those of the person's own organisations.

    The service's text and conditions are kept for everyone who sees it; the card that says how
    to request it is kept per set of organisations the person manages, whose memberships are
    read only when it is not kept."""
    service = get_object_or_404(
        Service.objects.visible_to(request.user).select_related("area"), slug=slug
    )
    user = request.user
    managed = sorted(managed_organisation_ids(user))
    own_terms = SimpleLazyObject(
        lambda: service.terms_for_each(
            list(Organisation.objects.filter(pk__in=managed).order_by("name"))
        )
    )
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "terms_by_tier": service.terms_by_tier,
            "own_terms": own_terms,
            "can_request": SimpleLazyObject(lambda: any(t.can_request for _, t in own_terms)),
            "request_key": ",".join(map(str, managed)) if user.is_authenticated else "visitor",
        },
    )
