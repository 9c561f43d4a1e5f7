"""Loads the Italian demo content. Safe to run again: it updates what it created before."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import User

DEMO_PASSWORD = "demo-rete-2026"

# People of plausible library systems across Italy, with the roles the portal knows today.
PEOPLE = [
    {
        "email": "staff@retedellereti.example",
        "first_name": "Giulia",
        "last_name": "Ferraris",
        "is_staff": True,
        "is_superuser": True,
    },
    {"email": "marco.bellini@sbvimercatese.example", "first_name": "Marco", "last_name": "Bellini"},
    {"email": "anna.russo@sbnapoli.example", "first_name": "Anna", "last_name": "Russo"},
    {
        "email": "paolo.esposito@retebibliotechesalento.example",
        "first_name": "Paolo",
        "last_name": "Esposito",
    },
    {
        "email": "chiara.marini@sbvaldelsa.example",
        "first_name": "Chiara",
        "last_name": "Marini",
        "language": "en",
    },
]


class Command(BaseCommand):
    help = "Load the Italian demo content (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(PEOPLE)} people, password {DEMO_PASSWORD!r} "
                f"(staff: {PEOPLE[0]['email']})."
            )
        )
