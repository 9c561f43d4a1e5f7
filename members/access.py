"""The access policy every app uses: a person's effective tier and what each content level needs.

Content carries an access level (public < registered < member < package). A person's effective
tier is the highest tier among the active memberships of the organisations where they hold an
approved role; base when registered; none when anonymous. Staff reach everything. A refused
person sees the "locked" page, which says what would open the content and how to get it.
"""

from functools import wraps

from django.db import models
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import EffectiveTier, Membership, Organisation
from portal.lib.errors import Refused
from portal.lib.pagecache import remember


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
    """The person's tier today, computed once per request (the user object is per request) and
    kept under the content version, which a change of their roles or memberships replaces (a
    membership that ends at midnight counts at most the cache's timeout later)."""
    if not user.is_authenticated:
        return EffectiveTier.NONE
    if not hasattr(user, "_effective_tier"):
        user._effective_tier = remember(f"tier:{user.pk}", lambda: _tier_from_rows(user))
    return user._effective_tier


def _tier_from_rows(user) -> EffectiveTier:
    tiers = set(
        Membership.objects.active()
        .filter(organisation__in=Organisation.objects.with_approved_role(user))
        .values_list("tier", flat=True)
    )
    if Membership.Tier.PACKAGE in tiers:
        return EffectiveTier.PACKAGE
    if tiers:
        return EffectiveTier.OFFICIAL
    return EffectiveTier.BASE


def levels_open_to(user) -> list[str]:
    """The access levels whose content the person may see."""
    if user.is_authenticated and user.is_staff:
        return list(AccessLevel.values)
    tier = effective_tier(user)
    return [level for level, needed in REQUIRED_TIER.items() if needed <= tier]


def access_scope(user) -> str:
    """What content shown by access level depends on for a person: the levels they open, and
    whether they are staff (who also see what is hidden or unpublished). For the keys of what
    is cached per access level, never across levels."""
    staff = "staff" if user.is_authenticated and user.is_staff else ""
    return ",".join([*levels_open_to(user), staff])


def can_access(user, level) -> bool:
    return level in levels_open_to(user)


def access_filter(user, field: str = "access_level") -> Q:
    """A filter for a model's `visible_to()`: rows whose access level the person reaches."""
    return Q(**{f"{field}__in": levels_open_to(user)})


def locked(request, level, *, status=403, subject="", section=None):
    """The page shown instead of content the person may not see: what opens it, and how.
    `subject` names what is locked (a document's title), when its name is not a secret;
    `section`, a (label, url) pair, is the list it belongs to, for the breadcrumb."""
    return render(
        request,
        "members/locked.html",
        {
            "level": AccessLevel(level),
            "tier": effective_tier(request.user),
            "subject": subject,
            "section": section,
        },
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


def managed_organisations_or_refused(user, *, reason):
    """The organisations the person manages (`Organisation.objects.managed_by`), by name; when
    there is none, `Refused` with `reason` (who does this) and how to become a referent."""
    organisations = Organisation.objects.managed_by(user).order_by("name")
    if not organisations.exists():
        raise Refused(
            reason,
            remedy=gettext(
                "If you work for a library system or a library, find it in the directory and "
                "ask to join it as a referent; if it is not there yet, register it."
            ),
            remedy_url=reverse("members:organisation-list"),
            remedy_label=gettext("Find your organisation"),
        )
    return organisations


def require_manager(user, organisation, *, doing: str = "") -> None:
    """Raises `Refused` (a 403 page that explains) unless the person manages `organisation`:
    staff or one of its approved referents. `doing` says what was refused, when it is more
    than managing the organisation itself ("edit its practices")."""
    if organisation.can_edit(user):
        return
    name = organisation.name
    if doing:
        reason = gettext("Only the referents of %(organisation)s can %(doing)s.") % {
            "organisation": name,
            "doing": doing,
        }
    else:
        reason = gettext("Only the referents of %(organisation)s manage it on the portal.") % {
            "organisation": name
        }
    raise Refused(
        reason,
        remedy=gettext(
            "If you work there, ask to join it as a referent: its referents, or the network's "
            "staff when it has none, decide on the request."
        ),
        remedy_url=reverse("members:role-request", args=[organisation.slug]),
        remedy_label=gettext("Ask to join %(organisation)s") % {"organisation": name},
    )
