"""Security headers that Django's own middleware does not set."""


class SecurityHeadersMiddleware:
    """Adds Cross-Origin-Resource-Policy: the portal's resources are for its own pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
