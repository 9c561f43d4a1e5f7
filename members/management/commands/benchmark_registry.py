"""Times the registry import on the whole file: a first import, then a repeat of it."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from members.management.commands.import_registry import summary_lines
from members.registry import import_registry


def default_path() -> Path:
    return settings.BASE_DIR.parent / "shared" / "data" / "abi-territorio.csv"


class Command(BaseCommand):
    help = (
        "Import the registry file twice and print how long each run took. Everything is "
        "rolled back at the end unless --keep is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            nargs="?",
            help=f"The registry's CSV file (default: {default_path()}).",
        )
        parser.add_argument("--keep", action="store_true", help="Commit the imported libraries.")

    @no_translations
    def handle(self, *args, path: Path | None, keep: bool, **options):
        path = path or default_path()
        if not path.is_file():
            raise CommandError(f"No registry file at {path}: give its path as an argument.")
        with transaction.atomic():
            for run in ["First import", "Repeat"]:
                with path.open(encoding="utf-8-sig", newline="") as file:
                    start = time.perf_counter()
                    summary = import_registry(file)
                    elapsed = time.perf_counter() - start
                self.stdout.write(self.style.MIGRATE_HEADING(f"{run}: {elapsed:.2f} s"))
                for line in summary_lines(summary, complete=True):
                    self.stdout.write(f"  {line}")
            if not keep:
                transaction.set_rollback(True)
        if keep:
            self.stdout.write("Kept: the imported libraries are in the database.")
        else:
            self.stdout.write("Rolled back: the database is as it was.")
