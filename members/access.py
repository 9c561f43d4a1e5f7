"""The access policy every app uses: a person's effective tier and what each content level needs.

Content carries an access level (public < registered < member < package). A person's effective
tier is the highest tier among the active memberships of the organisations where they hold an
approved role; base when registered; none when anonymous. Staff reach everything. A refused
person sees the "locked" page, which says what would open the content and how to get it.
"""

from dataclasses import dataclass
from functools import wraps

from django.db import models
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from members.models import EffectiveTier, Membership, Organisation, OrganisationKind, Region, Role


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    REGISTERED = "registered", _("Registered people")
    MEMBER = "member", _("Member organisations")
    PACKAGE = "package", _("Service package holders")


REQUIRED_TIER = {
    AccessLevel.PUBLIC: EffectiveTier.NONE,
    AccessLevel.REGISTERED: EffectiveTier.BASE,
    AccessLevel.MEMBER: EffectiveTier.OFFICIAL,
    AccessLevel.PACKAGE: EffectiveTier.PACKAGE,
}


def effective_tier(user) -> EffectiveTier:
    """The person's tier today, computed once per request (the user object is per request)."""
    if not user.is_authenticated:
        return EffectiveTier.NONE
    if not hasattr(user, "_effective_tier"):
        tiers = set(
            Membership.objects.active()
            .filter(
                organisation__roles__user=user,
                organisation__roles__status=Role.Status.APPROVED,
            )
            .values_list("tier", flat=True)
        )
        if Membership.Tier.PACKAGE in tiers:
            user._effective_tier = EffectiveTier.PACKAGE
        elif tiers:
            user._effective_tier = EffectiveTier.OFFICIAL
        else:
            user._effective_tier = EffectiveTier.BASE
    return user._effective_tier


def levels_open_to(user) -> list[str]:
    """The access levels whose content the person may see."""
    if user.is_authenticated and user.is_staff:
        return list(AccessLevel.values)
    tier = effective_tier(user)
    return [level for level, needed in REQUIRED_TIER.items() if needed <= tier]


def can_access(user, level) -> bool:
    return level in levels_open_to(user)


def access_filter(user, field: str = "access_level") -> Q:
    """A filter for a model's `visible_to()`: rows whose access level the person reaches."""
    return Q(**{f"{field}__in": levels_open_to(user)})


def locked(request, level, *, status=403):
    """The page shown instead of content the person may not see: what opens it, and how."""
    return render(
        request,
        "members/locked.html",
        {"level": AccessLevel(level), "tier": effective_tier(request.user)},
        status=status,
    )


def require_access(level):
    """A view decorator: the view runs only for people who reach `level`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can_access(request.user, level):
                return locked(request, level)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class AccessRequiredMixin:
    """For class-based views: set `access_level`; people below it get the locked page."""

    access_level = AccessLevel.REGISTERED

    def dispatch(self, request, *args, **kwargs):
        if not can_access(request.user, self.access_level):
            return locked(request, self.access_level)
        return super().dispatch(request, *args, **kwargs)


@dataclass(frozen=True)
class ReportScope:
    """What part of the mapping report a person sees: the whole country, or some regions."""

    regions: list[Region] | None = None  # None: the whole country

    @property
    def is_national(self) -> bool:
        return self.regions is None


def mapping_report_scope(user) -> ReportScope | None:
    """Staff and people of member organisations see the whole mapping report; the referents
    of a regional office see their region's; nobody else sees it (None)."""
    if user.is_authenticated and user.is_staff:
        return ReportScope()
    if effective_tier(user) >= EffectiveTier.OFFICIAL:
        return ReportScope()
    if not user.is_authenticated:
        return None
    regions = list(
        Region.objects.filter(
            organisation__kind=OrganisationKind.REGIONAL_OFFICE,
            organisation__status=Organisation.Status.APPROVED,
            organisation__roles__user=user,
            organisation__roles__kind=Role.Kind.REFERENT,
            organisation__roles__status=Role.Status.APPROVED,
        ).distinct()
    )
    return ReportScope(regions) if regions else None
