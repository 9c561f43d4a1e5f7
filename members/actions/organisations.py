"""Organisations: registering a new one and its approval by staff, changes to its profile, and
the libraries a library system groups.

Each function refuses an illegal move with an `OrganisationError` before it changes anything and
runs in one transaction; the people concerned are told by e-mail once it commits.
"""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from members.actions.roles import decide_role, open_role, pending_referents
from members.models import LibraryLink, Organisation, OrganisationKind, Role, italian_isil
from portal.lib.errors import ActionError, refuse_other_fields
from portal.lib.images import UnreadableImage, thumbnail_png
from portal.lib.notify import notify, staff_to_notify
from portal.lib.slugs import save_with_unique_slug

logger = logging.getLogger(__name__)

# The logo's thumbnail fits in a square this many pixels a side: the organisation's page shows
# it at half that (sharp on high-density screens), the directory's cards smaller still.
LOGO_THUMBNAIL_SIZE = 240


class OrganisationError(ActionError):
    """A refused change to an organisation."""


# Registering and approving a new organisation -----------------------------------------------


def canonical_isil_code(value) -> str | None:
    """The ISIL code in its canonical form (IT-MI0001), None when empty; refuses a bad one."""
    try:
        return italian_isil(value)
    except ValueError:
        raise OrganisationError(
            _("Enter an Italian ISIL code such as IT-MI0001."),
            code="invalid_isil",
            field="isil_code",
        ) from None


def register_organisation(
    *,
    by,
    name,
    kind,
    region,
    province,
    municipality,
    website="",
    email="",
    isil_code=None,
    message="",
) -> Organisation:
    """A registered person adds an organisation the portal lacks and asks to be its referent.

    The organisation and the role stay pending until staff approve them together; staff are told.
    """
    name = (name or "").strip()
    if not by.is_authenticated:
        raise OrganisationError(_("Log in to register an organisation."), code="anonymous")
    if not name:
        raise OrganisationError(_("Enter the organisation's name."), code="no_name", field="name")
    if kind not in OrganisationKind.values:
        raise OrganisationError(
            _("Choose the kind of organisation."), code="bad_kind", field="kind"
        )
    if province is not None and region is not None and province.region_id != region.pk:
        raise OrganisationError(
            _("%(province)s is not in %(region)s."),
            code="province_not_in_region",
            params={"province": province.name, "region": region.name},
            field="province",
        )
    isil_code = canonical_isil_code(isil_code)
    with transaction.atomic():
        if isil_code:
            _check_isil_code_is_free(isil_code)
        organisation = Organisation(
            name=name,
            kind=kind,
            status=Organisation.Status.PENDING,
            region=region,
            province=province,
            municipality=(municipality or "").strip(),
            website=website or "",
            email=email or "",
            isil_code=isil_code,
        )
        try:
            save_with_unique_slug(organisation, name, fallback="organizzazione")
        except IntegrityError:
            if isil_code:
                # Registered by someone else since the check: the same refusal as before.
                _check_isil_code_is_free(isil_code)
            raise
        role = open_role(
            organisation=organisation, user=by, kind=Role.Kind.REFERENT, message=message
        )
        notify(
            to=staff_to_notify(),
            template="members/emails/organisation_registered",
            context={"organisation": organisation, "person": by, "role": role},
        )
    return organisation


def add_organisation(*, by, name, kind, region, province=None, municipality="") -> Organisation:
    """Staff add an organisation the portal lacks, which they vouch for: approved at once, with
    no referent yet (someone who works there can then ask to join it).

    Refuses a name already used by an organisation of the same kind in the same region: staff
    pick that one instead.
    """
    name = " ".join((name or "").split())
    _check_staff(by)
    if not name:
        raise OrganisationError(_("Enter the organisation's name."), code="no_name", field="name")
    if kind not in OrganisationKind.values:
        raise OrganisationError(
            _("Choose the kind of organisation."), code="bad_kind", field="kind"
        )
    if region is None:
        raise OrganisationError(_("Choose the region."), code="no_region", field="region")
    if province is not None and province.region_id != region.pk:
        raise OrganisationError(
            _("%(province)s is not in %(region)s."),
            code="province_not_in_region",
            params={"province": province.name, "region": region.name},
            field="province",
        )
    with transaction.atomic():
        same = Organisation.objects.filter(kind=kind, region=region, name__iexact=name).first()
        if same is not None:
            raise OrganisationError(
                _("%(name)s is already on the portal, in %(region)s: choose it instead."),
                code="already_on_portal",
                params={"name": same.name, "region": region.name},
                field="name",
            )
        organisation = Organisation(
            name=name,
            kind=kind,
            status=Organisation.Status.APPROVED,
            region=region,
            province=province,
            municipality=(municipality or "").strip(),
        )
        save_with_unique_slug(organisation, name, fallback="organizzazione")
    logger.info("Organisation %s added by staff member %s", organisation.pk, by.pk)
    return organisation


def approve_organisation(*, organisation, by) -> Organisation:
    """Staff approve a registered organisation and, with it, the referent who registered it."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_staff(by)
        _check_organisation_pending(organisation)
        organisation.status = Organisation.Status.APPROVED
        organisation.save(update_fields=["status", "updated_at"])
        roles = list(pending_referents(organisation))
        for role in roles:
            decide_role(role, Role.Status.APPROVED, by)
        notify(
            to=[role.user for role in roles],
            template="members/emails/organisation_approved",
            context={"organisation": organisation},
        )
    return organisation


def reject_organisation(*, organisation, by, reason) -> Organisation:
    """Staff turn down a registered organisation with a reason; whoever registered it is told."""
    reason = (reason or "").strip()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_staff(by)
        _check_organisation_pending(organisation)
        _check_reason(reason)
        organisation.status = Organisation.Status.REJECTED
        organisation.save(update_fields=["status", "updated_at"])
        roles = list(organisation.roles.pending().select_related("user"))
        for role in roles:
            decide_role(role, Role.Status.REJECTED, by, reason=reason)
        notify(
            to=[role.user for role in roles],
            template="members/emails/organisation_rejected",
            context={"organisation": organisation, "reason": reason},
        )
    return organisation


# Profile and libraries ---------------------------------------------------------------------


def update_organisation(*, organisation: Organisation, data: dict, by) -> Organisation:
    """Saves the changed profile fields in `data` (field name → new value, as a form cleans it).

    The registry fields among them are remembered in `edited_fields`, so that a re-import of the
    national registry does not overwrite what the organisation wrote. Only the fields in `data`
    are written: a concurrent change to another field is kept. Staff and the organisation's
    referents may; a field not in `Organisation.EDITABLE_FIELDS` is refused.
    """
    refuse_other_fields(data, Organisation.EDITABLE_FIELDS, OrganisationError)
    if not organisation.can_edit(by):
        raise OrganisationError(
            _("Only the organisation's referents and the network's staff can edit it."),
            code="not_a_referent",
        )
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for name, value in data.items():
            # What a ModelForm does: a file field takes False to mean "clear", None "keep".
            Organisation._meta.get_field(name).save_form_data(locked, value)
        edited = [name for name in Organisation.REGISTRY_FIELDS if name in data]
        locked.edited_fields = sorted({*locked.edited_fields, *edited})
        locked.save(update_fields=[*data, "edited_fields", "updated_at"])
        if "logo" in data:
            store_logo_thumbnail(organisation=locked)
    logger.info("Organisation %s: %s changed by user %s", locked.pk, ", ".join(data), by.pk)
    return locked


def store_logo_thumbnail(*, organisation: Organisation) -> bool:
    """Makes and stores the thumbnail of the organisation's logo, the one its pages show; clears
    it when the organisation has no logo. Returns whether a thumbnail is stored.

    Called when the logo changes (by `update_organisation`, the admin) and, for logos uploaded
    before thumbnails existed, by the command `make_logo_thumbnails`. Refuses, with the field
    `logo`, a file that passed the upload checks but cannot be decoded as a picture.
    """
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        old_thumbnail = locked.logo_thumbnail.name
        if locked.logo:
            try:
                with locked.logo.open("rb") as logo:
                    content = thumbnail_png(logo, size=LOGO_THUMBNAIL_SIZE)
            except UnreadableImage:
                raise OrganisationError(
                    _("This file cannot be read as a picture: upload the logo as PNG or JPEG."),
                    code="unreadable_logo",
                    field="logo",
                ) from None
            locked.logo_thumbnail.save("logo.png", ContentFile(content), save=False)
        else:
            locked.logo_thumbnail = ""
        locked.save(update_fields=["logo_thumbnail"])
        if old_thumbnail:
            storage = locked.logo_thumbnail.storage
            transaction.on_commit(lambda: storage.delete(old_thumbnail))
    organisation.logo_thumbnail = locked.logo_thumbnail
    return bool(locked.logo_thumbnail)


def _refuse_unless_system(system: Organisation) -> None:
    if not system.is_system:
        raise OrganisationError(
            _("%(name)s is not a library system: only a system groups libraries."),
            code="not_a_system",
            params={"name": system.name},
        )


def _refuse_unless_system_and_library(system: Organisation, library: Organisation) -> None:
    _refuse_unless_system(system)
    if library.kind != OrganisationKind.LIBRARY:
        raise OrganisationError(
            _("%(name)s is not a library (it is: %(kind)s); only libraries join a system."),
            code="not_a_library",
            params={"name": library.name, "kind": library.get_kind_display()},
        )


def link_library(*, system: Organisation, library: Organisation, by) -> tuple[LibraryLink, bool]:
    """A system's referent asks to count `library` among the system's libraries.

    The link stays pending until the library's referents confirm it (staff, when it has none):
    they are told by e-mail. Someone who may decide for the library (its referent, or staff)
    links it at once. Returns the link and whether this call changed it: asking again for a
    link already pending or confirmed changes nothing, asking again after a refusal asks anew.

    Refuses, with an OrganisationError that says why, a `system` that is not a library system,
    a `library` that is not a library, and a person who does not manage the system.
    """
    _refuse_unless_system_and_library(system, library)
    if not system.can_edit(by):
        raise OrganisationError(
            _("Only the referents of %(system)s and the network's staff can link libraries to it."),
            code="not_a_referent",
            params={"system": system.name},
        )
    with transaction.atomic():
        link, created = LibraryLink.objects.select_for_update().get_or_create(
            library=library, system=system, defaults={"requested_by": by}
        )
        if not created and link.status != LibraryLink.Status.DECLINED:
            return link, False
        link.requested_by, link.requested_at = by, timezone.now()
        if link.can_decide(by):
            link.status, link.decided_by, link.decided_at = (
                LibraryLink.Status.CONFIRMED,
                by,
                timezone.now(),
            )
        else:
            link.status, link.decided_by, link.decided_at = LibraryLink.Status.PENDING, None, None
        link.save()
        if link.is_pending:
            referents = list(library.referents())
            notify(
                to=referents or staff_to_notify(),
                template="members/emails/library_link_requested",
                context={
                    "link": link,
                    "library": library,
                    "system": system,
                    "person": by,
                    "no_referent": not referents,
                },
            )
    logger.info(
        "Library %s linked to system %s (%s) by user %s", library.pk, system.pk, link.status, by.pk
    )
    return link, True


def confirm_library_link(*, link: LibraryLink, by) -> LibraryLink:
    """The library's referent (or staff) confirms that it belongs to the system: from now on
    the system's page, the directory and the mapping report count it. The system's referents
    are told."""
    return _decide_library_link(link, by, LibraryLink.Status.CONFIRMED)


def decline_library_link(*, link: LibraryLink, by) -> LibraryLink:
    """The library's referent (or staff) says it does not belong to the system: the link is
    kept as declined, counted nowhere, and the system's referents are told."""
    return _decide_library_link(link, by, LibraryLink.Status.DECLINED)


def _decide_library_link(link, by, status) -> LibraryLink:
    with transaction.atomic():
        link = (
            LibraryLink.objects.select_for_update(of=("self",))
            .select_related("library", "system", "requested_by")
            .get(pk=link.pk)
        )
        if not link.can_decide(by):
            raise OrganisationError(
                _(
                    "Only the referents of %(library)s, or the network's staff when it has "
                    "none, can say whether it belongs to %(system)s."
                ),
                code="not_a_library_referent",
                params={"library": link.library.name, "system": link.system.name},
            )
        if not link.is_pending:
            raise OrganisationError(
                _("The link of %(library)s to %(system)s has already been decided: %(status)s."),
                code="already_decided",
                params={
                    "library": link.library.name,
                    "system": link.system.name,
                    "status": link.get_status_display().lower(),
                },
            )
        link.status, link.decided_by, link.decided_at = status, by, timezone.now()
        link.save(update_fields=["status", "decided_by", "decided_at"])
        recipients = list(link.system.referents())
        if link.requested_by is not None:
            recipients.append(link.requested_by)
        notify(
            to=recipients,
            template=f"members/emails/library_link_{status}",
            context={"link": link, "library": link.library, "system": link.system},
        )
    logger.info("Library link %s %s by user %s", link.pk, status, by.pk)
    return link


def unlink_library(*, system: Organisation, library: Organisation, by) -> bool:
    """Takes `library` off the system's list, whatever its link's status (a pending request is
    withdrawn, a declined one forgotten). Returns False when there was no link.

    Any organisation linked to the system can be unlinked, even one that is not a library (a
    link made by staff in the admin). The system's referents and staff may.
    """
    _refuse_unless_system(system)
    if not system.can_edit(by):
        raise OrganisationError(
            _("Only the referents of %(system)s and the network's staff can link libraries to it."),
            code="not_a_referent",
            params={"system": system.name},
        )
    deleted, _counts = LibraryLink.objects.filter(library=library, system=system).delete()
    if deleted:
        logger.info("Library %s unlinked from system %s by user %s", library.pk, system.pk, by.pk)
    return bool(deleted)


# Helpers -----------------------------------------------------------------------------------


def _check_staff(by) -> None:
    if not (by.is_authenticated and by.is_staff):
        raise OrganisationError(_("Only the network's staff can do this."), code="not_staff")


def _check_reason(reason) -> None:
    if not reason:
        raise OrganisationError(
            _("Give a reason: the person will read it."), code="no_reason", field="reason"
        )


def _check_organisation_pending(organisation) -> None:
    if organisation.status != Organisation.Status.PENDING:
        raise OrganisationError(
            _("%(organisation)s has already been decided: it is %(status)s."),
            code="already_decided",
            params={
                "organisation": organisation.name,
                "status": organisation.get_status_display().lower(),
            },
        )


def _check_isil_code_is_free(code) -> None:
    existing = Organisation.objects.filter(isil_code=code).first()
    if existing is None:
        return
    if existing.status == Organisation.Status.APPROVED:
        link = reverse("members:role-request", args=[existing.slug])
        message = format_html(
            _('This library is already on the portal: <a href="{link}">ask to join {name}</a>.'),
            link=link,
            name=existing.name,
        )
    else:
        message = _(
            "This library has already been registered and the network's staff are reviewing it."
        )
    raise OrganisationError(message, code="isil_taken", field="isil_code")
