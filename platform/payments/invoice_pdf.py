"""An invoice or credit note as a PDF (fpdf2), drawn with an embedded CJK TrueType font so
Chinese names and descriptions render. The font comes from ORBIT_INVOICE_FONT, else the
first WenQuanYi font installed (Debian: `apt-get install fonts-wqy-microhei`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from core.money import canonical_amount
from core.settings import Settings
from payments.models import Invoice, InvoiceLine

DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FAMILY = "invoice"


BILL_TO_KEYS = (
    "name",
    "recipient",
    "line1",
    "line2",
    "city",
    "region",
    "postalCode",
    "country",
    "email",
    "phone",
)


def bill_to_lines(invoice: Invoice) -> list[str]:
    """Who the invoice is addressed to, line by line, as it was when issued."""
    bill_to = invoice.bill_to or {"name": invoice.customer_name}
    return [str(bill_to[key]) for key in BILL_TO_KEYS if bill_to.get(key)]


class FontMissing(RuntimeError):
    """No font to draw invoices with: the PDF route answers 503 with this reason."""


def font_path(settings: Settings) -> Path:
    """The configured font, or the first default one installed."""
    if settings.invoice_font:
        path = Path(settings.invoice_font)
        if not path.is_file():
            raise FontMissing(f"ORBIT_INVOICE_FONT names {path}, which does not exist.")
        return path
    for candidate in DEFAULT_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing(
        "No invoice font is installed: install fonts-wqy-microhei or set "
        "ORBIT_INVOICE_FONT to a TrueType font covering Chinese."
    )


_TITLES = {
    ("invoice", False): "INVOICE",
    ("credit_note", False): "CREDIT NOTE",
    ("invoice", True): "INVOICE 发票",
    ("credit_note", True): "CREDIT NOTE 贷项通知单",
}


def _money(amount: Decimal, currency: str) -> str:
    return f"{canonical_amount(amount, currency):,} {currency}"


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


class _Page:
    """A thin drawing helper over FPDF with the invoice font."""

    def __init__(self, font: Path) -> None:
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_font(FAMILY, "", str(font), collection_font_number=0)
        self.pdf.add_page()
        self.pdf.set_font(FAMILY, size=10)

    def text(
        self,
        value: str,
        size: float = 10,
        height: float = 5,
        width: float = 0,
        align: str = "L",
        new_line: bool = True,
    ) -> None:
        self.pdf.set_font(FAMILY, size=size)
        self.pdf.cell(
            width,
            height,
            value,
            align=align,
            new_x="LMARGIN" if new_line else "RIGHT",
            new_y="NEXT" if new_line else "TOP",
        )

    def row(self, cells: list[tuple[str, float, str]], size: float = 9) -> None:
        self.pdf.set_font(FAMILY, size=size)
        for value, width, align in cells:
            self.pdf.cell(width, 6, value, border="B", align=align, new_x="RIGHT", new_y="TOP")
        self.pdf.ln(6)


def render(
    invoice: Invoice, lines: list[InvoiceLine], credited_number: str | None, settings: Settings
) -> bytes:
    """The document as PDF bytes (FontMissing when no font can be found)."""
    page = _Page(font_path(settings))
    chinese = str(invoice.seller.get("locale", "")).lower().startswith("zh")
    currency = invoice.currency
    page.text(invoice.seller.get("name", ""), size=16, height=8)
    page.text(_TITLES[(invoice.kind, chinese)], size=14, height=8)
    page.text(f"No. {invoice.number}")
    page.text(
        f"Issued on {invoice.issued_on.isoformat()}"
        + (f" - due {invoice.due_date.isoformat()}" if invoice.due_date else "")
    )
    page.text(f"Order {invoice.order_number}")
    if credited_number:
        page.text(f"Credits invoice {credited_number}")
    if invoice.reason:
        page.text(f"Reason: {invoice.reason}"[:120])
    page.pdf.ln(3)
    page.text("Bill to", size=11)
    for address_line in bill_to_lines(invoice):
        page.text(address_line)
    page.pdf.ln(3)
    widths = (10.0, 70.0, 18.0, 25.0, 15.0, 25.0, 27.0)
    page.row(
        [
            ("#", widths[0], "L"),
            ("Description", widths[1], "L"),
            ("Qty", widths[2], "R"),
            ("Unit price", widths[3], "R"),
            ("Tax", widths[4], "R"),
            ("Discount", widths[5], "R"),
            ("Total", widths[6], "R"),
        ]
    )
    for line in lines:
        description = f"{line.sku_code} {line.description}" if line.sku_code else line.description
        page.row(
            [
                (str(line.line_no), widths[0], "L"),
                (description[:45], widths[1], "L"),
                (_quantity(line.quantity), widths[2], "R"),
                (f"{canonical_amount(line.unit_price, currency)}", widths[3], "R"),
                (_percent(line.tax_rate), widths[4], "R"),
                (f"{canonical_amount(line.discount, currency)}", widths[5], "R"),
                (f"{canonical_amount(line.total, currency)}", widths[6], "R"),
            ]
        )
    page.pdf.ln(3)
    for tax_line in invoice.tax_breakdown:
        page.text(
            f"Tax {_percent(Decimal(tax_line['rate']))} on "
            f"{_money(Decimal(tax_line['taxable']), currency)}: "
            f"{_money(Decimal(tax_line['tax']), currency)}",
            align="R",
        )
    totals = [
        ("Subtotal", invoice.subtotal),
        ("Discount", invoice.discount_total),
        ("Tax", invoice.tax_total),
        ("Total", invoice.total),
    ]
    if invoice.kind == "invoice":
        due = max(invoice.total - invoice.amount_paid - invoice.amount_credited, Decimal(0))
        totals += [
            ("Paid", invoice.amount_paid),
            ("Credited", invoice.amount_credited),
            ("Amount due", due if invoice.status != "void" else Decimal(0)),
        ]
    for label, amount in totals:
        page.text(
            f"{label}: {_money(amount, currency)}",
            align="R",
            size=11 if label in ("Total", "Amount due") else 10,
        )
    if invoice.status == "void":
        page.pdf.ln(6)
        page.pdf.set_text_color(200, 0, 0)
        page.text("VOID", size=36, height=16, align="C")
        if invoice.void_reason:
            page.text(invoice.void_reason[:120], align="C")
        page.pdf.set_text_color(0, 0, 0)
    return bytes(page.pdf.output())
