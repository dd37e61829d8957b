"""The demo tenant's quotes: one sent to Northwind (the portal customer) and awaiting
Nora's answer in the portal, and one Contoso agreed to on the phone, accepted by sales on
its behalf (so it became an order), made through the quotes services like any quote."""

from __future__ import annotations

from decimal import Decimal

import quotes.services as quotes
from orbit.demo_story import Demo
from quotes.rules import LineKind


def _line(demo: Demo, code: str, quantity: str, discount: str = "0") -> quotes.QuoteLineInput:
    return quotes.QuoteLineInput(
        kind=LineKind.ONE_OFF,
        sku_id=demo.skus[code],
        quantity=Decimal(quantity),
        discount_percent=Decimal(discount),
    )


async def seed_quotes(demo: Demo) -> None:
    """Sales drafts and sends both quotes and accepts Contoso's for them."""
    sales = demo.act_as("sales")
    awaiting = await quotes.create_quote(
        sales,
        quotes.QuoteDraft(
            customer_id=demo.customers["northwind"],
            lines=[_line(demo, "STAPLER-24", "10", "5"), _line(demo, "PAPER-A4", "40")],
            notes="Prices include delivery to your London office.",
        ),
    )
    await quotes.send_quote(sales, awaiting.id)
    agreed = await quotes.create_quote(
        sales,
        quotes.QuoteDraft(
            customer_id=demo.customers["contoso"],
            lines=[_line(demo, "PAPER-A4", "100", "5")],
        ),
    )
    await quotes.send_quote(sales, agreed.id)
    await quotes.accept_quote_for_customer(sales, quotes.Answer(agreed.id, agreed.current_version))
