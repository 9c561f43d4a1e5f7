"""Security headers that Django's own middleware does not set."""

from django.conf import settings
from django.utils.csp import CSP, build_policy


class SecurityHeadersMiddleware:
    """Adds Cross-Origin-Resource-Policy everywhere and the admin's looser CSP under /admin/.

    It sits inside Django's CSP middleware, which leaves a header already set alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path_info.startswith("/admin/"):
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.ADMIN_CSP)
        return response
