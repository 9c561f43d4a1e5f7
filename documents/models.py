"""The document and template library: the working documents of library systems (agreements,
regulations, calls, specifications, templates) with their file versions and the text inside them.

A document carries an access level of `members.access`; its file versions keep their checksum,
and the text extracted from the newest one is searchable. Staff hide documents and versions,
mark a document superseded by another, and review the flags people raise. Every change goes
through `documents.actions`.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import models
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat, Left
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from members.access import AccessLevel, levels_open_to
from members.models import Organisation, can_manage
from portal.lib.queries import SubqueryCount
from portal.lib.search import (
    RANK_CAP,
    RANK_NORMALIZATION,
    headline,
    search_query,
    search_vector,
    trigram_index,
)
from portal.lib.uploads import FileTypeValidator, generated_upload_to

# Office documents and plain text: what administrations write their acts and templates in.
FORMATS = ("pdf", "odt", "docx", "ods", "xlsx", "rtf", "txt")
MAX_BYTES = 20 * 1024 * 1024
# The searchable vector reads this much of a file's text: PostgreSQL caps a vector at 1 MB, and
# a hundred pages of text fit.
INDEXED_TEXT_CHARS = 300_000
# The search snippet is cut from this much of the text, so that a long file costs little.
SNIPPET_TEXT_CHARS = 60_000


class Kind(models.TextChoices):
    """What the document is. Labels never say just "bando": a call for tender, a recruitment
    call and a funding call are different acts."""

    AGREEMENT = "agreement", _("Agreement or convention")
    DELIBERATION = "deliberation", _("Council or board deliberation")
    REGULATION = "regulation", _("Regulation")
    MODEL_REGULATION = "model-regulation", _("Model regulation")
    TENDER_CALL = "tender-call", _("Call for tender")
    TENDER_SPECIFICATION = "tender-specification", _("Tender specification")
    RECRUITMENT_CALL = "recruitment-call", _("Recruitment call and selection procedure")
    TEMPLATE = "template", _("Template or form")
    GUIDELINES = "guidelines", _("Guidelines")
    REPORT = "report", pgettext_lazy("document kind", "Report")
    POSITION_PAPER = "position-paper", _("Position paper")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SLOVENE = "sl", _("Slovene")
    OTHER = "other", _("Other language")


class Licence(models.TextChoices):
    PUBLIC_ACT = "public-act", _("Official act, free to reuse (art. 5, law 633/1941)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class DocumentTag(TaggedItemBase):
    """The tags of a document: an explicit through model, so filtering by tag is a plain join."""

    content_object = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("document tag")
        verbose_name_plural = _("document tags")


def _current_text():
    return Subquery(
        DocumentVersion.objects.filter(pk=OuterRef("current_version")).order_by().values("text")
    )


def _search_vector():
    """Title first, then tags and description, then the text inside the newest file."""
    return search_vector(
        ("title", "A"),
        ("tag_text", "B"),
        ("description", "B"),
        (Left(_current_text(), INDEXED_TEXT_CHARS), "C"),
    )


def _title_vector():
    """What a person who may not open a document can find it by: its title and tags."""
    return search_vector(("title", "A"), ("tag_text", "B"))


class DocumentQuerySet(models.QuerySet):
    def refresh_search_vectors(self):
        """Recomputes the stored vectors of these documents after their text changed."""
        return self.update(search_vector=_search_vector(), title_vector=_title_vector())

    def shown(self):
        """Documents not hidden by staff nor held while a report of personal data is reviewed."""
        return self.filter(is_hidden=False, is_held=False)

    def listed_to(self, user):
        """What the list pages show the person: every shown document, whatever its level, so
        that a visitor sees which member-only documents exist; those they cannot open show
        their title, kind and organisation only (`open_to()` tells which). Staff see all."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.shown()

    def visible_to(self, user):
        """The documents the person may open and download: shown ones at a level they reach;
        all of them for staff."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.shown().filter(access_level__in=levels_open_to(user))

    def current(self):
        """Documents that no other has superseded."""
        return self.filter(superseded_by__isnull=True)

    def for_cards(self, user):
        """What a card shows: the organisation, the newest file's format and size, and whether
        the person may open it (`is_open`)."""
        return self.select_related("organisation", "region", "current_version").annotate(
            is_open=_is_open(user)
        )

    def search(self, user, text: str, *, cap: int = RANK_CAP):
        """The documents listed to the person that match `text`, best first, with a snippet.

        Documents the person may open match by their title, tags, description and the text of
        their newest file, and their snippet comes from the description and that text; the
        others match by title and tags alone and get no snippet, so no word of a restricted
        file reaches someone who may not read it. Superseded documents come after current
        ones. Only the first `cap` matches are ranked (`portal.lib.search`).
        """
        query = search_query(text)
        if query is None:
            return self.none()
        levels = levels_open_to(user)
        readable = Q(access_level__in=levels)
        matching = self.filter(
            (readable & Q(search_vector=query)) | (~readable & Q(title_vector=query))
        )
        snippet_source = Concat(
            # The description is Markdown: its marks would show in the snippet as they are.
            Func(
                F("description"),
                Value(r"[*_#`>]+"),
                Value(""),
                Value("g"),
                function="regexp_replace",
                output_field=models.TextField(),
            ),
            Value("\n"),
            Left(_current_text(), SNIPPET_TEXT_CHARS),
            output_field=models.TextField(),
        )
        snippet = headline(snippet_source, query)
        return (
            self.filter(pk__in=matching.values("pk")[:cap])
            .annotate(
                search_rank=Case(
                    When(
                        readable,
                        then=SearchRank(
                            F("search_vector"), query, normalization=RANK_NORMALIZATION
                        ),
                    ),
                    default=SearchRank(F("title_vector"), query, normalization=RANK_NORMALIZATION),
                ),
                search_headline=Case(
                    When(readable, then=snippet), default=None, output_field=snippet.output_field
                ),
                is_superseded=Q(superseded_by__isnull=False),
            )
            .order_by("is_superseded", "-search_rank", "-pk")
        )


def _is_open(user):
    return Q(access_level__in=levels_open_to(user))


class Document(models.Model):
    """A working document or model template, shared by an organisation of the network."""

    # What the organisation's referents write (`DocumentForm`, `create_document`,
    # `update_document`); files come as versions, and moderation moves only through actions.
    EDITABLE_FIELDS = [
        "title",
        "description",
        "kind",
        "themes",
        "adopted_by",
        "act_number",
        "act_date",
        "legal_basis",
        "region",
        "language",
        "licence",
        "tags",
        "access_level",
        "is_template",
        "related",
    ]

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the document is for and how others can reuse it, in Markdown."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    themes = models.ManyToManyField(
        "members.ServiceArea", blank=True, related_name="documents", verbose_name=_("themes")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("contributed by"),
    )
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The body that adopted the act, e.g. “Giunta comunale di Monza”."),
    )
    act_number = models.CharField(_("act number"), max_length=40, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("The laws it applies, e.g. “d.lgs. 36/2023, art. 50”."),
    )
    region = models.ForeignKey(
        "members.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("region"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ITALIAN
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.PUBLIC_ACT
    )
    tags = TaggableManager(_("tags"), through=DocumentTag, blank=True)
    # The tags as words, kept by the actions for the search vector.
    tag_text = models.CharField(max_length=1000, blank=True, editable=False)
    access_level = models.CharField(
        _("who can open it"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    is_template = models.BooleanField(
        _("model template"),
        default=False,
        help_text=_("A model meant to be adapted and reused by other organisations."),
    )
    related = models.ManyToManyField(
        "self", blank=True, verbose_name=_("related documents"), symmetrical=True
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    superseded_note = models.CharField(_("why it is superseded"), max_length=300, blank=True)
    # The newest version not hidden: the default download. Kept by the actions.
    current_version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # Held out of sight while staff review a report that the file holds personal data.
    is_held = models.BooleanField(_("held for review"), default=False)
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="document_newest"),
            models.Index(fields=["-download_count", "-id"], name="document_downloads"),
            models.Index(fields=["title", "id"], name="document_title"),
            models.Index(fields=["kind", "-created_at"], name="document_kind_newest"),
            models.Index(fields=["organisation", "-created_at"], name="document_organisation"),
            models.Index(fields=["region", "-created_at"], name="document_region"),
            models.Index(fields=["access_level", "-created_at"], name="document_level"),
            models.Index(
                fields=["-created_at"], condition=Q(is_template=True), name="document_templates"
            ),
            GinIndex(fields=["search_vector"], name="document_search"),
            GinIndex(fields=["title_vector"], name="document_title_search"),
            trigram_index("title", name="document_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")), name="document_not_superseded_by_itself"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:document-detail", args=[self.slug])

    def can_edit(self, user) -> bool:
        """The referents of the contributing organisation, and staff."""
        return can_manage(user, self.organisation_id)

    def is_open_to(self, user) -> bool:
        return self.access_level in levels_open_to(user)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def year(self):
        return (self.act_date or self.created_at).year


class VersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Versions not hidden, for everyone who may open their document; all for staff."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_hidden=False)

    def needing_extraction(self):
        """Versions whose text was never read, or whose reading failed or ran out of time."""
        return self.filter(
            text_status__in=[
                DocumentVersion.TextStatus.PENDING,
                DocumentVersion.TextStatus.FAILED,
                DocumentVersion.TextStatus.TIMED_OUT,
            ]
        )


class DocumentVersion(models.Model):
    """One file of a document. The newest shown version is the default download; older ones
    stay available, each with its checksum so that a copy can be checked against it."""

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Not read yet")
        EXTRACTED = "extracted", _("Text extracted")
        NO_TEXT = "no-text", _("No searchable text")
        FAILED = "failed", _("Reading failed")
        TIMED_OUT = "timed-out", _("Reading took too long")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"),
        upload_to=generated_upload_to("documents"),
        max_length=200,
        validators=[FileTypeValidator(FORMATS, max_bytes=MAX_BYTES)],
    )
    original_name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=8)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    personal_data_removed = models.BooleanField(_("personal data removed"), default=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_status = models.CharField(
        _("text"), max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text_error = models.CharField(_("reading error"), max_length=300, blank=True)
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
        ]
        indexes = [
            models.Index(
                fields=["text_status"],
                condition=~Q(text_status="extracted") & ~Q(text_status="no-text"),
                name="version_to_extract",
            ),
        ]

    def __str__(self):
        return f"{self.document} — v{self.number}"

    def get_absolute_url(self):
        return reverse("documents:version-download", args=[self.document.slug, self.number])

    def download_name(self) -> str:
        """The name offered when saving: the document's title, the version and the format."""
        return f"{self.document.title} v{self.number}.{self.format}"


class Flag(models.Model):
    """Someone reported a document to the staff. A report of personal data holds the document
    out of sight until staff decide."""

    class Reason(models.TextChoices):
        WRONG = "wrong", _("Wrong or misleading")
        OUTDATED = "outdated", _("Outdated: the law or the rules changed")
        PERSONAL_DATA = "personal-data", _("Holds personal data")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting review")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="flags", verbose_name=_("document")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("details"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "user"],
                condition=Q(status="open"),
                name="document_flag_open_once_per_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="flag_status_newest")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.document}"


def contributions(start, end) -> dict:
    """The documents the organisation of each row (its pk) added from `start` to `end`, as the
    annotation `documents_added`: one subquery, whatever the number of rows."""
    added = Document.objects.filter(
        organisation=OuterRef("pk"),
        is_hidden=False,
        created_at__date__gte=start,
        created_at__date__lte=end,
    )
    return {"documents_added": SubqueryCount(added)}


def organisation_documents(organisation: Organisation, user):
    """The documents of an organisation listed to the person, newest first: their titles,
    types and levels, which everyone who may list them may read."""
    return (
        Document.objects.listed_to(user)
        .filter(organisation=organisation)
        .order_by("-created_at", "-pk")
    )
