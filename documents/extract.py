"""Reading the text inside a document's file, so that search finds the words of page 7.

The reading runs in a child process that gets the file's bytes on its standard input and writes
the text on its standard output: a file built to make a reader loop or swell is cut off after
`settings.DOCUMENT_EXTRACTION_TIMEOUT` seconds (under the server's request timeout), and at most
`MAX_TEXT_CHARS` characters are kept. The readers are maintained libraries (pypdf for PDF,
python-docx for DOCX); OpenDocument's `content.xml` goes through the XML reading of the upload
check, which refuses entities. Run as `python -m documents.extract FORMAT < file`.
"""

import io
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_TEXT_CHARS = 5_000_000
# content.xml of an OpenDocument: its text, with far more markup around it.
_ODF_CONTENT_MAX_BYTES = 50 * 1024 * 1024
_ODF_BREAKS = {"p", "h", "list-item", "table-row", "line-break", "tab", "s"}

logger = logging.getLogger(__name__)
# The child runs from here, so that `-m documents.extract` is found whatever the server's cwd.
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    length = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        pages.append(text)
        length += len(text)
        if length > MAX_TEXT_CHARS:
            break
    return "\n\n".join(pages)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odf(data: bytes) -> str:
    from portal.lib.uploads import read_zip_member, xml_text

    content = read_zip_member(io.BytesIO(data), "content.xml", _ODF_CONTENT_MAX_BYTES)
    if content is None:
        raise ValueError("The file has no readable content.xml.")
    return xml_text(content, breaks=_ODF_BREAKS)


def _plain(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _rtf(data: bytes) -> str:
    """RTF's text without its control words and groups; enough to search it."""
    import re

    text = data.decode("latin-1", errors="replace")
    text = re.sub(r"\\'([0-9a-fA-F]{2})", lambda match: chr(int(match.group(1), 16)), text)
    text = re.sub(r"\\par[d]?\b", "\n", text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", text)
    return re.sub(r"[{}]", "", text)


READERS = {"pdf": _pdf, "docx": _docx, "odt": _odf, "ods": _odf, "txt": _plain, "rtf": _rtf}
"""Format -> its reader. Formats without one (XLSX) are searchable by their description."""


@dataclass(frozen=True)
class Extraction:
    status: str  # a DocumentVersion.TextStatus value
    text: str = ""
    error: str = ""


def extract_text(data: bytes, file_format: str, *, timeout: float, command=None) -> Extraction:
    """The text of a file of `file_format`, read by a child process cut at `timeout` seconds.

    Never raises for a bad file: a failure or a timeout comes back as the status, with the
    reason, and is logged. `command` replaces the child's command line (the tests' slow reader).
    """
    if file_format not in READERS:
        return Extraction("no-text")
    command = command or [sys.executable, "-m", "documents.extract", file_format]
    try:
        finished = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
            cwd=_PROJECT_ROOT,
        )
    except subprocess.TimeoutExpired:
        logger.warning("Reading a %s file took more than %s seconds.", file_format, timeout)
        return Extraction("timed-out", error=f"Stopped after {timeout:g} seconds.")
    if finished.returncode != 0:
        reason = finished.stderr.decode("utf-8", "replace").strip().splitlines()
        error = (reason[-1] if reason else f"exit status {finished.returncode}")[:300]
        logger.warning("Reading a %s file failed: %s", file_format, error)
        return Extraction("failed", error=error)
    text = finished.stdout.decode("utf-8", "replace")[:MAX_TEXT_CHARS].replace("\x00", "")
    if not text.strip():
        return Extraction("no-text")
    return Extraction("extracted", text=text)


def main() -> int:
    file_format = sys.argv[1]
    text = READERS[file_format](sys.stdin.buffer.read())
    sys.stdout.buffer.write(text[:MAX_TEXT_CHARS].encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
