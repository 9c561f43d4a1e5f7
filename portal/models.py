"""What the portal's shell publishes itself: the network's news and its editable pages.

Staff write both in the admin. A news post appears on its publication date: until then only
staff see it (`NewsQuerySet.visible_to`), and the content version of `portal.lib.pagecache`
expires at that moment, so cached pages show it on time.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from portal.lib.search import SearchQuerySetMixin, search_vector, trigram_index
from portal.lib.uploads import IMAGE_FORMATS, FileTypeValidator, generated_upload_to

NEWS_IMAGE_MAX_BYTES = 5 * 1024 * 1024


class NewsTag(TaggedItemBase):
    """The tags of a news post: an explicit through model, so filtering by tag is a plain join."""

    content_object = models.ForeignKey(
        "portal.News", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")


class NewsQuerySet(SearchQuerySetMixin, models.QuerySet):
    search_headline_field = "summary"
    search_trigram_field = "title"

    def published(self):
        """Posts whose publication date has come."""
        return self.filter(published_at__lte=timezone.now())

    def visible_to(self, user):
        """Published posts for everyone; staff also see the scheduled ones."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def refresh_search_vectors(self):
        """Recomputes the stored vectors of these posts after their text or tags changed."""
        tag_names = (
            NewsTag.objects.filter(content_object=OuterRef("pk"))
            .order_by()
            .values("content_object")
            .annotate(names=StringAgg("tag__name", delimiter=Value(", ")))
            .values("names")
        )
        self.update(tag_text=Coalesce(Subquery(tag_names), Value("")))
        return self.update(
            search_vector=search_vector(
                ("title", "A"), ("tag_text", "B"), ("summary", "B"), ("body", "C")
            )
        )

    def next_publication(self, now):
        """When the next scheduled post appears, or None when none is waiting."""
        return self.filter(published_at__gt=now).aggregate(next=Min("published_at"))["next"]


class News(models.Model):
    """A news post of the network: an announcement, a call, a report of what members did."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, shown in lists and in search engines."),
    )
    body = models.TextField(_("text"), help_text=_("In Markdown."))
    image = models.FileField(
        _("image"),
        upload_to=generated_upload_to("news"),
        validators=[FileTypeValidator(IMAGE_FORMATS, max_bytes=NEWS_IMAGE_MAX_BYTES)],
        blank=True,
    )
    image_alt = models.CharField(
        _("alternative text of the image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    tags = TaggableManager(_("tags"), through=NewsTag, blank=True)
    # The tags as words for the search vector, kept by `refresh_search_vectors`.
    tag_text = models.CharField(max_length=1000, blank=True, editable=False)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A later date schedules the post: it appears on that day and time."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="news_newest"),
            GinIndex(fields=["search_vector"], name="news_search"),
            trigram_index("title", name="news_title_trgm"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:news-detail", args=[self.slug])

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    @property
    def is_scheduled(self) -> bool:
        return self.published_at > timezone.now()

    @classmethod
    def visible_search(cls, user, text: str):
        """The posts the person may read that match `text`, best first (for the global search)."""
        return cls.objects.visible_to(user).search(text)


class Page(models.Model):
    """A page of the network's own text (about the network, how to join, privacy...), in
    Italian and English, that staff edit in the admin. Each key has its address."""

    class Key(models.TextChoices):
        ABOUT = "about", _("The network")
        GOVERNANCE = "governance", _("Governance")
        JOINING = "how-to-join", _("How to join")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")
        CONTACTS = "contacts", _("Contacts")

    key = models.SlugField(_("page"), max_length=40, unique=True, choices=Key.choices)
    title_it = models.CharField(_("title in Italian"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    summary_it = models.CharField(
        _("summary in Italian"),
        max_length=300,
        help_text=_("One or two sentences, shown in search engines."),
    )
    summary_en = models.CharField(_("summary in English"), max_length=300)
    body_it = models.TextField(_("text in Italian"), help_text=_("In Markdown."))
    body_en = models.TextField(_("text in English"), help_text=_("In Markdown."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"portal:{self.key}")

    def _in_language(self, field):
        english = translation.get_language() == "en"
        return getattr(self, f"{field}_en" if english else f"{field}_it")

    @property
    def title(self):
        return self._in_language("title")

    @property
    def summary(self):
        return self._in_language("summary")

    @property
    def body(self):
        return self._in_language("body")
