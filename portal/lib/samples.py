"""Small real files of the formats the portal accepts (PDF, DOCX, PNG, OpenDocument text), made in
memory, for the demo data and the tests: each passes the content checks of `portal.lib.uploads`
because it really is of its format."""

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape


def pdf_bytes(text: str = "Rete delle Reti", *, pages: list[str] | None = None) -> bytes:
    """A PDF with a page for each text of `pages` (by default one page that shows `text`), each
    line of a text on a line of its page (Latin-1 characters only; others become ?), with a
    correct cross-reference table."""
    return _pdf([_pdf_text_stream(page) for page in (pages or [text])])


def scanned_pdf_bytes(page_count: int = 1) -> bytes:
    """A PDF like a scan without a text layer: its pages draw shapes and hold no text."""
    return _pdf([b"0.8 g 40 80 515 680 re f 0.2 g 60 700 300 20 re f"] * page_count)


def _pdf_text_stream(text: str) -> bytes:
    lines = []
    for line in text.splitlines() or [""]:
        encoded = line.encode("latin-1", "replace")
        lines.append(encoded.replace(b"\\", b"").replace(b"(", b"").replace(b")", b""))
    shown = b" T* ".join(b"(" + line + b") Tj" for line in lines)
    return b"BT /F1 12 Tf 14 TL 40 780 Td " + shown + b" ET"


def _pdf(streams: list[bytes]) -> bytes:
    count = len(streams)
    font = 3
    kids = b" ".join(b"%d 0 R" % (4 + 2 * index) for index in range(count))
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, stream in enumerate(streams):
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (5 + 2 * index, font)
        )
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (index, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def docx_bytes(paragraphs: list[str], *, title: str = "") -> bytes:
    """A Word document (DOCX) with a heading `title`, when given, and one paragraph per item."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def png_bytes(seed: int = 0, size: int = 32) -> bytes:
    """A square PNG, `size` pixels a side, in one of the network's blues (`seed`: the shade)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    colour = bytes([0, 102 - seed % 40, 204])
    rows = b"".join(b"\x00" + colour * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def odt_bytes(text: str = "Modulo di adesione al progetto") -> bytes:
    """A minimal OpenDocument text with a paragraph for each line of `text` (XML-escaped)."""
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.splitlines())
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text>{paragraphs}"
        "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def logo_png(initials: str = "RR", seed: int = 0, size: tuple[int, int] = (600, 400)) -> bytes:
    """A logo-like PNG larger than any page shows: the `initials` in white on a rounded field of
    one of the network's colours (`seed`: which), on a transparent background."""
    from PIL import Image, ImageDraw, ImageFont

    colours = [(0, 102, 204), (0, 128, 96), (168, 44, 60), (96, 64, 160), (204, 110, 0)]
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rounded_rectangle(
        (0, 0, width - 1, height - 1), radius=height // 5, fill=colours[seed % len(colours)]
    )
    font = ImageFont.load_default(size=height // 2)
    draw.text((width / 2, height / 2), initials, fill="white", font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
