"""Imports libraries from the territorial CSV of the Anagrafe delle biblioteche italiane."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from members.registry import ImportSummary, RegistryFormatError, import_registry
from portal.lib.progress import ProgressBar


def summary_lines(summary: ImportSummary, *, complete: bool, first: int = 5) -> list[str]:
    """The summary in plain words, one line each, with the first few row numbers per reason."""
    lines = [
        f"{summary.rows:,} rows read: {summary.created:,} libraries created, "
        f"{summary.updated:,} updated, {summary.unchanged:,} unchanged, "
        f"{summary.refused_count:,} refused."
    ]
    if complete:
        lines.append(
            f"{summary.flagged_missing:,} libraries no longer in the registry were flagged "
            f"as missing; {summary.back_in_registry:,} flagged before are back."
        )
    else:
        lines.append(
            f"A slice: libraries it leaves out were not flagged; "
            f"{summary.back_in_registry:,} flagged before are back."
        )
    for title, groups in [
        ("Refused rows", summary.refusal_groups(first)),
        ("Imported with a warning", summary.warning_groups(first)),
    ]:
        if groups:
            lines.append(f"{title}:")
        for group in groups:
            rows = ", ".join(str(row) for row in group.first_rows)
            more = ", ..." if group.count > len(group.first_rows) else ""
            lines.append(f"  {group.message}: {group.count:,} (rows {rows}{more})")
    return lines


class Command(BaseCommand):
    help = (
        "Create or update the libraries of the Anagrafe delle biblioteche italiane from its "
        "territorial CSV. Safe to run again: unchanged libraries are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The registry's CSV file (UTF-8, ';').")
        parser.add_argument(
            "--slice",
            action="store_true",
            dest="is_slice",
            help="The file is part of the registry: do not flag the libraries it leaves out.",
        )

    @no_translations
    def handle(self, *args, path: Path, is_slice: bool, **options):
        try:
            file = path.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        progress = ProgressBar(self.stdout, unit="rows") if self.stdout.isatty() else None
        # The import reads the whole file before it writes, so a bad file changes nothing.
        try:
            with file:
                summary = import_registry(file, complete=not is_slice, progress=progress)
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        except RegistryFormatError as error:
            raise CommandError(str(error)) from error
        finally:
            if progress:
                progress.finish()
        style = self.style.WARNING if summary.refused else self.style.SUCCESS
        lines = summary_lines(summary, complete=not is_slice)
        self.stdout.write(style(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
