"""Contract documents as PDFs (fpdf2 with an embedded CJK TrueType font, like invoices):
a version rendered from its template text, and the signature page appended to the exact
document a party signed (pypdf joins the pages, so an uploaded PDF keeps its own)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from core.settings import Settings

DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FAMILY = "contract"


class FontMissing(RuntimeError):
    """No font to draw contracts with (the same font setting as invoices)."""


def font_path(settings: Settings) -> Path:
    """ORBIT_INVOICE_FONT, else the first WenQuanYi font installed."""
    if settings.invoice_font:
        path = Path(settings.invoice_font)
        if not path.is_file():
            raise FontMissing(f"ORBIT_INVOICE_FONT names {path}, which does not exist.")
        return path
    for candidate in DEFAULT_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("No CJK font is installed: install fonts-wqy-microhei.")


def _document(settings: Settings) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    font = font_path(settings)
    collection = {"collection_font_number": 0} if font.suffix.lower() == ".ttc" else {}
    pdf.add_font(FAMILY, "", str(font), **collection)  # type: ignore[arg-type]
    pdf.set_creation_date(datetime(2000, 1, 1))
    return pdf


def render_text(settings: Settings, title: str, body: str) -> bytes:
    """A contract's text as a PDF: its title, then the body paragraph by paragraph."""
    pdf = _document(settings)
    pdf.add_page()
    pdf.set_font(FAMILY, size=15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FAMILY, size=10)
    for paragraph in body.split("\n"):
        pdf.multi_cell(0, 5, paragraph or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@dataclass(frozen=True)
class SignatureLine:
    party: str
    signer_name: str
    signer_title: str | None
    signed_at: datetime
    ip_address: str | None
    user_agent: str | None
    document_sha256: str


def _signature_page(settings: Settings, heading: str, lines: list[SignatureLine]) -> bytes:
    pdf = _document(settings)
    pdf.add_page()
    pdf.set_font(FAMILY, size=14)
    pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    for line in lines:
        pdf.ln(4)
        for label, value in (
            ("Party", line.party),
            ("Signer", line.signer_name),
            ("Title", line.signer_title or "-"),
            ("Signed at (UTC)", line.signed_at.strftime("%Y-%m-%d %H:%M:%S")),
            ("IP address", line.ip_address or "-"),
            ("User agent", line.user_agent or "-"),
            ("SHA-256 of the document signed", line.document_sha256),
        ):
            pdf.multi_cell(0, 5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def with_signature_page(
    settings: Settings, document: bytes, heading: str, lines: list[SignatureLine]
) -> bytes:
    """The signed document: every page of `document` as it was, then the signature page."""
    writer = PdfWriter()
    for source in (document, _signature_page(settings, heading, lines)):
        for page in PdfReader(io.BytesIO(source)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
