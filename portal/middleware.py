"""Middleware of the portal: security headers Django's own middleware does not set, and the
refusal of request parameters no page could use."""

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from portal.views import bad_request

# One value of a query-string parameter: the longest a page reads is a search query (200
# characters) or a list of choices; 10,000 leaves room for any real link and still refuses
# values built to make a filter or a lookup work hard.
MAX_QUERY_VALUE_LENGTH = 10_000
# One value of a form field: the long Markdown texts (a practice's description, a supplier's
# profile) have no length limit of their own, and 200,000 characters is some 60 printed pages,
# far beyond any of them; the whole body stays under DATA_UPLOAD_MAX_MEMORY_SIZE anyway.
# Uploaded files are not form fields and are capped by their own validators.
MAX_FORM_VALUE_LENGTH = 200_000

NUL_IN_PATH = _("The address holds a NUL character, which no page accepts.")
PATH_TOO_LONG = _("The address is longer than %(limit)s characters.")
NUL_IN_PARAMETER = _("A parameter of the request holds a NUL character, which no page accepts.")
PARAMETER_TOO_LONG = _("A parameter of the request is longer than %(limit)s characters.")


class SecurityHeadersMiddleware:
    """Adds Cross-Origin-Resource-Policy: the portal's resources are for its own pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class HostileParameterMiddleware:
    """Answers 400 to a request whose path or parameters hold a NUL byte or a value over the
    length limit, before any view hands them to a form, a filter or the database (PostgreSQL
    refuses NUL in text, which would otherwise surface as a server error). Each value of a
    repeated parameter counts on its own, and so does each name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        if refusal is None:
            return self.get_response(request)
        message, limit = refusal
        # The locale middleware has not run yet: answer in the language of the path.
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or settings.LANGUAGE_CODE):
            reason = message % {"limit": number_format(limit, force_grouping=True)}
            return bad_request(request, reason=reason)

    @staticmethod
    def refusal(request):
        """Why the request is refused, as a message and its length limit, or None."""
        if "\x00" in request.path_info:
            return NUL_IN_PATH, 0
        if len(request.path_info) > MAX_QUERY_VALUE_LENGTH:
            return PATH_TOO_LONG, MAX_QUERY_VALUE_LENGTH
        parameters = [(request.GET, MAX_QUERY_VALUE_LENGTH)]
        if request.method == "POST":
            parameters.append((request.POST, MAX_FORM_VALUE_LENGTH))
        for query_dict, limit in parameters:
            for name, values in query_dict.lists():
                for text in (name, *values):
                    if "\x00" in text:
                        return NUL_IN_PARAMETER, limit
                    if len(text) > limit:
                        return PARAMETER_TOO_LONG, limit
        return None
