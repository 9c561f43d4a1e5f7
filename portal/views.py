"""The shell of the portal: home, search, profile, static pages, health check and error pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from members.forms import ProfileForm
from portal.lib.errors import Refused
from portal.lib.search import clean_query_text
from portal.search import SOURCES, search_everything, source_for


def home(request):
    return render(request, "portal/home.html")


def search(request):
    """Everything the person may see that matches the words, grouped by type; `?tipo=` keeps
    one type and shows more of it."""
    query = clean_query_text(request.GET.get("q"))
    only = source_for(request.GET.get("tipo"))
    sections = search_everything(request.user, query, only) if query else []
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "only": only,
            "sources": SOURCES,
            "sections": sections,
            "total": sum(section.shown_count for section in sections),
            "total_is_bounded": any(section.count_is_bounded for section in sections),
        },
    )


@login_required
def profile(request):
    return render(request, "portal/profile.html", {"person": request.user})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("portal:profile")
    return render(request, "portal/profile_form.html", {"form": form})


class StaticPage(TemplateView):
    """A page of fixed text: about the network, accessibility statement, privacy, contacts."""


@never_cache
def healthz(request):
    """Answers 200 only when the database answers: for the load balancer and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico on their own; the icon is a fingerprinted static file."""
    return redirect(static("img/favicon.svg"), permanent=True)


def _error(template, status):
    @requires_csrf_token
    def view(request, exception=None):
        return render(request, template, status=status)

    return view


@requires_csrf_token
def permission_denied(request, exception=None):
    """The 403 page: says why, and what would open the page, when the refusal tells
    (`portal.lib.errors.Refused`); a bare PermissionDenied keeps its message to itself."""
    refusal = exception if isinstance(exception, Refused) else None
    return render(request, "403.html", {"refusal": refusal}, status=403)


@requires_csrf_token
def bad_request(request, exception=None, reason=None):
    """The 400 page; `reason`, when the portal knows it, says what was wrong."""
    return render(request, "400.html", {"reason": reason}, status=400)


page_not_found = _error("404.html", 404)
server_error = _error("500.html", 500)
