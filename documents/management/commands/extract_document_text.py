"""Reads again the text of the document versions whose reading failed or ran out of time.

Safe to run twice and in parallel: each version is locked while its result is written. With
`--all`, every version is read again (after a reader's upgrade).
"""

from django.core.management.base import BaseCommand

from documents.actions import extract_again
from documents.models import DocumentVersion


class Command(BaseCommand):
    help = "Extracts again the text of document versions whose extraction failed or timed out."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Read every version again.")

    def handle(self, *args, all=False, **options):
        versions = DocumentVersion.objects.all()
        if not all:
            versions = versions.needing_extraction()
        done = {}
        for version in versions.order_by("pk").iterator():
            version = extract_again(version=version)
            done[version.text_status] = done.get(version.text_status, 0) + 1
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(done.items()))
        self.stdout.write(f"Versions read: {sum(done.values())} ({summary or 'none'})")
