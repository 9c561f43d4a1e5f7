"""Loads the Italian demo content. Safe to run again: it updates what it created before.

People with verified e-mails; a slice of the national registry of libraries (about 400 real
libraries in the provinces of Monza e della Brianza, Lecco, Siena, Lecce and Cagliari); library
systems of those areas linked to their libraries (one link awaiting the library's referent);
memberships of each tier, a pending application, roles and a pending request, so every members
page shows real-looking content; this year's mapping surveys (`mapping.demo`); the network's
news (`portal.demo`).
"""

import datetime

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from documents.demo import seed_documents
from events.demo import seed_events
from mapping.demo import seed_surveys
from members.actions.organisations import update_organisation
from members.models import (
    CreditEntry,
    LibraryLink,
    Membership,
    Organisation,
    OrganisationKind,
    Province,
    Role,
    User,
)
from members.registry import DEMO_REGISTRY, import_registry
from portal.demo import seed_news
from portal.lib.samples import logo_png
from practices.demo import seed_practices
from services.demo import seed_experts, seed_service_requests
from suppliers.demo import load_demo_suppliers

DEMO_PASSWORD = "demo-rete-2026"

PEOPLE = [
    {
        "email": "staff@retedellereti.example",
        "first_name": "Giulia",
        "last_name": "Ferraris",
        "is_staff": True,
        "is_superuser": True,
    },
    {"email": "marco.bellini@sbvimercatese.example", "first_name": "Marco", "last_name": "Bellini"},
    {"email": "anna.russo@sbcagliari.example", "first_name": "Anna", "last_name": "Russo"},
    {
        "email": "paolo.esposito@retebibliotechesalento.example",
        "first_name": "Paolo",
        "last_name": "Esposito",
    },
    {
        "email": "chiara.marini@sbsiena.example",
        "first_name": "Chiara",
        "last_name": "Marini",
        "language": "en",
    },
    {"email": "luca.galli@sblecco.example", "first_name": "Luca", "last_name": "Galli"},
    {"email": "sara.colombo@sbvimercatese.example", "first_name": "Sara", "last_name": "Colombo"},
    {
        "email": "federica.villa@bibliotecaarcore.example",
        "first_name": "Federica",
        "last_name": "Villa",
    },
]

# A library whose referent has yet to confirm that it belongs to a system the system's referent
# linked it to: (library ISIL code, system slug, the system's referent, the library's referent).
PENDING_LINK = (
    "IT-MI0847",
    "sistema-bibliotecario-vimercatese",
    "marco.bellini@sbvimercatese.example",
    "federica.villa@bibliotecaarcore.example",
)

# (slug, name, province ISTAT code, municipality, description)
SYSTEMS = [
    (
        "sistema-bibliotecario-vimercatese",
        "Sistema Bibliotecario Vimercatese",
        "108",
        "Vimercate",
        "Le biblioteche dei comuni del Vimercatese condividono catalogo, prestito "
        "interbibliotecario, acquisti coordinati e un calendario di iniziative culturali.",
    ),
    (
        "sistema-bibliotecario-lecchese",
        "Sistema Bibliotecario del Territorio Lecchese",
        "097",
        "Lecco",
        "Coordina le biblioteche della provincia di Lecco: catalogo unico, circolazione "
        "dei documenti e formazione del personale.",
    ),
    (
        "rete-documentaria-senese",
        "Rete Documentaria Senese",
        "052",
        "Siena",
        "Biblioteche, archivi e centri di documentazione della provincia di Siena in rete.",
    ),
    (
        "sistema-bibliotecario-salentino",
        "Sistema Bibliotecario Salentino",
        "075",
        "Lecce",
        "Una rete di biblioteche comunali del Salento che condivide servizi, progetti di "
        "promozione della lettura e gare per gli acquisti.",
    ),
    (
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "Sistema Bibliotecario dell'Area Metropolitana di Cagliari",
        "092",
        "Cagliari",
        "Le biblioteche dei comuni dell'area metropolitana di Cagliari, con un catalogo comune.",
    ),
]

# The names of the municipal and civic libraries a system groups, in the registry's words.
PUBLIC_LIBRARY_NAMES = r"comunal|civic|pubblica|biblioteca di "

# The systems that have uploaded a logo, with the initials it shows.
LOGOS = {
    "sistema-bibliotecario-vimercatese": "SBV",
    "rete-documentaria-senese": "RDS",
    "sistema-bibliotecario-salentino": "SBS",
}

# Who is referent or collaborator where: (e-mail, system slug, role kind, status)
ROLES = [
    (
        "marco.bellini@sbvimercatese.example",
        "sistema-bibliotecario-vimercatese",
        "referent",
        "approved",
    ),
    (
        "sara.colombo@sbvimercatese.example",
        "sistema-bibliotecario-vimercatese",
        "collaborator",
        "pending",
    ),
    ("luca.galli@sblecco.example", "sistema-bibliotecario-lecchese", "referent", "approved"),
    ("chiara.marini@sbsiena.example", "rete-documentaria-senese", "referent", "approved"),
    (
        "paolo.esposito@retebibliotechesalento.example",
        "sistema-bibliotecario-salentino",
        "referent",
        "approved",
    ),
    (
        "anna.russo@sbcagliari.example",
        "sistema-bibliotecario-area-metropolitana-cagliari",
        "referent",
        "approved",
    ),
]


class Command(BaseCommand):
    help = "Load the Italian demo content (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        people = self.seed_people()
        with DEMO_REGISTRY.open(encoding="utf-8", newline="") as registry:
            summary = import_registry(registry, complete=False)
        systems = self.seed_systems()
        self.seed_logos(systems, staff=people[PEOPLE[0]["email"]])
        self.seed_roles(people, systems)
        self.seed_pending_link(people, systems)
        self.seed_memberships(systems, people)
        surveys = seed_surveys(staff=people[PEOPLE[0]["email"]], password=DEMO_PASSWORD)
        seed_practices(people, systems)
        documents = seed_documents(people, systems)
        experts = seed_experts(people, systems)
        load_demo_suppliers(staff=people[PEOPLE[0]["email"]])
        requests = seed_service_requests(staff=people[PEOPLE[0]["email"]])
        news = seed_news(staff=people[PEOPLE[0]["email"]])
        events = seed_events(people, systems)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(people)} people (password {DEMO_PASSWORD!r}, staff: "
                f"{PEOPLE[0]['email']}), {summary.rows} libraries of the registry "
                f"({summary.created} new), {len(systems)} library systems, "
                f"{surveys} mapping surveys this year, {documents} new documents, "
                f"{experts} new experts, {requests} new service requests, {news} new news posts, "
                f"{events} new events."
            )
        )

    def seed_people(self):
        people = {}
        for person in PEOPLE:
            fields = {"language": "it", "is_staff": False, "is_superuser": False, **person}
            email = fields.pop("email")
            user, created = User.objects.update_or_create(email=email, defaults=fields)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            people[email] = user
        return people

    def seed_systems(self):
        systems = {}
        for slug, name, province_code, municipality, description in SYSTEMS:
            province = Province.objects.select_related("region").get(istat_code=province_code)
            system, _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": OrganisationKind.LIBRARY_SYSTEM,
                    "status": Organisation.Status.APPROVED,
                    "province": province,
                    "region": province.region,
                    "municipality": municipality,
                    "description": description,
                    "website": f"https://{slug}.example",
                },
            )
            # A system's libraries are the public libraries of its province in the registry
            # slice: a link the registry does not hold, made here as a system's referent would.
            # University, school, church and other libraries stay in no system, so that the
            # mapping report has libraries in no system to count in every demo province.
            libraries = Organisation.objects.filter(
                kind=OrganisationKind.LIBRARY,
                province=province,
                in_registry=True,
                name__iregex=PUBLIC_LIBRARY_NAMES,
            ).exclude(isil_code=PENDING_LINK[0])
            system.member_libraries.add(
                *libraries, through_defaults={"status": LibraryLink.Status.CONFIRMED}
            )
            systems[slug] = system
        return systems

    def seed_logos(self, systems, *, staff):
        """Logos for some of the systems, uploaded as their referents would."""
        for seed, (slug, initials) in enumerate(LOGOS.items()):
            system = systems[slug]
            if system.logo:
                continue
            logo = ContentFile(logo_png(initials, seed), name="logo.png")
            systems[slug] = update_organisation(organisation=system, data={"logo": logo}, by=staff)

    def seed_roles(self, people, systems):
        for email, slug, kind, status in ROLES:
            Role.objects.update_or_create(
                user=people[email],
                organisation=systems[slug],
                defaults={"kind": kind, "status": status},
            )

    def seed_pending_link(self, people, systems):
        """A library with a referent, asked to confirm that it belongs to a system."""
        isil, slug, requested_by, referent = PENDING_LINK
        library = Organisation.objects.get(isil_code=isil)
        Role.objects.update_or_create(
            user=people[referent],
            organisation=library,
            defaults={"kind": Role.Kind.REFERENT, "status": Role.Status.APPROVED},
        )
        LibraryLink.objects.update_or_create(
            library=library,
            system=systems[slug],
            defaults={
                "status": LibraryLink.Status.PENDING,
                "requested_by": people[requested_by],
                "decided_by": None,
                "decided_at": None,
            },
        )

    def seed_memberships(self, systems, people):
        """One of each: official, package with credits, flat-rate package, expired, pending."""
        staff = people[PEOPLE[0]["email"]]
        today = timezone.localdate()
        year_start = today.replace(month=1, day=1)
        year_end = today.replace(month=12, day=31)
        last_year = (
            year_start - datetime.timedelta(days=365),
            year_start - datetime.timedelta(days=1),
        )
        plans = {
            "sistema-bibliotecario-vimercatese": {
                "tier": "official",
                "status": "active",
                "period": (year_start, year_end),
                "pledged_hours_per_month": 12,
            },
            "sistema-bibliotecario-salentino": {
                "tier": "package",
                "status": "active",
                "period": (year_start, year_end),
                "credits": 30,
                "fee": 1800,
            },
            "sistema-bibliotecario-area-metropolitana-cagliari": {
                "tier": "package",
                "status": "active",
                "period": (year_start, year_end),
                "is_flat_rate": True,
                "fee": 2400,
            },
            "sistema-bibliotecario-lecchese": {
                "tier": "official",
                "status": "expired",
                "period": last_year,
                "pledged_hours_per_month": 6,
            },
            "rete-documentaria-senese": {
                "tier": "official",
                "status": "pending",
                "period": (today, today.replace(year=today.year + 1)),
                "pledged_hours_per_month": 8,
            },
        }
        for slug, plan in plans.items():
            organisation = systems[slug]
            starts_on, ends_on = plan.pop("period")
            existing = organisation.memberships.filter(starts_on=starts_on)
            if plan["status"] == "pending":
                # It starts on the day it was seeded: on a later day it is still the same one.
                existing = organisation.memberships.filter(status="pending")
            if existing.exists():
                continue
            membership = Membership.objects.create(
                organisation=organisation,
                starts_on=starts_on,
                ends_on=ends_on,
                applied_by=organisation.referents().first(),
                decided_by=None if plan["status"] == "pending" else staff,
                decided_at=None if plan["status"] == "pending" else timezone.now(),
                **plan,
            )
            if membership.credits:
                CreditEntry.objects.create(
                    membership=membership,
                    kind=CreditEntry.Kind.GRANT,
                    amount=membership.credits,
                    created_by=staff,
                )
                CreditEntry.objects.create(
                    membership=membership,
                    kind=CreditEntry.Kind.TAKE,
                    amount=-4,
                    reference="Corso di formazione sulla catalogazione",
                    created_by=staff,
                )
