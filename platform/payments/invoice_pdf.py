"""An invoice or credit note as a PDF (fpdf2), drawn with an embedded CJK TrueType font so
Chinese names and descriptions render. The font comes from ORBIT_INVOICE_FONT, else the
first WenQuanYi font installed (Debian: `apt-get install fonts-wqy-microhei`)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from core.money import canonical_amount
from core.settings import Settings
from payments.models import Invoice, InvoiceLine
from tenants import Logo

DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FAMILY = "invoice"
LOGO_HEIGHT = 18.0
ADDRESS_WIDTH = 90.0
SHIP_TO_X = 110.0


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


def address_lines(address: dict[str, str] | None) -> list[str]:
    """An address as printed, line by line."""
    return [str(address[key]) for key in BILL_TO_KEYS if address and address.get(key)]


def bill_to_lines(invoice: Invoice) -> list[str]:
    """Who the invoice is addressed to, line by line, as it was when issued."""
    return address_lines(invoice.bill_to or {"name": invoice.customer_name})


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


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "INVOICE",
        "credit_note": "CREDIT NOTE",
        "number": "No. {number}",
        "issued": "Issued on {date}",
        "due": " - due {date}",
        "order": "Order {number}",
        "credits": "Credits invoice {number}",
        "reason": "Reason: {reason}",
        "tax_id": "Tax ID: {tax_id}",
        "bill_to": "Bill to",
        "ship_to": "Ship to",
        "line": "#",
        "description": "Description",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "tax_rate": "Tax",
        "discount": "Discount",
        "line_total": "Total",
        "tax_line": "Tax {rate} on {taxable}: {tax}",
        "subtotal": "Subtotal",
        "tax": "Tax",
        "total": "Total",
        "paid": "Paid",
        "credited": "Credited",
        "amount_due": "Amount due",
        "bank": "Payment by bank transfer",
        "void": "VOID",
    },
    "zh-CN": {
        "invoice": "发票",
        "credit_note": "贷项通知单",
        "number": "编号 {number}",
        "issued": "开具日期 {date}",
        "due": "，到期日 {date}",  # noqa: RUF001
        "order": "订单 {number}",
        "credits": "冲销发票 {number}",
        "reason": "原因：{reason}",  # noqa: RUF001
        "tax_id": "税号：{tax_id}",  # noqa: RUF001
        "bill_to": "账单地址",
        "ship_to": "收货地址",
        "line": "#",
        "description": "描述",
        "quantity": "数量",
        "unit_price": "单价",
        "tax_rate": "税率",
        "discount": "折扣",
        "line_total": "金额",
        "tax_line": "税率 {rate}，应税金额 {taxable}：税额 {tax}",  # noqa: RUF001
        "subtotal": "小计",
        "tax": "税额",
        "total": "总计",
        "paid": "已付",
        "credited": "已冲销",
        "amount_due": "应付金额",
        "bank": "银行转账付款",
        "void": "已作废",
    },
}


def document_language(invoice: Invoice) -> str:
    """The language the document is printed in: the one chosen for it when it was issued,
    else the seller's default (en or zh-CN)."""
    chosen = str(invoice.seller.get("language") or invoice.seller.get("locale") or "")
    return "zh-CN" if chosen.lower().startswith("zh") else "en"


def file_name(invoice: Invoice) -> str:
    """What a downloaded or attached document is called, e.g. INV-000123.pdf."""
    return f"{invoice.number}.pdf"


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
        left: float | None = None,
    ) -> None:
        """One line of text; the next starts below it at the left margin (or at `left`)."""
        self.pdf.set_font(FAMILY, size=size)
        if left is not None:
            self.pdf.set_x(left)
        self.pdf.cell(width, height, value, align=align, new_x="LMARGIN", new_y="NEXT")

    def block(self, value: str, size: float = 10) -> None:
        """Text of several lines (an address, bank details), wrapped to the page."""
        self.pdf.set_font(FAMILY, size=size)
        self.pdf.multi_cell(0, 5, value.strip(), new_x="LMARGIN", new_y="NEXT")

    def row(self, cells: list[tuple[str, float, str]], size: float = 9) -> None:
        self.pdf.set_font(FAMILY, size=size)
        for value, width, align in cells:
            self.pdf.cell(width, 6, value, border="B", align=align, new_x="RIGHT", new_y="TOP")
        self.pdf.ln(6)


@dataclass(frozen=True)
class Letterhead:
    """What the seller prints that the document does not keep: the current logo, and the
    current branding for documents issued before the tenant set one."""

    logo: Logo | None = None
    branding: dict[str, str] = field(default_factory=dict)


def printed_seller(invoice: Invoice, letterhead: Letterhead) -> dict[str, str]:
    """The seller's legal name, address, tax id and bank details as the document prints
    them: kept on it when issued, else (issued before any were set) the current ones."""
    kept = {key: value for key, value in invoice.seller.items() if key in SELLER_KEYS}
    return kept or letterhead.branding


SELLER_KEYS = ("legalName", "address", "taxId", "bankDetails")


def render(
    invoice: Invoice,
    lines: list[InvoiceLine],
    credited_number: str | None,
    settings: Settings,
    letterhead: Letterhead | None = None,
) -> bytes:
    """The document as PDF bytes (FontMissing when no font can be found)."""
    page = _Page(font_path(settings))
    label = LABELS[document_language(invoice)]
    seller = printed_seller(invoice, letterhead or Letterhead())
    _draw_seller(page, invoice, seller, (letterhead or Letterhead()).logo, label)
    _draw_heading(page, invoice, credited_number, label)
    _draw_addresses(page, invoice, label)
    _draw_lines(page, invoice, lines, label)
    _draw_totals(page, invoice, label)
    if invoice.kind == "invoice" and invoice.status != "void" and seller.get("bankDetails"):
        page.pdf.ln(4)
        page.text(label["bank"], size=11)
        page.block(seller["bankDetails"])
    if invoice.status == "void":
        page.pdf.ln(6)
        page.pdf.set_text_color(200, 0, 0)
        page.text(label["void"], size=36, height=16, align="C")
        if invoice.void_reason:
            page.text(invoice.void_reason[:120], align="C")
        page.pdf.set_text_color(0, 0, 0)
    return bytes(page.pdf.output())


def _draw_seller(
    page: _Page, invoice: Invoice, seller: dict[str, str], logo: Logo | None, label: dict[str, str]
) -> None:
    if logo is not None:
        page.pdf.image(io.BytesIO(logo.content), h=LOGO_HEIGHT)
        page.pdf.ln(2)
    page.text(seller.get("legalName") or invoice.seller.get("name", ""), size=16, height=8)
    if seller.get("address"):
        page.block(seller["address"])
    if seller.get("taxId"):
        page.text(label["tax_id"].format(tax_id=seller["taxId"]))
    page.pdf.ln(3)


def _draw_heading(
    page: _Page, invoice: Invoice, credited_number: str | None, label: dict[str, str]
) -> None:
    page.text(label[invoice.kind], size=14, height=8)
    page.text(label["number"].format(number=invoice.number))
    due = label["due"].format(date=invoice.due_date.isoformat()) if invoice.due_date else ""
    page.text(label["issued"].format(date=invoice.issued_on.isoformat()) + due)
    page.text(label["order"].format(number=invoice.order_number))
    if credited_number:
        page.text(label["credits"].format(number=credited_number))
    if invoice.reason:
        page.text(label["reason"].format(reason=invoice.reason)[:120])
    page.pdf.ln(3)


def _draw_addresses(page: _Page, invoice: Invoice, label: dict[str, str]) -> None:
    """Bill to on the left, ship to (when the order has one) on the right."""
    top = page.pdf.get_y()
    page.text(label["bill_to"], size=11, width=ADDRESS_WIDTH)
    for address_line in bill_to_lines(invoice):
        page.text(address_line, width=ADDRESS_WIDTH)
    bottom = page.pdf.get_y()
    ship_to = address_lines(invoice.ship_to)
    if ship_to:
        page.pdf.set_xy(SHIP_TO_X, top)
        page.text(label["ship_to"], size=11, width=ADDRESS_WIDTH, left=SHIP_TO_X)
        for address_line in ship_to:
            page.text(address_line, width=ADDRESS_WIDTH, left=SHIP_TO_X)
        bottom = max(bottom, page.pdf.get_y())
    page.pdf.set_xy(page.pdf.l_margin, bottom)
    page.pdf.ln(3)


def _draw_lines(
    page: _Page, invoice: Invoice, lines: list[InvoiceLine], label: dict[str, str]
) -> None:
    currency = invoice.currency
    widths = (10.0, 70.0, 18.0, 25.0, 15.0, 25.0, 27.0)
    headings = ("line", "description", "quantity", "unit_price", "tax_rate", "discount")
    aligns = ("L", "L", "R", "R", "R", "R", "R")
    page.row(
        [
            (label[key], width, align)
            for key, width, align in zip((*headings, "line_total"), widths, aligns, strict=True)
        ]
    )
    for line in lines:
        description = f"{line.sku_code} {line.description}" if line.sku_code else line.description
        values = (
            str(line.line_no),
            description[:45],
            _quantity(line.quantity),
            f"{canonical_amount(line.unit_price, currency)}",
            _percent(line.tax_rate),
            f"{canonical_amount(line.discount, currency)}",
            f"{canonical_amount(line.total, currency)}",
        )
        page.row(list(zip(values, widths, aligns, strict=True)))
    page.pdf.ln(3)


def _draw_totals(page: _Page, invoice: Invoice, label: dict[str, str]) -> None:
    currency = invoice.currency
    for tax_line in invoice.tax_breakdown:
        text = label["tax_line"].format(
            rate=_percent(Decimal(tax_line["rate"])),
            taxable=_money(Decimal(tax_line["taxable"]), currency),
            tax=_money(Decimal(tax_line["tax"]), currency),
        )
        page.text(text, align="R")
    totals = [
        ("subtotal", invoice.subtotal),
        ("discount", invoice.discount_total),
        ("tax", invoice.tax_total),
        ("total", invoice.total),
    ]
    if invoice.kind == "invoice":
        due = max(invoice.total - invoice.amount_paid - invoice.amount_credited, Decimal(0))
        totals += [
            ("paid", invoice.amount_paid),
            ("credited", invoice.amount_credited),
            ("amount_due", due if invoice.status != "void" else Decimal(0)),
        ]
    for key, amount in totals:
        page.text(
            f"{label[key]}: {_money(amount, currency)}",
            align="R",
            size=11 if key in ("total", "amount_due") else 10,
        )
