"""The certificate of attendance ("attestato di partecipazione") of an event, as a PDF: who
attended, which event, when, how many hours of training, and the code that anyone can check on
the portal's verification page."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

# A font with every letter of people's names; the PDF core fonts stop at Latin-1.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _dates(event) -> str:
    start, end = event.local_start.date(), event.local_end.date()
    if start == end:
        return _("on %(date)s") % {"date": formats.date_format(start, "j F Y")}
    return _("from %(start)s to %(end)s") % {
        "start": formats.date_format(start, "j F Y"),
        "end": formats.date_format(end, "j F Y"),
    }


def _hours(event) -> str:
    hours = event.training_hours.normalize()
    return formats.number_format(hours, decimal_pos=max(-hours.as_tuple().exponent, 0))


def _font(pdf) -> str:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("Body", "", str(regular))
        pdf.add_font("Body", "B", str(bold))
        return "Body"
    return "Helvetica"


def certificate_pdf(registration) -> bytes:
    """The certificate of an attended registration, in the person's language."""
    event, person = registration.event, registration.person
    language = getattr(person, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        pdf = FPDF(orientation="landscape", format="A4")
        pdf.set_title(_("Certificate of attendance"))
        pdf.set_author("Rete delle Reti")
        pdf.add_page()
        font = _font(pdf)
        pdf.set_draw_color(0, 102, 204)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

        def line(text, size, style="", space=4):
            if font == "Helvetica":
                text = text.encode("latin-1", "replace").decode("latin-1")
            pdf.set_font(font, style, size)
            pdf.multi_cell(0, size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(space)

        pdf.set_y(28)
        line("Rete delle Reti", 14, "B", 10)
        line(_("Certificate of attendance"), 28, "B", 10)
        line(_("This certifies that"), 13)
        line(person.get_full_name() or person.email, 22, "B")
        line(_("attended"), 13)
        line(event.title, 18, "B")
        line(
            _("%(kind)s held %(dates)s")
            % {"kind": event.get_kind_display(), "dates": _dates(event)},
            13,
        )
        if event.training_hours:
            line(_("Hours of training: %(hours)s") % {"hours": _hours(event)}, 13)
        pdf.set_y(pdf.h - 45)
        verify = settings.PORTAL_SITE_URL.rstrip("/") + reverse("events:certificate-verify")
        line(_("Verification code: %(code)s") % {"code": registration.certificate_code}, 12, "B", 2)
        line(_("Check it at %(url)s") % {"url": verify}, 10)
        return bytes(pdf.output())
