"""Small real files of the formats the portal accepts (PDF, PNG, OpenDocument text), made in
memory, for the demo data and the tests: each passes the content checks of `portal.lib.uploads`
because it really is of its format."""

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape


def pdf_bytes(text: str = "Rete delle Reti") -> bytes:
    """A one-page PDF that shows `text` (Latin-1 characters only; others become ?), with a
    correct cross-reference table."""
    line = (
        text.encode("latin-1", "replace").replace(b"\\", b"").replace(b"(", b"").replace(b")", b"")
    )
    stream = b"BT /F1 14 Tf 40 760 Td (" + line + b") Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
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
    """A minimal OpenDocument text with one paragraph of `text` (XML-escaped)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text><text:p>{escape(text)}</text:p>"
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
