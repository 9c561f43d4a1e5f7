"""The pages of the members app, one module per area: directory, memberships, roles.

Every page that works on an organisation fetches it through the two helpers here, so that the
access rules live in `Organisation.objects.visible_to()` and `Organisation.can_edit()` alone.
"""

from django.shortcuts import get_object_or_404

from members.access import require_manager
from members.models import Organisation


def get_organisation_for_user(request, slug, queryset=None) -> Organisation:
    """The organisation, if the person may see it; 404 otherwise, whatever the slug."""
    queryset = Organisation.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def get_managed_organisation(request, slug, queryset=None) -> Organisation:
    """The organisation, for its approved referents and staff: 404 when the person cannot
    even see it, a 403 page that says who may when they see it but may not manage it."""
    organisation = get_organisation_for_user(request, slug, queryset)
    require_manager(request.user, organisation)
    return organisation
