"""The network's services: the catalogue, the requests organisations send, the expert roster.

A service states what each tier of membership gets (`Service.terms_for`); a request follows the
workflow submitted → accepted or declined → in progress → completed (or cancelled by the
organisation before work starts), each step an event with its author. Credits are taken and
refunded through the actions of `members`, never written here.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.access import AccessLevel, can_access
from members.models import Membership, Organisation
from portal.lib.search import RANK_CAP, SEARCH_CONFIG, ranked_search
from portal.lib.uploads import (
    DOCUMENT_FORMATS,
    IMAGE_FORMATS,
    FileTypeValidator,
    generated_upload_to,
)

ATTACHMENT_FORMATS = (*DOCUMENT_FORMATS, *IMAGE_FORMATS)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


# The catalogue -------------------------------------------------------------------------------


class ServiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Active services for everyone (the catalogue is public); staff also see retired ones."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_active=True)

    def search(self, text: str, *, cap: int = RANK_CAP):
        """Services whose name, summary or description match; the catalogue is small, so the
        vector is computed on the fly instead of stored."""
        vector = (
            SearchVector("name", config=SEARCH_CONFIG, weight="A")
            + SearchVector("name_en", config=SEARCH_CONFIG, weight="A")
            + SearchVector("summary", config=SEARCH_CONFIG, weight="B")
            + SearchVector("description", config=SEARCH_CONFIG, weight="C")
        )
        return ranked_search(
            self.annotate(search_document=vector),
            text,
            vector_field="search_document",
            headline_field="summary",
            trigram_field="name",
            cap=cap,
        )


class Condition(models.TextChoices):
    """What a tier of membership gets of a service."""

    UNAVAILABLE = "unavailable", _("Not available")
    INFORMATION = "information", _("Information only")
    FREE = "free", _("Free")
    REDUCED = "reduced", _("At a reduced price")
    CREDITS = "credits", _("Paid with package credits")
    FLAT_RATE = "flat-rate", _("Included in the flat rate")


@dataclass(frozen=True)
class Terms:
    """What an organisation (or a person's tier) gets of a service: whether it may request it,
    on which condition, at what price or for how many credits."""

    condition: str
    price: Decimal | None = None
    credits: int = 0

    @property
    def can_request(self) -> bool:
        return self.condition != Condition.UNAVAILABLE

    @property
    def label(self):
        return Condition(self.condition).label


class Service(models.Model):
    """A service the network offers its members, with its conditions for each tier."""

    class DeliveredBy(models.TextChoices):
        STAFF = "staff", _("The network's staff")
        EXPERTS = "experts", _("Experts of the roster")
        PARTNER = "partner", _("A partner")

    class BaseCondition(models.TextChoices):
        INFORMATION = Condition.INFORMATION.value, Condition.INFORMATION.label
        UNAVAILABLE = Condition.UNAVAILABLE.value, Condition.UNAVAILABLE.label

    class OfficialCondition(models.TextChoices):
        FREE = Condition.FREE.value, Condition.FREE.label
        REDUCED = Condition.REDUCED.value, Condition.REDUCED.label

    # What staff edit in the admin.
    EDITABLE_FIELDS = [
        "name",
        "name_en",
        "area",
        "summary",
        "description",
        "base_condition",
        "official_condition",
        "official_price",
        "credits",
        "in_flat_rate",
        "delivered_by",
        "partner_name",
        "partner_website",
        "is_active",
        "position",
    ]

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name in Italian"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    area = models.ForeignKey(
        "members.ServiceArea",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("service area"),
    )
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    base_condition = models.CharField(
        _("for a base profile"),
        max_length=12,
        choices=BaseCondition.choices,
        default=BaseCondition.INFORMATION,
    )
    official_condition = models.CharField(
        _("for official members"),
        max_length=12,
        choices=OfficialCondition.choices,
        default=OfficialCondition.FREE,
    )
    official_price = models.DecimalField(
        _("reduced price for official members (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    credits = models.PositiveSmallIntegerField(
        _("credits for package holders"),
        default=1,
        help_text=_("What a request costs an organisation with a package of credits."),
    )
    in_flat_rate = models.BooleanField(
        _("included in the flat rate"),
        default=True,
        help_text=_(
            "Whether flat-rate packages cover it; if not, flat-rate holders get the official "
            "members' conditions."
        ),
    )
    delivered_by = models.CharField(
        _("delivered by"), max_length=10, choices=DeliveredBy.choices, default=DeliveredBy.STAFF
    )
    # A partner is named, not linked to the supplier catalogue: the apps stay independent.
    partner_name = models.CharField(_("partner's name"), max_length=150, blank=True)
    partner_website = models.URLField(_("partner's website"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(official_condition="reduced") | Q(official_price__gt=0),
                name="service_reduced_price_is_set",
            ),
            models.CheckConstraint(
                condition=~Q(delivered_by="partner") | ~Q(partner_name=""),
                name="service_partner_is_named",
            ),
            models.CheckConstraint(condition=Q(credits__gt=0), name="service_costs_credits"),
        ]

    def __str__(self):
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def get_absolute_url(self):
        return reverse("services:service-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.official_condition == Condition.REDUCED and not self.official_price:
            raise ValidationError(
                {"official_price": _("Give the reduced price that official members pay.")}
            )
        if self.delivered_by == self.DeliveredBy.PARTNER and not self.partner_name:
            raise ValidationError({"partner_name": _("Name the partner who delivers it.")})

    def terms_for(self, membership: Membership | None) -> Terms:
        """What an organisation holding `membership` (its active one; None for none) gets."""
        if membership is not None and membership.tier == Membership.Tier.PACKAGE:
            if membership.is_flat_rate and self.in_flat_rate:
                return Terms(Condition.FLAT_RATE)
            if not membership.is_flat_rate:
                return Terms(Condition.CREDITS, credits=self.credits)
        if membership is not None:  # official, or a flat rate that does not cover it
            if self.official_condition == Condition.REDUCED:
                return Terms(Condition.REDUCED, price=self.official_price)
            return Terms(Condition.FREE)
        return Terms(self.base_condition)

    def terms_for_each(self, organisations) -> list[tuple[Organisation, Terms]]:
        """What each of `organisations` gets, from their active memberships (one query)."""
        memberships = {
            membership.organisation_id: membership
            for membership in Membership.objects.active().filter(organisation__in=organisations)
        }
        return [
            (organisation, self.terms_for(memberships.get(organisation.pk)))
            for organisation in organisations
        ]

    def terms_by_tier(self) -> list[tuple[str, Terms]]:
        """The conditions of every tier, for the service's page."""
        credit_package = Membership(tier=Membership.Tier.PACKAGE, is_flat_rate=False)
        flat_rate = Membership(tier=Membership.Tier.PACKAGE, is_flat_rate=True)
        official = Membership(tier=Membership.Tier.OFFICIAL)
        return [
            (_("Base profile"), self.terms_for(None)),
            (_("Official members"), self.terms_for(official)),
            (_("Package of credits"), self.terms_for(credit_package)),
            (_("Flat-rate package"), self.terms_for(flat_rate)),
        ]


def active_membership(organisation) -> Membership | None:
    """The organisation's active membership today (at most one), whose tier sets its terms."""
    return Membership.objects.active().filter(organisation=organisation).first()


# Requests ------------------------------------------------------------------------------------


class ServiceRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every request; the referents of an organisation see its requests; an
        expert sees the requests assigned to them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            Q(organisation__in=Organisation.objects.managed_by(user))
            | Q(assigned_expert__user=user)
        )

    def open(self):
        return self.filter(
            status__in=[
                ServiceRequest.Status.SUBMITTED,
                ServiceRequest.Status.ACCEPTED,
                ServiceRequest.Status.IN_PROGRESS,
            ]
        )

    def awaiting_reply_from(self, user):
        """The open requests where the other side wrote last and waits for the person: for a
        referent, the network wrote; for staff, the organisation did."""
        requests = self.visible_to(user).open()
        if user.is_authenticated and user.is_staff:
            return requests.filter(awaiting=ServiceRequest.Awaiting.NETWORK)
        return requests.filter(
            organisation__in=Organisation.objects.managed_by(user),
            awaiting=ServiceRequest.Awaiting.ORGANISATION,
        )

    def for_list(self):
        return self.select_related("service", "organisation", "organisation__region")


class ServiceRequest(models.Model):
    """An organisation's request for a service, and where it stands."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", pgettext_lazy("service request", "Accepted")
        DECLINED = "declined", pgettext_lazy("service request", "Declined")
        IN_PROGRESS = "in-progress", _("In progress")
        COMPLETED = "completed", pgettext_lazy("service request", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("service request", "Cancelled")

    class Awaiting(models.TextChoices):
        NOBODY = "", _("Nobody")
        NETWORK = "network", _("The network")
        ORGANISATION = "organisation", _("The organisation")

    # What the referent writes in the request form.
    EDITABLE_FIELDS = ["subject", "description", "desired_start", "desired_end"]

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="service_requests",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="service_requests",
        verbose_name=_("requested by"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("What you need, for whom, and any constraint. Markdown.")
    )
    desired_start = models.DateField(_("desired from"), null=True, blank=True)
    desired_end = models.DateField(_("desired until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # The terms as they stood when the request was sent: what acceptance takes.
    condition = models.CharField(_("condition"), max_length=12, choices=Condition.choices)
    price = models.DecimalField(
        _("price (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    credits = models.PositiveSmallIntegerField(_("credits"), default=0)
    credits_taken = models.PositiveSmallIntegerField(_("credits taken"), default=0)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    assigned_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_service_requests",
        limit_choices_to={"is_staff": True},
        verbose_name=_("assigned staff member"),
    )
    assigned_expert = models.ForeignKey(
        "services.Expert",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("assigned expert"),
    )
    awaiting = models.CharField(
        _("waiting for"), max_length=12, choices=Awaiting.choices, blank=True
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="service_request_status"),
            models.Index(fields=["organisation", "-created_at"], name="service_request_org"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_end__isnull=True)
                | Q(desired_start__isnull=True)
                | Q(desired_end__gte=models.F("desired_start")),
                name="service_request_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="service_request_decline_has_reason",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self):
        return reverse("services:request-detail", kwargs={"pk": self.pk})

    @property
    def credit_reference(self) -> str:
        """How the credit ledger names this request, for the referents who read it: its number
        and subject (which no one changes once the request is sent)."""
        return f"#{self.pk} {self.subject}"[:120]

    @property
    def is_open(self) -> bool:
        return self.status in (
            self.Status.SUBMITTED,
            self.Status.ACCEPTED,
            self.Status.IN_PROGRESS,
        )

    def can_cancel(self, user) -> bool:
        """The organisation's referents may cancel until work starts."""
        return self.status in (
            self.Status.SUBMITTED,
            self.Status.ACCEPTED,
        ) and self.organisation.can_edit(user)

    def can_write(self, user) -> bool:
        """Who may write in the thread: the organisation's referents, staff, and the assigned
        expert, while the request is open."""
        if not self.is_open:
            return False
        return self.is_network_side(user) or self.organisation.can_edit(user)

    def is_network_side(self, user) -> bool:
        """Staff, or the expert assigned to the request."""
        if not user.is_authenticated:
            return False
        if user.is_staff:
            return True
        expert = self.assigned_expert
        return expert is not None and expert.user_id == user.pk


class RequestEvent(models.Model):
    """One step of a request's workflow: who moved it, when, and why."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", pgettext_lazy("service request", "Accepted")
        DECLINED = "declined", pgettext_lazy("service request", "Declined")
        STARTED = "started", _("Work started")
        COMPLETED = "completed", pgettext_lazy("service request", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("service request", "Cancelled")
        ASSIGNED = "assigned", _("Assigned")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.request}"


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Internal notes only for staff; the rest of a request's thread for whoever sees it."""
        messages = self.filter(request__in=ServiceRequest.objects.visible_to(user))
        if user.is_authenticated and user.is_staff:
            return messages
        return messages.filter(is_internal=False)


class Message(models.Model):
    """A message in a request's thread, or an internal note that only staff see."""

    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("request"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    from_network = models.BooleanField(_("from the network"), default=False)
    body = models.TextField(_("message"), help_text=_("Markdown."))
    is_internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Seen by the network's staff only.")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request} — {self.created_at:%Y-%m-%d %H:%M}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(message__in=Message.objects.visible_to(user))


class Attachment(models.Model):
    """A file sent with a request or a message of its thread."""

    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(
        _("file"),
        upload_to=generated_upload_to("services/attachments"),
        validators=[FileTypeValidator(ATTACHMENT_FORMATS, max_bytes=ATTACHMENT_MAX_BYTES)],
    )
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "services:attachment-download",
            kwargs={"pk": self.message.request_id, "attachment": self.pk},
        )


# The expert roster and the competence exchange ------------------------------------------------


class ExpertQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The active roster, for member organisations' people (the levels of members.access);
        staff see every expert."""
        if user.is_authenticated and user.is_staff:
            return self
        if not can_access(user, AccessLevel.MEMBER):
            return self.none()
        return self.filter(is_active=True)


class Expert(models.Model):
    """Someone the network can ask to deliver a service: a person from a member organisation,
    offered through the competence exchange, or an external consultant."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited availability")
        UNAVAILABLE = "unavailable", _("Not available now")

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profiles",
        verbose_name=_("account on the portal"),
        help_text=_("Lets the expert see the requests assigned to them."),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("organisation"),
        help_text=_("Empty for an external consultant."),
    )
    is_offered = models.BooleanField(
        _("offered by the organisation"),
        default=False,
        help_text=_("Joined the roster through the competence exchange."),
    )
    competences = models.ManyToManyField(
        "members.ServiceArea", related_name="experts", verbose_name=_("competences")
    )
    regions = models.ManyToManyField(
        "members.Region",
        blank=True,
        related_name="experts",
        verbose_name=_("regions"),
        help_text=_("Where they can work in person; none for anywhere, remotely."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    days_per_year = models.PositiveSmallIntegerField(_("days a year"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    profile = models.TextField(_("short profile"), help_text=_("Markdown."))
    is_active = models.BooleanField(_("on the roster"), default=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class CompetenceOfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every offer; referents see their organisations' offers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(organisation__in=Organisation.objects.managed_by(user))

    def pending(self):
        return self.filter(status=CompetenceOffer.Status.PENDING)


class CompetenceOffer(models.Model):
    """A referent's offer of a colleague's competence to the network ("scambio di competenze"):
    once staff approve it, the colleague joins the roster as offered by the organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", pgettext_lazy("competence offer", "Approved")
        DECLINED = "declined", pgettext_lazy("competence offer", "Declined")

    EDITABLE_FIELDS = [
        "name",
        "email",
        "competences",
        "regions",
        "days_per_year",
        "conditions",
        "profile",
    ]

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="competence_offers",
        verbose_name=_("organisation"),
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    name = models.CharField(_("colleague's name"), max_length=150)
    email = models.EmailField(_("colleague's e-mail"))
    competences = models.ManyToManyField(
        "members.ServiceArea", related_name="+", verbose_name=_("competences")
    )
    regions = models.ManyToManyField(
        "members.Region", blank=True, related_name="+", verbose_name=_("regions")
    )
    days_per_year = models.PositiveSmallIntegerField(_("days a year"))
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("For example: remote only, travel expenses paid by the requester."),
    )
    profile = models.TextField(_("short profile"), help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    expert = models.OneToOneField(
        Expert,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offer",
        verbose_name=_("expert on the roster"),
    )
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = CompetenceOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence offer")
        verbose_name_plural = _("competence offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days_per_year__gt=0), name="competence_offer_days_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.organisation}"
