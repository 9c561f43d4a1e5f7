from django.conf import settings

from portal.navigation import main_navigation


def site(request):
    """What the layout shows on every page: the navigation and the network's contact address."""
    return {
        "main_navigation": main_navigation(request),
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
    }
