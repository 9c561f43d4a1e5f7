from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.navigation import main_navigation


def site(request):
    """What the layout shows on every page: the navigation and the network's contact address."""
    return {
        # Computed only by a page whose header or footer is not a cached fragment.
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
    }
