"""The map of the network: Italy's regions shaded by the share of the registry's libraries that
belong to a library system, the systems at their seat, and the same figures as a table.

The regional boundaries are MapSVG's map of Italy from the npm package `@svg-maps/italy` (CC BY
4.0), kept in `mapping/data/` (see its README); the map is drawn on the server, so the page asks
nothing of a third party. Four queries, whatever the number of libraries and systems.
"""

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Avg, Count, Q

from members.models import LibraryLink, Organisation, OrganisationKind, Region

BOUNDARIES = Path(__file__).parent / "data" / "italy-regions.svg"
SVG = "{http://www.w3.org/2000/svg}"
VIEW_BOX = (610, 793)

# The package's ids of the regions, to ISTAT's codes.
REGION_CODES = {
    "piedmont": "01",
    "aosta-valley": "02",
    "lombardy": "03",
    "trentino-south-tyrol": "04",
    "veneto": "05",
    "friuli-venezia-giulia": "06",
    "liguria": "07",
    "emilia-romagna": "08",
    "tuscany": "09",
    "umbria": "10",
    "marche": "11",
    "lazio": "12",
    "abruzzo": "13",
    "molise": "14",
    "campania": "15",
    "apulia": "16",
    "basilicata": "17",
    "calabria": "18",
    "sicily": "19",
    "sardinia": "20",
}

# Where a region's count is written, where the middle of its outline would put it off the
# region or on a neighbour's (x, y in the map's units).
LABEL_AT = {
    "07": (105, 208),
    "18": (505, 560),
    "19": (400, 660),
    "12": (312, 385),
    "16": (520, 430),
}

# The map's extent (see mapping/data/README.md).
WEST, EAST, NORTH, SOUTH = 6.6272, 18.5207, 47.0921, 35.4929
LEFT, RIGHT, TOP, BOTTOM = 0.31, 609.98, 0.27, 792.24

# The shades: the share of a region's registry libraries that belong to a system, in fifths.
SHADES = 5


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Where a place falls on the map, in its units."""
    x = LEFT + (longitude - WEST) * (RIGHT - LEFT) / (EAST - WEST)
    y = TOP + (_mercator(NORTH) - _mercator(latitude)) * (BOTTOM - TOP) / (
        _mercator(NORTH) - _mercator(SOUTH)
    )
    return round(x, 1), round(y, 1)


def _outline_middle(path: str) -> tuple[float, float]:
    """The middle of a path's bounding box. The package's paths are relative moves and lines
    only (`m`, implicit lines, `z`)."""
    xs, ys = [], []
    x = y = start_x = start_y = 0.0
    for part in re.findall(r"[mMzZ]|[^mMzZ]+", path):
        if part in "zZ":
            x, y = start_x, start_y
            continue
        if part in "mM":
            continue
        numbers = [float(n) for n in re.findall(r"-?[0-9.]+(?:e-?\d+)?", part)]
        for index in range(0, len(numbers) - 1, 2):
            x, y = x + numbers[index], y + numbers[index + 1]
            if index == 0:
                start_x, start_y = x, y
            xs.append(x)
            ys.append(y)
    return round((min(xs) + max(xs)) / 2, 1), round((min(ys) + max(ys)) / 2, 1)


@cache
def region_outlines() -> dict[str, tuple[str, tuple[float, float]]]:
    """ISTAT code → (the region's SVG path, where its count is written)."""
    outlines = {}
    for path in ET.parse(BOUNDARIES).getroot().iter(f"{SVG}path"):
        code = REGION_CODES[path.get("id")]
        outlines[code] = (path.get("d"), LABEL_AT.get(code) or _outline_middle(path.get("d")))
    return outlines


@dataclass
class RegionRow:
    code: str
    name: str
    libraries: int
    unaffiliated: int
    systems: int
    outline: str
    label_at: tuple[float, float]

    @property
    def in_system(self) -> int:
        return self.libraries - self.unaffiliated

    @property
    def share(self) -> float | None:
        """Percentage of the region's registry libraries that belong to a system."""
        return round(100 * self.in_system / self.libraries, 1) if self.libraries else None

    @property
    def shade(self) -> str:
        """The CSS class that shades the region: its fifth of the share, or none."""
        if self.share is None:
            return "map-shade-none"
        return f"map-shade-{min(SHADES - 1, int(self.share * SHADES // 100))}"


@dataclass
class SystemPoint:
    name: str
    x: float
    y: float


class NetworkMap:
    def regions(self) -> list[RegionRow]:
        libraries = Q(
            organisation__kind=OrganisationKind.LIBRARY,
            organisation__in_registry=True,
            organisation__status=Organisation.Status.APPROVED,
        )
        regions = Region.objects.annotate(
            libraries=Count("organisation", filter=libraries, distinct=True),
            unaffiliated=Count(
                "organisation",
                filter=libraries & Q(organisation__in=Organisation.objects.in_no_system()),
                distinct=True,
            ),
            systems=Count(
                "organisation",
                filter=Q(
                    organisation__kind=OrganisationKind.LIBRARY_SYSTEM,
                    organisation__status=Organisation.Status.APPROVED,
                ),
                distinct=True,
            ),
        ).order_by("name")
        outlines = region_outlines()
        return [
            RegionRow(
                region.istat_code,
                region.name,
                region.libraries,
                region.unaffiliated,
                region.systems,
                *outlines[region.istat_code],
            )
            for region in regions
            if region.istat_code in outlines
        ]

    def systems(self) -> list[SystemPoint]:
        """The approved systems at their seat: where the portal has its coordinates, else amid
        the registry's libraries of its municipality, else amid its own libraries. A system with
        none of these is in the table's counts only. Three grouped queries, joined here, cost
        less than a subquery per system."""
        systems = (
            Organisation.objects.listed()
            .filter(kind=OrganisationKind.LIBRARY_SYSTEM)
            .order_by("name")
            .values_list("pk", "name", "province_id", "municipality", "latitude", "longitude")
        )
        placed = Q(latitude__isnull=False, longitude__isnull=False)
        towns = {
            (province, municipality): (latitude, longitude)
            for province, municipality, latitude, longitude in Organisation.objects.filter(
                placed, kind=OrganisationKind.LIBRARY
            )
            .order_by()
            .values_list("province_id", "municipality")
            .annotate(Avg("latitude"), Avg("longitude"))
        }
        members = {
            system: (latitude, longitude)
            for system, latitude, longitude in LibraryLink.objects.confirmed()
            .filter(library__latitude__isnull=False, library__longitude__isnull=False)
            .order_by()
            .values_list("system_id")
            .annotate(Avg("library__latitude"), Avg("library__longitude"))
        }
        points = []
        for pk, name, province, municipality, latitude, longitude in systems:
            if latitude is None or longitude is None:
                latitude, longitude = towns.get((province, municipality)) or members.get(
                    pk, (None, None)
                )
            if latitude is not None:
                points.append(SystemPoint(name, *project(float(latitude), float(longitude))))
        return points

    def legend(self) -> list[tuple[str, int, int]]:
        """(CSS class, from %, to %) of each shade."""
        step = 100 // SHADES
        return [(f"map-shade-{n}", n * step, (n + 1) * step) for n in range(SHADES)]
