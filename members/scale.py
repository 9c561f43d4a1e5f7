"""The members part of `seed_scale`: the whole registry, systems, people, roles, memberships.

Every row is plausible and every state is there: approved, pending and rejected organisations;
systems with official, package and expired memberships and with none; approved, pending, left
and rejected roles; libraries linked to a system and libraries in none.
"""

import datetime
import gzip
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from members.models import (
    CreditEntry,
    LibraryLink,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from members.registry import import_registry
from portal.lib.scale import BATCH_SIZE, Text, batches, create_in_batches

# The whole national registry (ICCU's Anagrafe delle biblioteche italiane, CC0), compressed.
FULL_REGISTRY = Path(__file__).resolve().parent / "data" / "abi-territorio.csv.gz"

SCALE_EMAIL_DOMAIN = "scala.retedellereti.example"

SYSTEM_NAMES = [
    "Sistema Bibliotecario {place}",
    "Rete Bibliotecaria {place}",
    "Sistema Bibliotecario Urbano di {place}",
    "Polo Bibliotecario {place}",
    "Sistema Bibliotecario Intercomunale di {place}",
]


def load_registry(progress) -> int:
    """Imports the whole registry; returns the libraries created or updated."""
    with gzip.open(FULL_REGISTRY, "rt", encoding="utf-8-sig", newline="") as file:
        summary = import_registry(file, complete=False, progress=progress)
    return summary.created + summary.updated


def create_systems(rng, count: int, progress) -> list[Organisation]:
    """`count` library systems spread over the provinces as the libraries are, nine in ten
    approved, then pending and rejected ones; each linked to libraries of its province, leaving
    about a fifth of the libraries in no system."""
    text = Text(rng)
    libraries = list(
        Organisation.objects.filter(kind=OrganisationKind.LIBRARY, province__isnull=False)
        .values_list("pk", "province_id", "region_id", "municipality")
        .order_by("pk")
    )
    places = [row for row in libraries if row[3]]
    taken = set(Organisation.objects.values_list("slug", flat=True))
    systems = []
    for number in range(count):
        _, province, region, municipality = rng.choice(places)
        name = rng.choice(SYSTEM_NAMES).format(place=municipality)
        slug = slugify(name)[:100]
        if slug in taken:
            slug = f"{slug}-{number}"
        taken.add(slug)
        status = rng.choices(
            [Organisation.Status.APPROVED, Organisation.Status.PENDING, "rejected"],
            [90, 7, 3],
        )[0]
        systems.append(
            Organisation(
                name=name,
                slug=slug,
                kind=OrganisationKind.LIBRARY_SYSTEM,
                status=status,
                region_id=region,
                province_id=province,
                municipality=municipality,
                description=text.paragraph(2),
                website=f"https://{slug}.example",
                email=f"segreteria@{slug}.example",
                address=f"Piazza Municipio {rng.randint(1, 40)}",
            )
        )
    systems = create_in_batches(Organisation, systems, count, progress)
    _link_libraries(rng, systems, libraries)
    return systems


def _link_libraries(rng, systems, libraries) -> None:
    """Most links confirmed by the library, some still waiting for it, a few declined."""
    by_province = {}
    for system in systems:
        by_province.setdefault(system.province_id, []).append(system.pk)
    now = timezone.now()
    links = []
    for library, province, _, _ in libraries:
        if province not in by_province or rng.random() >= 0.8:
            continue
        status = rng.choices(
            [LibraryLink.Status.CONFIRMED, LibraryLink.Status.PENDING, LibraryLink.Status.DECLINED],
            [90, 7, 3],
        )[0]
        links.append(
            LibraryLink(
                library_id=library,
                system_id=rng.choice(by_province[province]),
                status=status,
                decided_at=None if status == LibraryLink.Status.PENDING else now,
            )
        )
    for batch in batches(links):
        LibraryLink.objects.bulk_create(batch)


def create_people(rng, count: int, organisations: list[Organisation], progress) -> list[User]:
    """`count` people with verified addresses under the scale domain, one password for all; nine
    in ten have a role in an organisation, referents and collaborators in every state."""
    text = Text(rng)
    password = make_password("scala-rete-2026")
    first = (User.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    people = []
    for number in range(first, first + count):
        first_name, last_name = text.person()
        email = f"{slugify(first_name)}.{slugify(last_name)}.{number}@{SCALE_EMAIL_DOMAIN}"
        people.append(
            User(
                email=email,
                first_name=first_name,
                last_name=last_name,
                password=password,
                language=rng.choices(["it", "en"], [9, 1])[0],
            )
        )
    people = create_in_batches(User, people, count, progress)
    for batch in batches(people):
        EmailAddress.objects.bulk_create(
            EmailAddress(user=person, email=person.email, verified=True, primary=True)
            for person in batch
        )
    roles = []
    for person in people:
        if rng.random() < 0.1:
            continue
        organisation = rng.choice(organisations)
        status = rng.choices(
            [Role.Status.APPROVED, Role.Status.PENDING, Role.Status.LEFT, Role.Status.REJECTED],
            [80, 10, 5, 5],
        )[0]
        roles.append(
            Role(
                user=person,
                organisation=organisation,
                kind=rng.choices([Role.Kind.REFERENT, Role.Kind.COLLABORATOR], [1, 2])[0],
                status=status,
                message="Lavoro nella segreteria del sistema e seguo i progetti comuni.",
                decided_at=None if status == Role.Status.PENDING else timezone.now(),
            )
        )
    Role.objects.bulk_create(roles, batch_size=BATCH_SIZE)
    return people


def create_memberships(rng, systems: list[Organisation], staff) -> None:
    """Official and package memberships for about half the approved systems (some expired,
    some pending), with the package's credits granted and partly spent."""
    today = timezone.localdate()
    memberships, approved = [], [s for s in systems if s.status == Organisation.Status.APPROVED]
    for system in approved:
        draw = rng.random()
        if draw < 0.5:
            continue
        tier = Membership.Tier.OFFICIAL if draw < 0.8 else Membership.Tier.PACKAGE
        status = rng.choices(
            [Membership.Status.ACTIVE, Membership.Status.EXPIRED, Membership.Status.PENDING],
            [80, 12, 8],
        )[0]
        starts = today - datetime.timedelta(days=rng.randint(30, 300))
        if status == Membership.Status.EXPIRED:
            starts -= datetime.timedelta(days=400)
        is_package = tier == Membership.Tier.PACKAGE
        memberships.append(
            Membership(
                organisation=system,
                tier=tier,
                status=status,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=364),
                fee=rng.choice([300, 500, 800]) if is_package else 0,
                credits=rng.choice([10, 20, 40]) if is_package else None,
                pledged_hours_per_month=rng.choice([4, 8, 12]),
                decided_by=None if status == Membership.Status.PENDING else staff,
                decided_at=None if status == Membership.Status.PENDING else timezone.now(),
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    entries = []
    for membership in memberships:
        if membership.tier == Membership.Tier.PACKAGE and membership.status != "pending":
            entries.append(
                CreditEntry(
                    membership=membership,
                    kind=CreditEntry.Kind.GRANT,
                    amount=membership.credits,
                    reference="seed-scale-grant",
                    created_by=staff,
                )
            )
    CreditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
