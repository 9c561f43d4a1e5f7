"""Makes the thumbnails of logos uploaded before the portal stored them: run once after the
upgrade that added them, and again at will (logos that have one are left alone)."""

from django.core.management.base import BaseCommand

from members.actions.organisations import OrganisationError, store_logo_thumbnail
from members.models import Organisation


class Command(BaseCommand):
    help = "Make the missing thumbnails of organisations' logos."

    def handle(self, *args, **options):
        made = 0
        missing = Organisation.objects.exclude(logo="").filter(logo_thumbnail="")
        for organisation in missing.only("pk", "name").iterator():
            try:
                store_logo_thumbnail(organisation=organisation)
            except (OrganisationError, OSError) as error:
                self.stderr.write(f"{organisation.name}: {error}")
            else:
                made += 1
        self.stdout.write(f"Logo thumbnails made: {made}.")
