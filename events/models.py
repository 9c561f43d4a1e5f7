"""Events and training of the network: courses, conferences, meetings and webinars, the people
registered to them (confirmed or on the waiting list), their attendance and certificates.

An event carries an access level of `members.access`: everyone sees that a published event
exists, only people who reach its level open it and register. Every change goes through
`events.actions`.
"""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from members.access import AccessLevel, levels_open_to
from portal.lib.queries import SubqueryCount
from portal.lib.search import RANK_CAP, name_search, ranked_search, search_vector, trigram_index

ROME = zoneinfo.ZoneInfo("Europe/Rome")

# Certificate codes: no 0/O, 1/I/L, so that a code read from paper is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_certificate_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


class Kind(models.TextChoices):
    COURSE = "course", _("Training course")
    CONFERENCE = "conference", _("Conference")
    MEETING = "meeting", _("Meeting")
    WEBINAR = "webinar", _("Webinar")


class EventTag(TaggedItemBase):
    """The tags of an event: an explicit through model, so filtering by tag is a plain join."""

    content_object = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("event tag")
        verbose_name_plural = _("event tags")


def _search_vector():
    return search_vector(
        ("title", "A"),
        ("tag_text", "B"),
        ("description", "B"),
        ("venue", "C"),
        ("municipality", "C"),
    )


def _confirmed_count():
    return SubqueryCount(
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
    )


class EventQuerySet(models.QuerySet):
    def refresh_search_vectors(self):
        return self.update(search_vector=_search_vector())

    def listed_to(self, user):
        """What lists show the person: published events whatever their level, so that a visitor
        sees that a member-only course exists; staff see every event."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_published=True)

    def visible_to(self, user):
        """The events the person may open and register to: published ones at a level they
        reach; every event for staff."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_published=True, access_level__in=levels_open_to(user))

    def upcoming(self, now=None):
        """Events not yet over, soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def with_seats_taken(self):
        """`confirmed_count`: the seats taken, in the same query."""
        return self.annotate(confirmed_count=_confirmed_count())

    def for_cards(self):
        """What a card shows: the place and how many seats are taken."""
        return self.select_related("region", "province", "organisation").with_seats_taken()

    def search(self, text: str, *, cap: int = RANK_CAP):
        return ranked_search(
            self, text, headline_field="description", trigram_field="title", cap=cap
        )

    def search_listed_to(self, user, text: str):
        """The listed events that match `text`, best first, with `is_open` telling which the
        person may open. Those match by every word they hold and show a snippet of their
        description; the others match by their title alone and show none, so that no word of
        a description reaches someone below the event's level."""
        if user.is_authenticated and user.is_staff:
            return self.search(text).annotate(is_open=Value(True))
        opened = Q(access_level__in=levels_open_to(user))
        by_title = name_search(self.exclude(opened), text, field="title")
        return (
            self.filter(opened | Q(pk__in=by_title.values("pk")))
            .search(text)
            .annotate(is_open=ExpressionWrapper(opened, output_field=BooleanField()))
        )


class Event(models.Model):
    """A course, conference, meeting or webinar that people of the network register to."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Programme, speakers and audience, in Markdown.")
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("E.g. “Sala conferenze”.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    province = models.ForeignKey(
        "members.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    region = models.ForeignKey(
        "members.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Where to join a webinar or the online part of an event."),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organised by"),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(
        _("registrations close"),
        null=True,
        blank=True,
        help_text=_("Empty: registrations stay open until the event starts."),
    )
    training_hours = models.DecimalField(
        _("hours of training"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Written on the certificates of attendance."),
    )
    access_level = models.CharField(
        _("who can register"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
    tags = TaggableManager(_("tags"), through=EventTag, blank=True)
    # The tags as words, kept by the actions for the search vector.
    tag_text = models.CharField(max_length=1000, blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="event_starts"),
            models.Index(fields=["ends_at", "starts_at"], name="event_ends"),
            models.Index(fields=["kind", "starts_at"], name="event_kind"),
            models.Index(fields=["region", "starts_at"], name="event_region"),
            models.Index(fields=["organisation", "starts_at"], name="event_organisation"),
            GinIndex(fields=["search_vector"], name="event_search"),
            trigram_index("title", name="event_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", args=[self.slug])

    def is_open_to(self, user) -> bool:
        return self.access_level in levels_open_to(user)

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, ROME)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at, ROME)

    @property
    def is_multi_day(self) -> bool:
        return self.local_start.date() != self.local_end.date()

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue

    @property
    def closes_at(self) -> datetime.datetime:
        """When registrations close: the deadline, or the start when it comes first."""
        if self.registration_deadline and self.registration_deadline < self.starts_at:
            return self.registration_deadline
        return self.starts_at

    def is_registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and not self.is_cancelled and now < self.closes_at

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    def is_over(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())

    def place(self) -> str:
        """The place in one line, as a calendar shows it."""
        parts = [self.venue, self.address, self.municipality]
        if self.province_id:
            parts.append(f"({self.province.name})")
        return ", ".join(part for part in parts if part) or self.online_url


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def waiting_order(self):
        return self.filter(status=Registration.Status.WAITING).order_by("registered_at", "pk")

    def of(self, person):
        return self.filter(person=person)

    def with_waiting_position(self):
        """`waiting_position`: 1 for the first on the waiting list, in one query."""
        ahead = Registration.objects.filter(
            event=OuterRef("event"),
            status=Registration.Status.WAITING,
        ).filter(
            Q(registered_at__lt=OuterRef("registered_at"))
            | Q(registered_at=OuterRef("registered_at"), pk__lte=OuterRef("pk"))
        )
        return self.annotate(waiting_position=SubqueryCount(ahead))


class Registration(models.Model):
    """A person registered to an event: with a seat, on the waiting list, or no longer."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # When the person (last) registered: the order of the waiting list.
    registered_at = models.DateTimeField(_("registered on"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(_("attendance marked"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance marked by"),
    )
    certificate_code = models.CharField(
        _("certificate code"), max_length=14, unique=True, null=True, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="registration_once_per_person"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "registered_at"], name="registration_event"),
            models.Index(fields=["person", "status"], name="registration_person"),
        ]

    def __str__(self):
        return f"{self.person} — {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def has_certificate(self) -> bool:
        return bool(self.attended and self.certificate_code)

    def can_cancel(self, user, now=None) -> bool:
        """The person themselves, or staff, before the event starts."""
        if not self.is_active or self.event.starts_at <= (now or timezone.now()):
            return False
        return user.is_authenticated and (user.pk == self.person_id or user.is_staff)
