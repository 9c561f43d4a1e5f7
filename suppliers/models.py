"""The catalogue of suppliers and cultural operators that serve libraries, and their reviews.

A supplier is proposed by anyone registered and published by staff; its representatives claim it
and, once staff approve the claim, edit it and reply to reviews. Registered people review a
supplier once each, on five ratings. The rating summary a page shows (count, averages, stars,
Bayesian score) is kept in columns of the supplier, recomputed from the visible reviews by the
actions in `suppliers.actions` inside the transaction that changes them.

Italian identifiers: the *partita IVA* is the 11-digit VAT number; the *codice fiscale* is the tax
code (11 digits for an entity, 16 characters for a person), which many associations have instead of
a VAT number; the *CIG* (codice identificativo gara) is the 10-character code of a public contract;
*MePA* is the public e-procurement market; *RUNTS* is the national register of the third sector.
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.account.utils import has_verified_email
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from members.models import Role, User
from portal.lib.pagecache import remember
from portal.lib.queries import SubqueryCount
from portal.lib.search import SearchQuerySetMixin, search_vector, trigram_index
from portal.lib.uploads import IMAGE_FORMATS, FileTypeValidator, generated_upload_to


def unpublished_seen_by(user) -> frozenset[int]:
    """The pks of the suppliers that are not published and that the person proposed or
    represents (`visible_to` shows them), kept under the content version: most people have
    none, and then see what everyone sees."""

    def find():
        # Two lookups that each have their index, rather than one condition that has none.
        proposed = (
            Supplier.objects.filter(proposed_by=user)
            .exclude(status=Supplier.Status.PUBLISHED)
            .values_list("pk", flat=True)
        )
        represented = (
            Claim.objects.filter(user=user, status=Claim.Status.APPROVED)
            .exclude(supplier__status=Supplier.Status.PUBLISHED)
            .values_list("supplier_id", flat=True)
        )
        return frozenset(proposed.union(represented).order_by())

    return remember(f"unpublished-suppliers:{user.pk}", find)


def state_of(user) -> dict:
    """What the person did with suppliers, kept under the content version as their roles are
    (a page of a supplier reads it instead of querying): their reviews (`reviews`, supplier pk
    to review pk and status), their claims awaiting approval or approved (`claims`, supplier pk
    to status), the suppliers one of whose reviews they found helpful (`voted`) and whether
    they verified their e-mail address (`verified`), which reviewing needs. Confirming an
    address is a form sent, which replaces the content version."""

    def find():
        # One query for the four: rows of (what, supplier, pk, status).
        def rows(queryset, what, supplier="supplier_id", status="status"):
            return (
                queryset.annotate(
                    state_what=Value(what, output_field=models.CharField()),
                    state_supplier=F(supplier) if supplier else Value(None, models.IntegerField()),
                    state_status=F(status) if status else Value("", models.CharField()),
                )
                .values_list("state_what", "state_supplier", "pk", "state_status")
                .order_by()
            )

        claims = Claim.objects.filter(user=user, status__in=Claim.OPEN_STATUSES)
        votes = HelpfulVote.objects.filter(user=user)
        addresses = EmailAddress.objects.filter(user=user, verified=True)
        state = {"reviews": {}, "claims": {}, "voted": set(), "verified": False}
        found = rows(Review.objects.filter(author=user), "review").union(
            rows(claims, "claim"),
            rows(votes, "vote", supplier="review__supplier_id", status=None),
            rows(addresses, "verified", supplier=None, status=None),
            all=True,
        )
        for what, supplier, pk, status in found.order_by():
            if what == "review":
                state["reviews"][supplier] = (pk, status)
            elif what == "claim":
                state["claims"][supplier] = status
            elif what == "vote":
                state["voted"].add(supplier)
            else:
                state["verified"] = True
        return state

    return remember(f"supplier-state:{user.pk}", find)


def supplier_search_vector(terms="search_terms"):
    """The weighted vector the search reads, stored by suppliers.actions: `terms` is the column of
    the categories' and tags' words, or an expression that computes them."""
    return search_vector(("name", "A"), (terms, "B"), ("description", "C"))


SEARCH_VECTOR = supplier_search_vector()

# The Bayesian average that orders the list: a supplier's mean rating R over v reviews is pulled
# towards the prior C as if it had m more reviews at C, so one 5-star review does not outrank
# forty 4.6 ones. Both are settings: SUPPLIERS_RATING_PRIOR_REVIEWS and SUPPLIERS_RATING_PRIOR_MEAN.

LOGO_MAX_BYTES = 2 * 1024 * 1024
REVIEW_MIN_LENGTH = 50
REVIEW_MAX_LENGTH = 5000
REVIEWS_PER_DAY = 10
TOP_RATED_SHOWN = 4


def rating_prior() -> tuple[int, float]:
    """(m, C): how many reviews the prior weighs, and the mean rating it assumes."""
    return settings.SUPPLIERS_RATING_PRIOR_REVIEWS, settings.SUPPLIERS_RATING_PRIOR_MEAN


class CategoryQuerySet(models.QuerySet):
    def in_tree_order(self):
        """Each area followed by its specialities."""
        return (
            self.select_related("parent")
            .annotate(
                area_position=Coalesce("parent__position", "position"),
                area=Coalesce("parent_id", "id"),
            )
            .order_by(
                "area_position", "area", F("parent").asc(nulls_first=True), "position", "name"
            )
        )


def prior_score() -> Decimal:
    """The Bayesian score of a supplier nobody has reviewed yet: the prior mean."""
    return Decimal(str(rating_prior()[1]))


class Category(models.Model):
    """A category of the two-level taxonomy staff manage: an area, or a speciality within one."""

    name = models.CharField(_("name in Italian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("area it belongs to"),
        help_text=_("Empty for a top-level area."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def full_name(self) -> str:
        """A speciality under its area ("Area — Speciality"), an area alone; the parent must be
        selected."""
        return f"{self.parent} — {self}" if self.parent_id else str(self)

    def clean(self):
        if self.parent_id and (
            self.parent.parent_id
            or (self.pk and self.children.exists())
            or self.parent_id == self.pk
        ):
            raise ValidationError(
                {"parent": _("Categories have two levels: an area and the categories inside it.")}
            )


class SupplierKind(models.TextChoices):
    COMPANY = "company", _("Company")
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    FREELANCER = "freelancer", _("Freelancer")
    PUBLIC_BODY = "public-body", _("Public body")


class SupplierQuerySet(SearchQuerySetMixin, models.QuerySet):
    search_headline_field = "description"
    search_trigram_field = "name"

    def published(self):
        return self.filter(status=Supplier.Status.PUBLISHED)

    def visible_to(self, user):
        """Published suppliers for everyone; a proposed or hidden one only to staff, to the
        person who proposed it and to its approved representatives."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.published()
        # The same rows as "published, proposed by the person or represented by them": those
        # they proposed or represent are kept, without a subquery to build on every request.
        if seen := unpublished_seen_by(user):
            return self.filter(Q(status=Supplier.Status.PUBLISHED) | Q(pk__in=seen))
        return self.published()

    def visibility_scope(self, user) -> str:
        """Who sees the same suppliers as the person: "everyone" (the published ones),
        "staff", or the person alone when they see one that is not published."""
        if user.is_authenticated and user.is_staff:
            return "staff"
        if user.is_authenticated and unpublished_seen_by(user):
            return f"person:{user.pk}"
        return "everyone"

    def best_rated(self):
        return self.order_by("-bayesian_score", "-review_count", Upper("name"), "pk")


class Supplier(models.Model):
    """A company, cooperative, association, freelancer or public body that serves libraries.

    Its fields that people fill in are listed once, below, and read by the forms, the actions,
    the import and both exports: adding a field to the profile is one edit of `PROFILE_FIELDS`.
    Every field on these lists is public (the supplier's page shows it and the public CSV lists
    it); a private field would need a list of its own, kept out of the public export.
    """

    # The profile, in the order the forms show it: what a proposal fills in, what the supplier's
    # representatives and the staff edit (`SupplierForm`, `update_supplier`), what both exports
    # write and what an import reads, a file apart.
    PROFILE_FIELDS = [
        "name",
        "kind",
        "categories",
        "is_nationwide",
        "regions",
        "vat_number",
        "fiscal_code",
        "eu_vat_number",
        "is_on_mepa",
        "is_in_runts",
        "website",
        "email",
        "phone",
        "address",
        "description",
        "logo",
        "tags",
    ]
    # What only the network's staff set, beside the profile: in the admin's form, the import and
    # the exports, refused by `update_supplier` to anyone else.
    STAFF_FIELDS = ["is_verified"]
    # What the "verified" badge vouches for: a representative who changes one loses the badge.
    VERIFIED_FIELDS = [
        "name",
        "vat_number",
        "fiscal_code",
        "eu_vat_number",
        "website",
        "email",
        "phone",
    ]

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, awaiting review")
        PUBLISHED = "published", pgettext_lazy("supplier", "Published")
        HIDDEN = "hidden", pgettext_lazy("supplier", "Hidden")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SupplierKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    categories = models.ManyToManyField(
        Category, related_name="suppliers", verbose_name=_("categories")
    )
    regions = models.ManyToManyField(
        "members.Region", blank=True, related_name="suppliers", verbose_name=_("regions served")
    )
    is_nationwide = models.BooleanField(_("serves all of Italy"), default=False)
    vat_number = models.CharField(
        _("partita IVA"), max_length=11, unique=True, null=True, blank=True, default=None
    )
    fiscal_code = models.CharField(
        _("codice fiscale"), max_length=16, unique=True, null=True, blank=True, default=None
    )
    eu_vat_number = models.CharField(
        _("EU VAT number"), max_length=20, unique=True, null=True, blank=True, default=None
    )
    is_on_mepa = models.BooleanField(_("on MePA"), default=False)
    is_in_runts = models.BooleanField(_("in RUNTS"), default=False)
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=generated_upload_to("suppliers/logos"),
        validators=[FileTypeValidator(IMAGE_FORMATS, max_bytes=LOGO_MAX_BYTES)],
        blank=True,
    )
    tags = TaggableManager(_("tags"), through="SupplierTag", blank=True)
    is_verified = models.BooleanField(
        _("verified by the network"),
        default=False,
        help_text=_("Staff checked who this supplier is and how to reach it."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    # What the search reads: the words of the categories and tags, and the weighted vector of
    # name, those words and the description. Both are kept by suppliers.actions (a generated
    # column cannot read the categories and tags, which live in other tables).
    search_terms = models.TextField(
        _("categories and tags, for search"), blank=True, editable=False
    )
    search_vector = SearchVectorField(null=True, editable=False)

    # The rating summary of the visible reviews, recomputed by suppliers.actions.
    review_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    rating_average = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, editable=False
    )
    quality_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    value_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    reliability_average = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, editable=False
    )
    communication_average = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, editable=False
    )
    stars_1 = models.PositiveIntegerField(default=0, editable=False)
    stars_2 = models.PositiveIntegerField(default=0, editable=False)
    stars_3 = models.PositiveIntegerField(default=0, editable=False)
    stars_4 = models.PositiveIntegerField(default=0, editable=False)
    stars_5 = models.PositiveIntegerField(default=0, editable=False)
    bayesian_score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=4, default=prior_score, editable=False
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "-bayesian_score", "-review_count"], name="supplier_best_rated"
            ),
            models.Index(fields=["status", "-review_count"], name="supplier_most_reviewed"),
            models.Index(fields=["status", "-created_at"], name="supplier_newest"),
            models.Index("status", Upper("name"), name="supplier_name_order"),
            models.Index(fields=["status", "rating_average"], name="supplier_rating"),
            GinIndex(fields=["search_vector"], name="supplier_search"),
            trigram_index("name", name="supplier_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(vat_number__isnull=True) | Q(vat_number__regex=r"^[0-9]{11}$"),
                name="supplier_vat_number_shape",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("suppliers:supplier-detail", args=[self.slug])

    def representatives(self):
        """The people whose claim to represent this supplier staff approved."""
        return User.objects.filter(
            supplier_claims__supplier=self, supplier_claims__status=Claim.Status.APPROVED
        )

    def load_state_of(self, user) -> "Supplier":
        """Sets what the supplier's page shows the person about themselves (`state_of`):
        `own_review_pk`, `own_review_status`, `open_claim_status`, `has_voted` and
        `has_verified_email`."""
        if user.is_authenticated:
            state = state_of(user)
            self.state_of = user.pk
            self.own_review_pk, self.own_review_status = state["reviews"].get(self.pk, (None, None))
            self.open_claim_status = state["claims"].get(self.pk)
            self.has_voted = self.pk in state["voted"]
            self.has_verified_email = state["verified"]
        return self

    def is_represented_by(self, user) -> bool:
        """Whether staff approved the person's claim to represent this supplier; asked once per
        person and loaded row, since a page asks it for several rules."""
        if not user.is_authenticated:
            return False
        if getattr(self, "state_of", None) == user.pk:  # `load_state_of(user)`
            return self.open_claim_status == Claim.Status.APPROVED
        answers = self.__dict__.setdefault("_represented_by", {})
        if user.pk not in answers:
            answers[user.pk] = self.claims.filter(user=user, status=Claim.Status.APPROVED).exists()
        return answers[user.pk]

    def open_claim_by(self, user) -> "Claim | None":
        """The person's claim to represent this supplier, awaiting approval or approved."""
        if not user.is_authenticated:
            return None
        return self.claims.filter(user=user, status__in=Claim.OPEN_STATUSES).first()

    def can_edit(self, user) -> bool:
        """Staff and the supplier's approved representatives edit its profile."""
        if not user.is_authenticated:
            return False
        return user.is_staff or self.is_represented_by(user)

    def can_reply_to_reviews(self, user) -> bool:
        """Who speaks for the supplier under its reviews: the people who edit its profile."""
        return self.can_edit(user)

    def review_refusal(self, user) -> str | None:
        """Why the person may not review this supplier, or None when they may.

        The supplier's page shows it instead of the review link, and `write_review` refuses with
        it.
        """
        if not user.is_authenticated:
            return gettext("Log in to review this supplier.")
        if getattr(self, "state_of", None) == user.pk:  # `load_state_of(user)`
            verified = self.has_verified_email
        else:
            verified = has_verified_email(user)
        if not verified:
            return gettext("Verify your e-mail address to review suppliers.")
        if self.status != Supplier.Status.PUBLISHED:
            return gettext("Suppliers can be reviewed once the network's staff publish them.")
        if self.is_represented_by(user):
            return gettext("You represent this supplier, so you cannot review it.")
        return None

    def categories_with_parents(self):
        return self.categories.select_related("parent")

    def star_distribution(self) -> list[tuple[int, int, int]]:
        """(stars, count, percentage of the reviews), five stars first."""
        total = self.review_count or 1
        counts = [self.stars_5, self.stars_4, self.stars_3, self.stars_2, self.stars_1]
        return [
            (stars, count, round(100 * count / total))
            for stars, count in zip(range(5, 0, -1), counts, strict=True)
        ]

    def criteria(self) -> list[tuple[str, object]]:
        return [
            (Review.CRITERIA_LABELS["quality"], self.quality_average),
            (Review.CRITERIA_LABELS["value"], self.value_average),
            (Review.CRITERIA_LABELS["reliability"], self.reliability_average),
            (Review.CRITERIA_LABELS["communication"], self.communication_average),
        ]


class SupplierTag(TaggedItemBase):
    content_object = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="supplier_tag_once")
        ]


# Reviews -------------------------------------------------------------------------------------


RATING_CHOICES = [
    (5, _("5 — excellent")),
    (4, _("4 — good")),
    (3, _("3 — fair")),
    (2, _("2 — poor")),
    (1, _("1 — bad")),
]


def _rating_between_one_and_five(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=name
    )


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Review.Status.VISIBLE)

    def visible_to(self, user):
        """Visible reviews of the suppliers the person sees; hidden ones only to staff and to
        their author."""
        if user.is_authenticated and user.is_staff:
            return self
        reviews = self.filter(supplier__in=Supplier.objects.visible_to(user))
        if not user.is_authenticated:
            return reviews.visible()
        return reviews.filter(Q(status=Review.Status.VISIBLE) | Q(author=user))


class Review(models.Model):
    """One person's review of a supplier: an overall rating, four criteria and a text."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", pgettext_lazy("review", "Hidden by the staff")

    CRITERIA = ["quality", "value", "reliability", "communication"]
    CRITERIA_LABELS = {
        "quality": _("Quality"),
        "value": _("Value for money"),
        "reliability": _("Reliability"),
        "communication": _("Communication"),
    }

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("supplier")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supplier_reviews",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supplier_reviews",
        verbose_name=_("on behalf of"),
    )
    is_for_member = models.BooleanField(
        _("written for a member organisation"),
        default=False,
        help_text=_("The organisation was an official or package member when it was written."),
    )
    rating = models.PositiveSmallIntegerField(_("overall rating"), choices=RATING_CHOICES)
    quality = models.PositiveSmallIntegerField(_("quality"), choices=RATING_CHOICES)
    value = models.PositiveSmallIntegerField(_("value for money"), choices=RATING_CHOICES)
    reliability = models.PositiveSmallIntegerField(_("reliability"), choices=RATING_CHOICES)
    communication = models.PositiveSmallIntegerField(_("communication"), choices=RATING_CHOICES)
    text = models.TextField(_("review"))
    cig = models.CharField(
        _("CIG of the contract"),
        max_length=10,
        blank=True,
        help_text=_("The code of the public contract the review is about."),
    )
    work_year = models.PositiveSmallIntegerField(_("year of the work"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    helpful_count = models.PositiveIntegerField(_("found helpful"), default=0, editable=False)
    open_flag_count = models.PositiveIntegerField(_("open flags"), default=0, editable=False)
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["supplier", "status", "-created_at"], name="review_newest"),
            models.Index(fields=["supplier", "status", "-helpful_count"], name="review_helpful"),
            models.Index(fields=["author", "-created_at"], name="review_author_recent"),
            models.Index(
                fields=["-open_flag_count"],
                condition=Q(open_flag_count__gt=0),
                name="review_flagged",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "author"], name="review_one_per_person"),
            _rating_between_one_and_five("rating", "review_rating_range"),
            _rating_between_one_and_five("quality", "review_quality_range"),
            _rating_between_one_and_five("value", "review_value_range"),
            _rating_between_one_and_five("reliability", "review_reliability_range"),
            _rating_between_one_and_five("communication", "review_communication_range"),
            models.CheckConstraint(
                condition=Q(cig="") | Q(cig__regex=r"^[0-9A-Z]{10}$"), name="review_cig_shape"
            ),
        ]

    def __str__(self):
        return _("%(author)s on %(supplier)s") % {"author": self.author, "supplier": self.supplier}

    def get_absolute_url(self):
        return f"{self.supplier.get_absolute_url()}#review-{self.pk}"

    def criteria(self) -> list[tuple[str, int]]:
        return [(self.CRITERIA_LABELS[name], getattr(self, name)) for name in self.CRITERIA]

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    def deletion_refusal(self) -> str | None:
        """Why its author may not delete this review, or None when they may: a review the staff
        hid is kept with its flags and their decision, so that it cannot be written again."""
        if self.is_hidden:
            return _(
                "The network's staff have hidden this review: it cannot be deleted, and you "
                "cannot write another one for this supplier."
            )
        return None

    def can_reply(self, user) -> bool:
        """Whether the person may answer this review: the network's staff and the supplier's
        approved representatives may. That a review gets one reply only is a refusal of its
        own (`reply_to_review`), with its own message."""
        return self.supplier.can_reply_to_reviews(user)


def contributions(start, end) -> dict:
    """The reviews the people of the organisation of each row (its pk) wrote from `start` to
    `end` and that are shown, as the annotation `reviews_written`: those written on its behalf,
    and those of the people who hold an approved role in it. For the organisation's page and
    the staff's list of official members: one subquery, whatever the number of rows."""
    people = Role.objects.approved().filter(organisation=OuterRef(OuterRef("pk"))).values("user")
    reviews = Review.objects.visible().filter(
        Q(organisation=OuterRef("pk")) | Q(author__in=people),
        created_at__date__gte=start,
        created_at__date__lte=end,
    )
    return {"reviews_written": SubqueryCount(reviews)}


class Reply(models.Model):
    """The one answer the supplier (a representative) or the staff give to a review."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="reply", verbose_name=_("review")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    is_from_staff = models.BooleanField(_("written by the network's staff"), default=False)
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return _("Reply to %(review)s") % {"review": self.review}


class HelpfulVote(models.Model):
    """Someone found a review helpful; once each."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="helpful_vote_once"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.review_id}"


class Flag(models.Model):
    """Someone reported a review to the staff, with a reason; the staff decide on it."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Offensive or abusive")
        FALSE = "false", _("False or misleading")
        CONFLICT = "conflict", _("Written with a conflict of interest")
        PERSONAL = "personal", _("Holds personal data")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting moderation")
        UPHELD = "upheld", _("Upheld: the review was hidden")
        DISMISSED = "dismissed", _("Dismissed: the review stays")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="flags", verbose_name=_("review")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="flag_once_per_person"),
        ]

    def __str__(self):
        return self.get_reason_display()


class ReviewInModeration(Review):
    """The moderation queue of the admin: reviews someone flagged, and hidden ones."""

    class Meta:
        proxy = True
        verbose_name = _("review to moderate")
        verbose_name_plural = _("moderation queue")


# Claims --------------------------------------------------------------------------------------


class Claim(models.Model):
    """A person asks to represent a supplier on the portal; staff approve or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", pgettext_lazy("claim", "Approved")
        REJECTED = "rejected", pgettext_lazy("claim", "Rejected")

    # A person holds at most one of these per supplier (claim_one_open_per_person).
    OPEN_STATUSES = [Status.PENDING, Status.APPROVED]

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="claims", verbose_name=_("supplier")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supplier_claims",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role at the supplier"), max_length=120)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "status"], name="claim_user_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "user"],
                condition=Q(status__in=["pending", "approved"]),
                name="claim_one_open_per_person",
            ),
        ]

    def __str__(self):
        return _("%(person)s for %(supplier)s") % {"person": self.user, "supplier": self.supplier}
