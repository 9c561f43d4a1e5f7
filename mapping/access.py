"""Who reads the mapping report, and of which regions: the one place that decides it."""

from dataclasses import dataclass

from members.access import effective_tier
from members.models import EffectiveTier, Organisation, OrganisationKind, Region


@dataclass(frozen=True)
class ReportScope:
    """What part of the mapping report a person sees: the whole country, or some regions."""

    regions: list[Region] | None = None  # None: the whole country

    @property
    def is_national(self) -> bool:
        return self.regions is None

    @property
    def cache_key(self) -> str:
        """What a cached part of the report is kept per: the country, or these regions."""
        if self.regions is None:
            return "national"
        return "regions-" + "-".join(str(region.pk) for region in self.regions)


def mapping_report_scope(user) -> ReportScope | None:
    """Staff and people of member organisations see the whole mapping report; the referents
    of a regional office see their region's; nobody else sees it (None)."""
    if user.is_authenticated and user.is_staff:
        return ReportScope()
    if effective_tier(user) >= EffectiveTier.OFFICIAL:
        return ReportScope()
    if not user.is_authenticated:
        return None
    offices = Organisation.objects.managed_by(user).filter(kind=OrganisationKind.REGIONAL_OFFICE)
    regions = list(Region.objects.filter(organisation__in=offices).distinct())
    return ReportScope(regions) if regions else None


def benchmarked_systems(user):
    """The library systems whose benchmark page the person opens: staff any system, people with
    an approved role (referents and collaborators) their own; nobody else any."""
    systems = Organisation.objects.filter(kind=OrganisationKind.LIBRARY_SYSTEM)
    if user.is_authenticated and user.is_staff:
        return systems
    return systems.filter(pk__in=Organisation.objects.with_approved_role(user).values("pk"))
