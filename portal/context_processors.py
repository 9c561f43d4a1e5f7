from django.conf import settings


def site(request):
    """What the layout shows on every page: the contact address of the network."""
    return {"contact_email": settings.PORTAL_CONTACT_EMAIL}
