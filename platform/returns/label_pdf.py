"""The return label as a PDF (fpdf2, the invoice PDF's font: ORBIT_INVOICE_FONT or the
WenQuanYi font installed, so Chinese names render): the seller's letterhead, the RMA number
as text and as a Code 39 barcode, where the parcel comes from (the address the order was
delivered to) and where it goes (the tenant's returns address, else the seller's own
address), and the lines with their quantities. Every heading is printed in English and
Chinese, so one label serves any customer and any carrier."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import segno
from fpdf import FPDF

from core.settings import Settings
from returns.models import Return, ReturnLine
from returns.rules import ReturnStatus
from tenants import Logo

DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FAMILY = "label"
ADDRESS_KEYS = (
    "name",
    "recipient",
    "line1",
    "line2",
    "city",
    "region",
    "postalCode",
    "country",
    "phone",
)
# A label exists once the return is approved, and only while goods may still be sent.
LABELLED = frozenset(
    {
        ReturnStatus.AWAITING_RETURN,
        ReturnStatus.RECEIVED,
        ReturnStatus.INSPECTED,
        ReturnStatus.RESOLVED,
        ReturnStatus.CLOSED,
    }
)


class FontMissing(RuntimeError):
    """No font to draw the label with: the route answers 503 with this reason."""


def font_path(settings: Settings) -> Path:
    """The invoice font (the same setting), or the first default one installed."""
    if settings.invoice_font:
        path = Path(settings.invoice_font)
        if not path.is_file():
            raise FontMissing(f"ORBIT_INVOICE_FONT names {path}, which does not exist.")
        return path
    for candidate in DEFAULT_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("No font is installed: install fonts-wqy-microhei or set ORBIT_INVOICE_FONT.")


def has_label(row: Return) -> bool:
    return row.approved_at is not None and ReturnStatus(row.status) in LABELLED


def label_url(row: Return) -> str | None:
    """Where the label is downloaded (once approved)."""
    return f"/documents/returns/{row.id}.pdf" if has_label(row) else None


def file_name(row: Return) -> str:
    return f"{row.number}.pdf"


def address_lines(address: dict[str, Any] | None) -> list[str]:
    return [str(address[key]) for key in ADDRESS_KEYS if address and address.get(key)]


@dataclass(frozen=True)
class Label:
    """Everything the label prints."""

    row: Return
    lines: list[ReturnLine]
    order_number: str
    customer_name: str
    ship_from: dict[str, Any] | None
    ship_to: list[str]
    seller: dict[str, str] = field(default_factory=dict)
    logo: Logo | None = None


def render(label: Label, settings: Settings) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FAMILY, "", str(font_path(settings)), collection_font_number=0)
    pdf.add_page()
    _seller(pdf, label)
    _heading(pdf, label)
    _addresses(pdf, label)
    _lines(pdf, label)
    return bytes(pdf.output())


def _text(
    pdf: FPDF, value: str, size: float = 10, height: float = 5, left: float | None = None
) -> None:
    pdf.set_font(FAMILY, size=size)
    if left is not None:
        pdf.set_x(left)
    pdf.cell(90 if left is not None else 0, height, value, new_x="LMARGIN", new_y="NEXT")


def _seller(pdf: FPDF, label: Label) -> None:
    if label.logo is not None:
        pdf.image(io.BytesIO(label.logo.content), h=14)
        pdf.ln(2)
    if label.seller.get("legalName"):
        _text(pdf, label.seller["legalName"], size=14, height=7)
    pdf.ln(2)


def _heading(pdf: FPDF, label: Label) -> None:
    _text(pdf, "RETURN LABEL / 退货标签", size=16, height=8)
    _text(pdf, label.row.number, size=22, height=11)
    top = pdf.get_y()
    pdf.code39(f"*{label.row.number}*", x=pdf.l_margin, y=top, w=1.2, h=16)
    pdf.image(_qr_png(label.row.number), x=170, y=top - 22, w=28, h=28)
    pdf.set_y(top + 19)
    _text(pdf, f"Order / 订单: {label.order_number}")
    _text(pdf, f"Customer / 客户: {label.customer_name}")
    pdf.ln(4)


def _qr_png(text: str) -> io.BytesIO:
    """The RMA number as a QR code (segno), as PNG for the page."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return out


def _addresses(pdf: FPDF, label: Label) -> None:
    """Ship from on the left, ship to on the right."""
    top = pdf.get_y()
    _text(pdf, "Ship from / 寄件地址", size=11)
    for line in address_lines(label.ship_from) or [label.customer_name]:
        _text(pdf, line)
    bottom = pdf.get_y()
    pdf.set_xy(110, top)
    _text(pdf, "Ship to / 收件地址", size=11, left=110)
    for line in label.ship_to:
        _text(pdf, line, left=110)
    pdf.set_xy(pdf.l_margin, max(bottom, pdf.get_y()))
    pdf.ln(6)


def _lines(pdf: FPDF, label: Label) -> None:
    widths = (12.0, 40.0, 108.0, 25.0)
    headings = ("#", "SKU", "Description / 描述", "Qty / 数量")
    pdf.set_font(FAMILY, size=9)
    for value, width in zip(headings, widths, strict=True):
        pdf.cell(width, 6, value, border="B", new_x="RIGHT", new_y="TOP")
    pdf.ln(6)
    for line in label.lines:
        values = (
            str(line.line_no),
            line.sku_code,
            line.description[:60],
            f"{line.quantity.normalize():f}",
        )
        for value, width in zip(values, widths, strict=True):
            pdf.cell(width, 6, value, border="B", new_x="RIGHT", new_y="TOP")
        pdf.ln(6)
