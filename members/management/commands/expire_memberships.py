"""The daily membership job: remind referents of memberships about to end, expire ended ones.

Run once a day (cron or a systemd timer). Running it twice, or two at once, sends no e-mail twice
and expires nothing twice: the actions claim each membership before they touch it.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from members.actions.memberships import expire_memberships, send_renewal_reminders


class Command(BaseCommand):
    help = "Sends renewal reminders a month before memberships end and expires ended memberships."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Run as if today were this date (YYYY-MM-DD), to catch up on missed days.",
        )

    def handle(self, *args, today=None, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(
                    f"--today must be a date as YYYY-MM-DD, not {today!r}."
                ) from error
        reminded = send_renewal_reminders(today=today)
        expired = expire_memberships(today=today)
        self.stdout.write(f"Renewal reminders sent: {reminded}")
        self.stdout.write(f"Memberships expired: {expired}")
