"""The catalogue of the network's services: what each one is, and what it costs whom."""

from django.shortcuts import get_object_or_404, render

from members.models import Organisation
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
    """A service, the conditions of every tier, and those of the person's own organisations."""
    service = get_object_or_404(
        Service.objects.visible_to(request.user).select_related("area"), slug=slug
    )
    # None for a visitor: managed_by() answers an empty queryset without asking the database.
    organisations = list(Organisation.objects.managed_by(request.user).order_by("name"))
    own_terms = service.terms_for_each(organisations)
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "terms_by_tier": service.terms_by_tier(),
            "own_terms": own_terms,
            "can_request": any(terms.can_request for _, terms in own_terms),
        },
    )
