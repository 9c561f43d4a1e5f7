"""The shell of the portal: home, search, "La mia area", profile, news, editable pages, sitemap
and robots.txt, health check and error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django_filters.views import FilterView
from taggit.models import Tag

from members.forms import ProfileForm
from members.models import AdmissionRule
from portal.filters import NewsFilter
from portal.lib.downloads import protected_download
from portal.lib.errors import Refused
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.search import clean_query_text
from portal.models import News, Page
from portal.search import SOURCES, Found, source_for


def home(request):
    return render(request, "portal/home.html")


def search(request):
    """Everything the person may see that matches the words, grouped by type; `?tipo=` keeps
    one type and shows more of it."""
    query = clean_query_text(request.GET.get("q"))
    only = source_for(request.GET.get("tipo"))
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "only": only,
            "sources": SOURCES,
            "found": Found(request.user, query, only),
        },
    )


@login_required
def profile(request):
    return render(request, "portal/profile.html", {"person": request.user})


@login_required
def dashboard(request):
    """The person's dashboard, "La mia area": what waits for them, one section per app, each
    the app's own inclusion tag."""
    return render(request, "portal/dashboard.html", {"person": request.user})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("portal:profile")
    return render(request, "portal/profile_form.html", {"form": form})


# News ---------------------------------------------------------------------------------------


def _get_news_for_user(request, slug, queryset=None) -> News:
    queryset = News.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


class NewsListView(LenientPaginationMixin, FilterView):
    filterset_class = NewsFilter
    template_name = "portal/news_list.html"
    paginate_by = 12

    def get_queryset(self):
        return (
            News.objects.visible_to(self.request.user)
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tags = list(
            Tag.objects.filter(
                portal_newstag_items__content_object__in=News.objects.visible_to(self.request.user)
            )
            .distinct()
            .order_by("name")
        )
        chosen = self.request.GET.get("tag")
        context["tags"] = tags
        context["active_tag"] = next((tag for tag in tags if tag.slug == chosen), None)
        context["is_filtered"] = bool(chosen)
        return context


def news_detail(request, slug):
    news = _get_news_for_user(
        request, slug, News.objects.select_related("author").prefetch_related("tags")
    )
    return render(request, "portal/news_detail.html", {"news": news})


def news_image(request, slug):
    """The post's image, for its page and for the previews of shared links."""
    news = _get_news_for_user(request, slug)
    if not news.image:
        raise Http404
    extension = news.image.name.rsplit(".", 1)[-1]
    return protected_download(news.image, filename=f"{news.slug}.{extension}")


# Editable pages -------------------------------------------------------------------------------


def page(request, key):
    """One of the network's pages that staff edit in the admin, in the active language."""
    shown = get_object_or_404(Page, key=key)
    context = {"page": shown}
    if key == Page.Key.JOINING:
        # The policy as staff set it today, below the text that explains it.
        context["admission_rules"] = AdmissionRule.objects.filter(is_open=True)
    return render(request, "portal/page.html", context)


# For search engines ---------------------------------------------------------------------------


# Pages a crawler has no business reading, as (URL name, arguments): accounts, a person's own
# area, and the downloads whose answer depends on who asks. A "*" argument matches any slug.
PRIVATE_PATHS = [
    ("account_login", []),
    ("portal:profile", []),
    ("documents:document-download", ["*"]),
    ("documents:version-download", ["*", 0]),
    ("practices:attachment-download", ["*", 0]),
]


def robots_txt(request):
    """What crawlers may read: the public pages; never the admin, accounts or downloads that
    depend on who asks."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines += [f"Disallow: {_private_path(name, args)}" for name, args in PRIVATE_PATHS]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(dict.fromkeys(lines)) + "\n", content_type="text/plain")


def _private_path(name, args):
    """The path of `name`, with "*" wildcards for slugs and ids; the account pages' folder."""
    placeholders = ["placeholder-slug" if arg == "*" else 1 for arg in args]
    path = reverse(name, args=placeholders)
    if name == "account_login":
        return path.rstrip("/").rsplit("/", 1)[0] + "/"
    return path.replace("placeholder-slug", "*").replace("/1/", "/*/")


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
