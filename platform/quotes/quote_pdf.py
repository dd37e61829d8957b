"""A quote version as a PDF (fpdf2), drawn with an embedded CJK TrueType font so Chinese
names and descriptions render, like invoices: the font comes from ORBIT_INVOICE_FONT, else
the first WenQuanYi font installed (Debian: `apt-get install fonts-wqy-microhei`)."""

# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from core.money import canonical_amount
from core.settings import Settings

DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FAMILY = "quote"


class FontMissing(RuntimeError):
    """No font to draw quotes with."""


def font_path(settings: Settings) -> Path:
    if settings.invoice_font:
        path = Path(settings.invoice_font)
        if not path.is_file():
            raise FontMissing(f"ORBIT_INVOICE_FONT names {path}, which does not exist.")
        return path
    for candidate in DEFAULT_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("No font covering Chinese is installed (fonts-wqy-microhei).")


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "QUOTE",
        "number": "No. {number}, version {version}",
        "valid": "Valid until {date}",
        "to": "For {customer}",
        "description": "Description",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "discount": "Discount",
        "line_total": "Total",
        "per": "per {period}",
        "subtotal": "Subtotal",
        "tax": "Tax",
        "total": "Total",
        "recurring": "Recurring lines are charged every billing period.",
        "contract": "Accepting this quote starts a contract of {months} months from {date}.",
        "month": "month",
        "quarter": "quarter",
        "year": "year",
    },
    "zh-CN": {
        "title": "报价单",
        "number": "编号 {number}，第 {version} 版",
        "valid": "有效期至 {date}",
        "to": "客户：{customer}",
        "description": "描述",
        "quantity": "数量",
        "unit_price": "单价",
        "discount": "折扣",
        "line_total": "金额",
        "per": "每{period}",
        "subtotal": "小计",
        "tax": "税额",
        "total": "总计",
        "recurring": "周期性项目按每个计费周期收费。",
        "contract": "接受本报价即自 {date} 起签订为期 {months} 个月的合同。",
        "month": "月",
        "quarter": "季度",
        "year": "年",
    },
}


@dataclass(frozen=True)
class PdfLine:
    description: str
    sku_code: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    line_total: Decimal
    billing_period: str | None


@dataclass(frozen=True)
class QuoteDocument:
    """Everything printed on a quote version."""

    seller: str
    number: str
    version: int
    customer: str
    valid_until: date
    currency: str
    lines: list[PdfLine]
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    notes: str | None
    language: str
    contract_months: int | None = None
    contract_start: date | None = None


def file_name(number: str, version: int) -> str:
    return f"{number}-v{version}.pdf"


def _money(amount: Decimal, currency: str) -> str:
    return f"{canonical_amount(amount, currency):,} {currency}"


def _header(pdf: FPDF, doc: QuoteDocument, label: dict[str, str]) -> None:
    pdf.set_font(FAMILY, size=16)
    pdf.cell(0, 9, doc.seller, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=14)
    pdf.cell(0, 8, label["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    for text in (
        label["number"].format(number=doc.number, version=doc.version),
        label["valid"].format(date=doc.valid_until.isoformat()),
        label["to"].format(customer=doc.customer),
    ):
        pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _lines(pdf: FPDF, doc: QuoteDocument, label: dict[str, str]) -> None:
    widths = (80.0, 18.0, 32.0, 20.0, 32.0)
    headings = ("description", "quantity", "unit_price", "discount", "line_total")
    pdf.set_font(FAMILY, size=9)
    for heading, width in zip(headings, widths, strict=True):
        pdf.cell(width, 6, label[heading], border="B", new_x="RIGHT", new_y="TOP")
    pdf.ln(6)
    for line in doc.lines:
        price = _money(line.unit_price, doc.currency)
        if line.billing_period:
            price += " " + label["per"].format(period=label.get(line.billing_period.lower(), ""))
        cells = (
            f"{line.sku_code} {line.description}"[:60],
            f"{line.quantity.normalize():f}",
            price,
            f"{line.discount_percent.normalize():f}%",
            _money(line.line_total, doc.currency),
        )
        for value, width in zip(cells, widths, strict=True):
            pdf.cell(width, 6, value, border="B", new_x="RIGHT", new_y="TOP")
        pdf.ln(6)
    pdf.ln(3)


def _totals(pdf: FPDF, doc: QuoteDocument, label: dict[str, str]) -> None:
    pdf.set_font(FAMILY, size=10)
    for name, amount in (
        ("subtotal", doc.subtotal),
        ("tax", doc.tax_total),
        ("total", doc.total),
    ):
        pdf.cell(150, 6, label[name], align="R", new_x="RIGHT", new_y="TOP")
        pdf.cell(32, 6, _money(amount, doc.currency), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if any(line.billing_period for line in doc.lines):
        pdf.multi_cell(0, 5, label["recurring"], new_x="LMARGIN", new_y="NEXT")
    if doc.contract_months and doc.contract_start:
        pdf.multi_cell(
            0,
            5,
            label["contract"].format(
                months=doc.contract_months, date=doc.contract_start.isoformat()
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if doc.notes:
        pdf.ln(2)
        pdf.multi_cell(0, 5, doc.notes, new_x="LMARGIN", new_y="NEXT")


def render(doc: QuoteDocument, settings: Settings) -> bytes:
    """The PDF's bytes."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FAMILY, "", str(font_path(settings)), collection_font_number=0)
    pdf.add_page()
    label = LABELS["zh-CN" if doc.language.lower().startswith("zh") else "en"]
    _header(pdf, doc, label)
    _lines(pdf, doc, label)
    _totals(pdf, doc, label)
    return bytes(pdf.output())
