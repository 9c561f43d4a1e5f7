"""People, organisations, memberships, roles, the credit ledger and the network's reference
data.

This app is the spine the other apps lean on: who belongs where, at which tier. The access policy
built on these models is in `members.access`; every change of state goes through the functions in
`members.actions`.
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Round, Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum import isil

from members.validators import canonical_code, validate_cig, validate_ipa_office_code
from portal.lib.pagecache import remember
from portal.lib.search import name_search
from portal.lib.uploads import IMAGE_FORMATS, FileTypeValidator, generated_upload_to


class EmailUserManager(UserManager):
    """Creates users keyed by e-mail: the portal has no usernames."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: logs in with the e-mail address, which is unique."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the portal sends to this person."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


# Reference data ----------------------------------------------------------------------------


class MacroArea(models.TextChoices):
    """ISTAT's five macro-areas; Sud and Isole together make the Mezzogiorno."""

    NORD_OVEST = "nord-ovest", _("North-West")
    NORD_EST = "nord-est", _("North-East")
    CENTRO = "centro", _("Centre")
    SUD = "sud", _("South")
    ISOLE = "isole", _("Islands")


MEZZOGIORNO = [MacroArea.SUD, MacroArea.ISOLE]


class Region(models.Model):
    istat_code = models.CharField(_("ISTAT code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    macro_area = models.CharField(_("macro-area"), max_length=10, choices=MacroArea.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Province(models.Model):
    """A province as the national registry codes it (its `codice istat provincia`)."""

    istat_code = models.CharField(_("ISTAT code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ListItem(models.Model):
    """An entry of a short list that staff edit in the admin, named in Italian and English."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name in Italian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class ServiceArea(ListItem):
    """One of the network's areas of service, from its working-group paper; staff edit the list."""

    class Meta(ListItem.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


# Organisations -----------------------------------------------------------------------------

ITALIAN_ISIL = re.compile(r"IT-[A-Z]{2}[0-9]{4}")


def italian_isil(value) -> str | None:
    """An ISIL code in its canonical form (IT-MI0001), or None when empty.

    python-stdnum checks the generic ISIL shape; Italian codes (every one of the national
    registry's) are also `IT-` + two letters + four digits. Raises ValueError otherwise.
    """
    # Spaces typed inside the code (IT-MI 0001) are a slip, not a different code.
    code = isil.compact("".join((value or "").split())).upper()
    if not code:
        return None
    if not (isil.is_valid(code) and ITALIAN_ISIL.fullmatch(code)):
        raise ValueError(f"{value!r} is not an Italian ISIL code.")
    return code


class OrganisationKind(models.TextChoices):
    LIBRARY_SYSTEM = "system", _("Library system")
    LIBRARY = "library", _("Library")
    SCHOOL_LIBRARY = "school", _("School library")
    ACADEMIC_LIBRARY = "academic", _("Academic library")
    SPECIAL_LIBRARY = "special", _("Special library")
    MUSEUM = "museum", _("Museum")
    ASSOCIATION = "association", _("Association")
    REGIONAL_OFFICE = "regional-office", _("Regional office")
    OTHER = "other", _("Other")


class EffectiveTier(models.IntegerChoices):
    """How much of the portal a person reaches. Higher includes lower."""

    NONE = 0, _("Visitor")
    BASE = 1, _("Base profile")
    OFFICIAL = 2, _("Official member")
    PACKAGE = 3, _("Service package")


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """The organisations the public directory shows: approved ones."""
        return self.filter(status=Organisation.Status.APPROVED)

    def visible_to(self, user):
        """Approved organisations for everyone; a pending or rejected one only to staff and to
        the people who asked for a role in it (the person who registered it)."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.listed()
        asked = Role.objects.open().filter(organisation=OuterRef("pk"), user=user)
        return self.filter(Q(status=Organisation.Status.APPROVED) | Exists(asked))

    def visibility_scope(self, user) -> str:
        """Who sees the same organisations as the person (`visible_to`): staff, everyone (the
        approved ones), or the people who asked for a role in the same unlisted ones."""
        if user.is_authenticated and user.is_staff:
            return "staff"
        asked = unlisted_asked_by(user)
        return "asked:" + ",".join(map(str, sorted(asked))) if asked else "everyone"

    def with_approved_role(self, user, kind=None):
        """The approved organisations where the person holds an approved role (of `kind`, when
        given): those whose tier the person shares."""
        if not user.is_authenticated:
            return self.none()
        roles = Role.objects.approved().filter(user=user)
        if kind is not None:
            roles = roles.filter(kind=kind)
        return self.listed().filter(pk__in=roles.values("organisation"))

    def managed_by(self, user):
        """The approved organisations the person is an approved referent of: those they manage
        on the portal (staff moderate through the admin and manage none of them here)."""
        return self.with_approved_role(user, kind=Role.Kind.REFERENT)

    def in_system(self, system):
        """The libraries whose link to `system` is confirmed: those the system groups."""
        links = LibraryLink.objects.confirmed().filter(library=OuterRef("pk"), system=system)
        return self.filter(Exists(links))

    def in_system_slug(self, slug):
        """`in_system()`, for the system with this slug (the directory's filter)."""
        links = LibraryLink.objects.confirmed().filter(library=OuterRef("pk"), system__slug=slug)
        return self.filter(Exists(links))

    def systems_of(self, library):
        """The systems `library` belongs to: those whose link to it is confirmed."""
        links = LibraryLink.objects.confirmed().filter(system=OuterRef("pk"), library=library)
        return self.filter(Exists(links))

    def in_no_system(self):
        """Libraries that no library system groups (no confirmed link): where the network can
        encourage new aggregations. The directory, the admin and the mapping report count so."""
        links = LibraryLink.objects.confirmed().filter(library=OuterRef("pk"))
        return self.filter(kind=OrganisationKind.LIBRARY).exclude(Exists(links))

    def search(self, text):
        """Organisations whose name has the words of `text`, forgiving accents and typos."""
        return name_search(self, text)

    def with_current_tier(self, on=None):
        """Annotates `current_tier`: the tier of the active membership today (or `on`), or 0."""
        on = on or timezone.localdate()
        active = Membership.objects.active(on).filter(organisation=OuterRef("pk"))
        return self.annotate(
            current_tier=models.Case(
                models.When(
                    Exists(active.filter(tier=Membership.Tier.PACKAGE)), then=EffectiveTier.PACKAGE
                ),
                models.When(Exists(active), then=EffectiveTier.OFFICIAL),
                default=EffectiveTier.NONE,
                output_field=models.IntegerField(),
            )
        )

    def with_tier(self, tier, on=None):
        """Organisations whose active membership today is of `tier` (official or package)."""
        on = on or timezone.localdate()
        return self.filter(
            Exists(Membership.objects.active(on).filter(organisation=OuterRef("pk"), tier=tier))
        )


class Organisation(models.Model):
    """A library system, library, museum, association or office that takes part in the network.

    Libraries usually come from the national registry (Anagrafe delle biblioteche italiane) and
    carry its ISIL code; systems rarely have one, so the ISIL is never a system's key. The
    `codice fiscale` is the tax code of the legal entity; the IPA code is its code in the
    index of public administrations, where it is public.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", pgettext_lazy("organisation", "Approved")
        REJECTED = "rejected", pgettext_lazy("organisation", "Rejected")

    # What the organisation's referents edit about it (`OrganisationForm`,
    # `update_organisation`): registry codes, the kind and the status stay with staff.
    EDITABLE_FIELDS = [
        "name",
        "description",
        "address",
        "postal_code",
        "municipality",
        "phone",
        "website",
        "email",
        "pec",
        "fiscal_code",
        "ipa_code",
        "logo",
    ]
    # Fields the national registry fills in; a re-import of the registry leaves them alone
    # once edited (their names are kept in `edited_fields`).
    REGISTRY_FIELDS = [
        "name",
        "address",
        "postal_code",
        "municipality",
        "municipality_istat_code",
        "province",
        "region",
        "phone",
        "email",
        "website",
        "latitude",
        "longitude",
    ]

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    municipality_istat_code = models.CharField(
        _("ISTAT code of the municipality"), max_length=6, blank=True
    )
    isil_code = models.CharField(
        _("ISIL code"), max_length=16, unique=True, null=True, blank=True, default=None
    )
    # Every link a system asked for, whatever its status: the confirmed ones, which the site
    # shows and counts, are `Organisation.objects.in_system()` and `systems_of()`.
    systems = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        through="LibraryLink",
        through_fields=("library", "system"),
        related_name="member_libraries",
        verbose_name=_("library systems it belongs to"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC address"), blank=True)
    fiscal_code = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    ipa_code = models.CharField(_("IPA code"), max_length=20, blank=True)
    description = models.TextField(_("short description"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=generated_upload_to("logos"),
        validators=[FileTypeValidator(IMAGE_FORMATS, max_bytes=2 * 1024 * 1024)],
        blank=True,
    )
    # Made from the logo by the actions when it is uploaded (`store_logo_thumbnail`): what the
    # pages show, so that no page sends the original for the browser to scale down.
    logo_thumbnail = models.FileField(
        _("logo thumbnail"),
        upload_to=generated_upload_to("logos/thumbnails"),
        blank=True,
        editable=False,
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    in_registry = models.BooleanField(
        _("from the national registry"),
        default=False,
        help_text=_("Created or updated by an import of the Anagrafe delle biblioteche italiane."),
    )
    missing_from_registry = models.BooleanField(
        _("missing from the latest registry import"), default=False
    )
    edited_fields = models.JSONField(
        _("fields edited on the portal"),
        default=list,
        blank=True,
        help_text=_("A re-import of the registry does not overwrite these."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["status", "kind"], name="organisation_status_kind"),
            models.Index(fields=["region", "status"], name="organisation_region_status"),
            models.Index(Upper("name"), "id", name="organisation_name_order"),
            GinIndex(
                OpClass(Func(F("name"), function="immutable_unaccent"), name="gin_trgm_ops"),
                name="organisation_name_trgm",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(isil_code__isnull=True) | Q(isil_code__regex=r"^IT-[A-Z]{2}[0-9]{4}$"),
                name="organisation_isil_italian_shape",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organisation-detail", args=[self.slug])

    @property
    def is_system(self) -> bool:
        return self.kind == OrganisationKind.LIBRARY_SYSTEM

    def referents(self):
        """The people approved as referents: they manage the organisation on the portal."""
        return User.objects.filter(
            roles__organisation=self,
            roles__kind=Role.Kind.REFERENT,
            roles__status=Role.Status.APPROVED,
        )

    def can_edit(self, user) -> bool:
        """Staff and the organisation's approved referents edit its profile."""
        return can_manage(user, self.pk)


class LibraryLinkQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=LibraryLink.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=LibraryLink.Status.PENDING)

    def open(self):
        """Links in play: confirmed, or asked for and awaiting the library's answer."""
        return self.filter(status__in=[LibraryLink.Status.PENDING, LibraryLink.Status.CONFIRMED])

    def visible_to(self, user):
        """Staff see every link; a referent sees those of the libraries and systems they
        manage. Anyone else's link is out of reach, whatever its id."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        managed = Organisation.objects.managed_by(user)
        return self.filter(Q(library__in=managed) | Q(system__in=managed))


class LibraryLink(models.Model):
    """That a library belongs to a library system, as the system's referent asked.

    The system does not decide alone: the link is pending until the library's referents (or
    staff, when the library has none) confirm it, or decline it. Only confirmed links count,
    on the system's page, in the directory and in the mapping report.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the library's confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined by the library")

    library = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="system_links",
        verbose_name=_("library"),
    )
    system = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="library_links",
        limit_choices_to={"kind": OrganisationKind.LIBRARY_SYSTEM},
        verbose_name=_("library system"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = LibraryLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("link of a library to a system")
        verbose_name_plural = _("links of libraries to systems")
        ordering = ["system", "library", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["library", "system"], name="library_link_once"),
        ]
        indexes = [
            models.Index(fields=["system", "status"], name="library_link_system_status"),
            models.Index(fields=["library", "status"], name="library_link_library_status"),
        ]

    def __str__(self):
        return f"{self.library} → {self.system}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def can_decide(self, user) -> bool:
        """The library's approved referents and staff confirm or decline the link."""
        return self.library.can_edit(user)


class OfficialMember(Organisation):
    """The organisations with an active official membership, as the staff's list of what each
    gave the network against the working time it pledged (its admin is the portal's, which
    reads every app's counts)."""

    class Meta:
        proxy = True
        verbose_name = _("official member")
        verbose_name_plural = _("contributions of official members")


# Memberships and the credit ledger ---------------------------------------------------------


class Decided(models.Model):
    """Who decided on an application or a request, when, and why not when it was refused."""

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

    class Meta:
        abstract = True


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Active memberships whose period covers the day `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(status=Membership.Status.ACTIVE, starts_on__lte=on, ends_on__gte=on)

    def visible_to(self, user):
        """Staff see every membership; a referent sees those of their organisations."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(organisation__in=Organisation.objects.managed_by(user))


def _roles_of(user) -> tuple[tuple[int, str, bool], ...]:
    """(organisation pk, role kind, whether the organisation is listed) of each approved role of
    the person, kept under the content version: pages ask on every request what they manage."""
    return remember(
        f"roles-of:{user.pk}",
        lambda: tuple(
            (organisation, kind, status == Organisation.Status.APPROVED)
            for organisation, kind, status in Role.objects.approved()
            .filter(user=user)
            .values_list("organisation_id", "kind", "organisation__status")
        ),
    )


def referent_of(user) -> frozenset[int]:
    """The pks of the organisations, listed or not, where the person is an approved referent."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(pk for pk, kind, _ in _roles_of(user) if kind == Role.Kind.REFERENT)


def unlisted_asked_by(user) -> frozenset[int]:
    """The pks of the organisations not approved (pending or rejected) where the person holds
    or asked for a role, which `Organisation.objects.visible_to` also shows them: kept under the
    content version, for the keys of what is kept per visibility. Most people have none."""
    if not user.is_authenticated:
        return frozenset()
    return remember(
        f"unlisted-asked:{user.pk}",
        lambda: frozenset(
            Role.objects.open()
            .filter(user=user)
            .exclude(organisation__status=Organisation.Status.APPROVED)
            .values_list("organisation_id", flat=True)
        ),
    )


def can_manage(user, organisation_id: int) -> bool:
    """Whether the person is staff or an approved referent of the organisation: for what
    belongs to an organisation, whose row need not be read to ask."""
    if not user.is_authenticated:
        return False
    return user.is_staff or organisation_id in referent_of(user)


def managed_organisation_ids(user) -> frozenset[int]:
    """The pks of `Organisation.objects.managed_by(user)`: listed ones the person is an approved
    referent of."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        pk for pk, kind, listed in _roles_of(user) if kind == Role.Kind.REFERENT and listed
    )


def last_twelve_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The period an organisation's contributions are counted over: from the day after the same
    day a year ago to today, both days included."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1), today


class DaysBetween(Func):
    """How many days from the first date to the second one (PostgreSQL's date subtraction)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()


def pledged_hours(start: datetime.date, end: datetime.date):
    """The hours of working time the memberships of the organisation of each row (its pk)
    pledged over the days from `start` to `end`: each membership's hours a month, for the part
    of a year its period covers of those days. 0 when none pledged any."""
    days = DaysBetween(
        Least("ends_on", models.Value(end, output_field=models.DateField())),
        Greatest("starts_on", models.Value(start, output_field=models.DateField())),
    )
    hours = (
        Membership.objects.filter(
            organisation=OuterRef("pk"),
            status__in=[Membership.Status.ACTIVE, Membership.Status.EXPIRED],
            pledged_hours_per_month__isnull=False,
            starts_on__lte=end,
            ends_on__gte=start,
        )
        .order_by()
        .values("organisation")
        .annotate(
            hours=Round(
                ExpressionWrapper(
                    Sum(F("pledged_hours_per_month") * (days + 1)) * 12.0 / 365.0,
                    output_field=models.FloatField(),
                )
            )
        )
        .values("hours")
    )
    return Coalesce(Cast(Subquery(hours), models.IntegerField()), 0)


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


class Membership(Decided):
    """An organisation's official or package membership over a period.

    Base membership needs no record: it is what every registered person has. An organisation
    holds at most one active membership on any day; the database refuses overlapping ones.

    A public body that buys a package records the purchase as its rules ask: the CIG of the
    purchase (Codice Identificativo Gara, the code ANAC gives each public purchase so that its
    payments can be traced), the number and date of the determina (the act of the body's manager
    that decided the expense) and the IPA code of the office that receives its electronic
    invoices (codice univoco ufficio, from the index of public administrations).
    """

    class Tier(models.TextChoices):
        OFFICIAL = "official", _("Official membership")
        PACKAGE = "package", _("Service package")

    class Status(models.TextChoices):
        PENDING = "pending", _("Application pending")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", pgettext_lazy("membership", "Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    fee = models.DecimalField(_("fee (€)"), max_digits=9, decimal_places=2, default=0)
    credits = models.PositiveIntegerField(
        _("service credits"),
        null=True,
        blank=True,
        help_text=_("For a package with credits: how many it grants when it becomes active."),
    )
    is_flat_rate = models.BooleanField(
        _("flat rate"),
        default=False,
        help_text=_("For a package that covers a set of services instead of granting credits."),
    )
    pledged_hours_per_month = models.PositiveSmallIntegerField(
        _("working time pledged (hours per month)"), null=True, blank=True
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    cig = models.CharField(
        _("CIG"),
        max_length=10,
        blank=True,
        validators=[validate_cig],
        help_text=_(
            "Codice Identificativo Gara: the code ANAC gave the purchase, 10 letters and digits."
        ),
    )
    determina_number = models.CharField(
        _("number of the determina"),
        max_length=30,
        blank=True,
        help_text=_("The act by which the organisation decided the purchase."),
    )
    determina_date = models.DateField(_("date of the determina"), null=True, blank=True)
    ipa_code = models.CharField(
        _("IPA code of the invoicing office"),
        max_length=6,
        blank=True,
        validators=[validate_ipa_office_code],
        help_text=_(
            "Codice univoco ufficio: the office that receives the electronic invoices, "
            "6 letters and digits."
        ),
    )
    reminder_sent_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True)
    staff_notes = models.TextField(_("staff notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "starts_on", "ends_on"],
                name="membership_org_status_period",
            ),
            models.Index(fields=["status", "ends_on"], name="membership_status_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="membership_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(tier="official", credits__isnull=True, is_flat_rate=False)
                | Q(tier="package", credits__isnull=False, is_flat_rate=False)
                | Q(tier="package", credits__isnull=True, is_flat_rate=True),
                name="membership_package_has_credits_or_flat_rate",
            ),
            ExclusionConstraint(
                name="membership_one_active_at_a_time",
                expressions=[
                    ("organisation", RangeOperators.EQUAL),
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status="active"),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="membership_one_pending_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(cig="") | Q(cig__regex=r"^[A-Z0-9]{10}$"), name="membership_cig_format"
            ),
            models.CheckConstraint(
                condition=Q(ipa_code="") | Q(ipa_code__regex=r"^[A-Z0-9]{6}$"),
                name="membership_ipa_code_format",
            ),
        ]

    # What a public body records when it buys a package: the application asks for them, staff
    # complete them in the admin, the referents read them on their memberships' page.
    PURCHASE_FIELDS = ["cig", "determina_number", "determina_date", "ipa_code"]

    def __str__(self):
        return f"{self.organisation} — {self.get_tier_display()} ({self.starts_on:%Y})"

    def clean(self):
        super().clean()
        self.cig = canonical_code(self.cig)
        self.ipa_code = canonical_code(self.ipa_code)

    @property
    def has_purchase_details(self) -> bool:
        return any(getattr(self, name) for name in self.PURCHASE_FIELDS)

    def credit_balance(self) -> int:
        """What is left of the package's credits: the sum of its ledger."""
        return self.credit_entries.aggregate(balance=Coalesce(Sum("amount"), 0))["balance"]


class CreditEntry(models.Model):
    """One movement of a package's service credits. The balance is the sum of the entries."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Granted on activation")
        TAKE = "take", _("Taken for a service")
        REFUND = "refund", _("Refunded")
        EXPIRE = "expire", _("Expired at the end of the period")
        ADJUST = "adjust", _("Adjusted by the network's staff")

    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="credit_entries",
        verbose_name=_("membership"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.IntegerField(_("credits"))
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("What the credits were for.")
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why staff adjusted the balance; the organisation's referents read it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit movement")
        verbose_name_plural = _("credit movements")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["membership", "reference"], name="credit_entry_reference")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["grant", "refund"], amount__gt=0)
                | Q(kind__in=["take", "expire"], amount__lt=0)
                | (Q(kind="adjust") & ~Q(amount=0)),
                name="credit_entry_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="adjust") | ~Q(reason=""),
                name="credit_entry_adjustment_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount:+d}"


# Roles and the admission policy ------------------------------------------------------------


class RoleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own roles and, for a referent, those of the organisations they manage;
        every role for staff. Anyone else's role is out of reach, whatever its id."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        managed = Organisation.objects.managed_by(user)
        return self.filter(Q(user=user) | Q(organisation__in=managed))

    def approved(self):
        return self.filter(status=Role.Status.APPROVED)

    def open(self):
        """Roles still in play: approved, or asked for and awaiting a decision."""
        return self.filter(status__in=Role.OPEN_STATUSES)

    def pending(self):
        return self.filter(status=Role.Status.PENDING)


class Role(Decided):
    """A person's role in an organisation: referent (manages it on the portal) or collaborator
    (works there and sees what its tier opens). Approved by a referent or by staff."""

    class Kind(models.TextChoices):
        REFERENT = "referent", _("Referent")
        COLLABORATOR = "collaborator", _("Collaborator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        LEFT = "left", _("Left")

    OPEN_STATUSES = [Status.PENDING, Status.APPROVED]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roles", verbose_name=_("organisation")
    )
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["organisation", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status__in=["pending", "approved"]),
                name="role_one_open_per_person_and_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()}, {self.organisation}"


class AdmissionRule(models.Model):
    """Whether organisations of a kind may apply for a tier; staff open kinds over time."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=Membership.Tier.choices)
    is_open = models.BooleanField(_("applications open"), default=False)

    class Meta:
        verbose_name = _("admission rule")
        verbose_name_plural = _("admission policy")
        ordering = ["kind", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "tier"], name="admission_rule_kind_tier")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.get_tier_display()}"

    @classmethod
    def is_admitted(cls, kind, tier) -> bool:
        return cls.objects.filter(kind=kind, tier=tier, is_open=True).exists()
