"""The documents' background work: reading the text of a newly shared file."""

from django.tasks import task


@task()
def read_version_text(*, version_id: int) -> str:
    """Reads the version's text and makes it searchable; returns the reading's status. A version
    deleted in the meantime has nothing left to read."""
    from documents.actions import extract_again  # the actions queue this task
    from documents.models import DocumentVersion

    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "deleted"
    return extract_again(version=version).text_status
