"""Good practices and projects: what a member system has done, told so that others can reuse it.

A practice moves from draft to submitted, then staff publish it or return it with a reason. A
published practice is revised through a second row (`revision_of`) that goes through review in
turn, while visitors keep reading the published text. Other organisations adopt a published
practice or derive a new one from it, as its licence allows. Every change goes through
`practices.actions`.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from members.models import Organisation, can_manage, managed_organisation_ids
from portal.lib.queries import SubqueryCount
from portal.lib.search import SearchQuerySetMixin, search_vector, trigram_index
from portal.lib.uploads import IMAGE_FORMATS, FileTypeValidator, generated_upload_to

# Documents and reusable assets: office files, pictures, drawings and the editable sources of
# graphics (OpenDocument drawings, InDesign IDML, Scribus).
ATTACHMENT_FORMATS = ("pdf", "odt", "docx", "png", "jpg", "jpeg", "svg", "odg", "idml", "sla")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
COVER_MAX_BYTES = 3 * 1024 * 1024


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    TEENAGERS = "teenagers", _("Teenagers")
    ADULTS = "adults", _("Adults")
    SENIORS = "seniors", _("Seniors")
    NEW_CITIZENS = "new-citizens", _("New citizens")
    DISABILITIES = "disabilities", _("People with disabilities")
    SCHOOLS = "schools", _("Schools")
    FAMILIES = "families", _("Families")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


# Licences that allow others to build a new practice on this one.
DERIVABLE_LICENCES = [Licence.CC_BY, Licence.CC_BY_SA, Licence.CC0]
SHARE_ALIKE_MESSAGE = _(
    "A practice derived from a CC BY-SA practice must keep the CC BY-SA licence."
)


def licence_keeps_share_alike(origin, licence) -> bool:
    """Whether `licence` is allowed for a practice derived from `origin` (BY-SA stays BY-SA)."""
    return origin.licence != Licence.CC_BY_SA or licence == Licence.CC_BY_SA


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


# Title first, then tags and summary, then the description.
SEARCH_VECTOR = search_vector(("title", "A"), ("tag_text", "B"), ("summary", "B"), ("body", "C"))


class PracticeTag(TaggedItemBase):
    """The tags of a practice: an explicit through model, so filtering by tag is a plain join."""

    content_object = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("practice tag")
        verbose_name_plural = _("practice tags")


class PracticeQuerySet(SearchQuerySetMixin, models.QuerySet):
    search_headline_field = "summary"
    search_trigram_field = "title"

    def refresh_search_vector(self):
        """Recomputes the stored full-text vector of these practices after their text changed."""
        return self.update(search_vector=SEARCH_VECTOR)

    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def visible_to(self, user):
        """Published practices for everyone; the drafts, submissions and revisions of an
        organisation to its approved referents; everything to staff."""
        if user.is_authenticated and user.is_staff:
            return self
        published = Q(status=Practice.Status.PUBLISHED)
        if not user.is_authenticated:
            return self.filter(published)
        return self.filter(published | Q(organisation__in=managed_organisation_ids(user)))

    def visibility_scope(self, user) -> str:
        """Who sees the same practices as the person (`visible_to`): staff, everyone (the
        published ones), or the referents of the same organisations."""
        if user.is_authenticated and user.is_staff:
            return "staff"
        managed = managed_organisation_ids(user)
        return "managing:" + ",".join(map(str, sorted(managed))) if managed else "everyone"

    def managed_by(self, user):
        """Practices of the organisations the person is an approved referent of."""
        return self.filter(organisation__in=Organisation.objects.managed_by(user))

    def for_cards(self):
        """What a card in a list shows: the organisation and its region, themes, adoptions."""
        # A subquery rather than a join and GROUP BY: only the rows of the page pay for it,
        # and counting the results for the paginator ignores it.
        adoptions = (
            Adoption.objects.filter(practice=OuterRef("pk"))
            .order_by()
            .values("practice")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return (
            self.select_related("organisation", "region")
            .prefetch_related("themes")
            .annotate(adoption_count=Coalesce(Subquery(adoptions), 0))
        )


class Practice(models.Model):
    """A good practice or a project of an organisation, with what it takes to reuse it."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Good practice")
        PROJECT = "project", _("Project")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", pgettext_lazy("practice", "Published")
        RETURNED = "returned", _("Returned for changes")

    # The states in which the organisation's referents may change the text.
    EDITABLE_STATUSES = [Status.DRAFT, Status.RETURNED]

    # What the organisation's referents write (`PracticeForm`, `create_practice`,
    # `update_practice`); the status, the slug and the organisation move only through actions.
    EDITABLE_FIELDS = [
        "kind",
        "title",
        "summary",
        "body",
        "themes",
        "audiences",
        "region",
        "started_on",
        "ended_on",
        "is_ongoing",
        "partners",
        "other_partners",
        "budget",
        "funding_sources",
        "results",
        "indicators",
        "replication",
        "contact_name",
        "contact_email",
        "tags",
        "licence",
        "cover",
        "links",
    ]

    # What a revision carries over to the published practice when staff approve it: the columns
    # of the text (relations are copied apart) and the tags as written.
    CONTENT_FIELDS = [
        *(name for name in EDITABLE_FIELDS if name not in {"themes", "partners", "tags"}),
        "tag_text",
    ]

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRACTICE)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences: what, for whom, why.")
    )
    body = models.TextField(
        _("description"), blank=True, help_text=_("The whole story, in Markdown.")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("organisation"),
    )
    partners = models.ManyToManyField(
        "members.Organisation",
        blank=True,
        related_name="partner_practices",
        verbose_name=_("partners on the portal"),
    )
    other_partners = models.CharField(
        _("other partners"),
        max_length=500,
        blank=True,
        help_text=_("Partners that are not on the portal, separated by commas."),
    )
    region = models.ForeignKey(
        "members.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    is_ongoing = models.BooleanField(_("still ongoing"), default=False)
    themes = models.ManyToManyField(
        "members.ServiceArea", blank=True, related_name="practices", verbose_name=_("themes")
    )
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        default=list,
        blank=True,
        verbose_name=_("target audiences"),
    )
    budget = models.DecimalField(
        _("budget (€)"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    funding_sources = models.TextField(_("funding sources"), blank=True)
    results = models.TextField(_("results"), blank=True, help_text=_("In Markdown."))
    indicators = models.TextField(
        _("indicators"),
        blank=True,
        help_text=_("How the results were measured: one indicator per line."),
    )
    replication = models.TextField(
        _("what it takes to replicate it"),
        blank=True,
        help_text=_("People, time, money and skills another organisation would need."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    licence = models.CharField(
        _("licence for reuse"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    cover = models.FileField(
        _("cover image"),
        upload_to=generated_upload_to("practices/covers"),
        validators=[FileTypeValidator(IMAGE_FORMATS, max_bytes=COVER_MAX_BYTES)],
        blank=True,
    )
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    tags = TaggableManager(_("tags"), through=PracticeTag, blank=True)
    # The tags' names, kept by the actions for the full-text search.
    tag_text = models.CharField(max_length=1000, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_featured = models.BooleanField(_("featured (eccellenza)"), default=False)
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revision of"),
    )
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derivatives",
        verbose_name=_("derived from"),
    )
    return_reason = models.TextField(_("reason for returning it"), blank=True)
    consent_confirmed_at = models.DateTimeField(
        _("consent for images confirmed at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by the actions (`refresh_search_vector`): a GeneratedField would make the system
    # checks connect to the database to learn its version.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="practice_status_newest"),
            models.Index(fields=["status", "title"], name="practice_status_title"),
            # The home page: featured first, then newest.
            models.Index(
                fields=["status", "-is_featured", "-published_at", "-id"],
                name="practice_status_featured_first",
            ),
            models.Index(fields=["organisation", "status"], name="practice_organisation_status"),
            models.Index(fields=["region", "status"], name="practice_region_status"),
            models.Index(
                fields=["-published_at"],
                condition=Q(is_featured=True, status="published"),
                name="practice_featured",
            ),
            GinIndex(fields=["audiences"], name="practice_audiences"),
            GinIndex(fields=["search_vector"], name="practice_search"),
            trigram_index("title", name="practice_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="practice_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(revision_of__isnull=True),
                name="practice_revision_never_published",
            ),
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=Q(revision_of__isnull=False),
                name="practice_one_revision_at_a_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:practice-detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_derivable(self) -> bool:
        return self.is_published and self.licence in DERIVABLE_LICENCES

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def can_edit(self, user) -> bool:
        """The organisation's approved referents, and staff, change its practices."""
        return can_manage(user, self.organisation_id)

    def get_audiences_display(self) -> list[str]:
        return [str(Audience(value).label) for value in self.audiences if value in Audience]

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]

    def attachments_from_origin(self) -> list["PracticeAttachment"]:
        """The attachments that came with the practice this one derives from; read from the
        attachments the page loads anyway."""
        return [attachment for attachment in self.attachments.all() if attachment.is_from_origin]

    def attribution(self) -> str:
        """The line that credits the origin of a derived practice; generated, never typed."""
        origin = self.derived_from
        if origin is None:
            return ""
        return gettext("Derived from «%(title)s» by %(organisation)s, licence %(licence)s.") % {
            "title": origin.title,
            "organisation": origin.organisation.name,
            "licence": origin.get_licence_display(),
        }


class PracticeAttachment(models.Model):
    """A document or reusable asset of a practice; always served as a download."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
    file = models.FileField(
        _("file"),
        upload_to=generated_upload_to("practices/attachments"),
        validators=[FileTypeValidator(ATTACHMENT_FORMATS, max_bytes=ATTACHMENT_MAX_BYTES)],
    )
    original_name = models.CharField(_("file name"), max_length=200)
    caption = models.CharField(_("caption"), max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # Copied from the practice this one derives from, when it was derived: the attribution
    # lists it. Its stored file is the origin's own.
    is_from_origin = models.BooleanField(
        _("from the practice it derives from"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.caption or self.original_name

    def get_absolute_url(self):
        return reverse("practices:attachment-download", args=[self.practice.slug, self.pk])

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].upper() if "." in self.original_name else ""


class Adoption(models.Model):
    """An organisation's record that it adopted a published practice."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("practice")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("organisation"),
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("How you adopted it, in a sentence.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"], name="adoption_once_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.practice}"


class CommentQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(is_hidden=False)

    def visible_to(self, user):
        """Comments staff have not hidden; staff, who hide and show them, see them all."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.shown()


class Comment(models.Model):
    """A registered person's comment on a published practice; staff may hide it."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="comments", verbose_name=_("practice")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=4000)
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["practice", "created_at"], name="comment_practice_time")]

    def __str__(self):
        return f"{self.author} — {self.practice}"

    def can_edit(self, user) -> bool:
        """Only its author changes a comment, and not once the staff have hidden it."""
        return user.is_authenticated and user.pk == self.author_id and not self.is_hidden

    @staticmethod
    def can_moderate(user) -> bool:
        """The network's staff hide comments and show them again."""
        return user.is_authenticated and user.is_staff


def contributions(start, end) -> dict:
    """What the organisation of each row (its pk) gave the bank of practices from `start` to
    `end`, as annotations: `practices_published`, its own practices published in those days
    (one derived from its own included); `practices_adopted`, the adoptions it recorded then
    and the practices it derived from another organisation's and published then. For the
    organisation's page and the staff's list of official members: one subquery each, whatever
    the number of rows."""
    published = Practice.objects.published().filter(
        organisation=OuterRef("pk"), published_at__date__gte=start, published_at__date__lte=end
    )
    adoptions = Adoption.objects.filter(
        organisation=OuterRef("pk"), created_at__date__gte=start, created_at__date__lte=end
    )
    derived = published.filter(derived_from__isnull=False).exclude(
        derived_from__organisation=OuterRef("pk")
    )
    own = published.filter(
        Q(derived_from__isnull=True) | Q(derived_from__organisation=OuterRef("pk"))
    )
    return {
        "practices_published": SubqueryCount(own),
        "practices_adopted": SubqueryCount(adoptions) + SubqueryCount(derived),
    }
