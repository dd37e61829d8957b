"""The order form's preview: what an order being entered would cost, by the server's own
pricing (line amounts, tax by rate, total), where its stock stands line by line, and which
approvals submitting it would wait for and why. It reads only: nothing is written or
reserved, and stock may still move before the order is submitted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import catalog.services as catalog
import inventory.services as inventory
from core.context import Actor
from core.errors import UserError
from core.ids import new_id
from orders import rules
from orders.approval_gate import ApprovalFacts, ApprovalNeed, approval_gate
from orders.errors import OrderErrorCode
from orders.reading import CREDIT_TERMS, open_receivables
from orders.settings import order_settings
from orders.validation import (
    NewOrder,
    check_costs,
    check_line,
    discount_cap,
    entry_customer,
    skus_and_offers,
)

if TYPE_CHECKING:
    from catalog.models import Sku
    from customers.services import CustomerProfile


@dataclass(frozen=True)
class LinePreview:
    """One line as the form has it. `quote` and `amounts` are None until the line has a
    customer, a known SKU and a valid quantity; `placement` is None until it can be placed."""

    sku: Sku | None
    quote: catalog.PriceQuote | None = None
    amounts: rules.LineAmounts | None = None
    placement: inventory.Placement | None = None


@dataclass(frozen=True)
class RateTotal:
    """The lines' net taxed at one rate and the tax on it."""

    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class OrderPreview:
    currency: str | None
    lines: list[LinePreview]
    totals: rules.OrderTotals | None
    tax_by_rate: list[RateTotal]
    approvals: list[ApprovalNeed]
    issues: list[UserError] = field(default_factory=list)
    may_backorder: bool = False

    @property
    def complete(self) -> bool:
        """Every line is priced: the totals are the order's."""
        return bool(self.lines) and all(line.amounts is not None for line in self.lines)

    @property
    def short_lines(self) -> list[int]:
        return [
            i for i, line in enumerate(self.lines) if line.placement and not line.placement.fills
        ]


async def preview_order(actor: Actor, data: NewOrder) -> OrderPreview:
    """The order form's live preview (orders:write): each line's price, amounts, stock in
    the warehouse the rule would take it from, pack size and minimum; the totals with tax
    by rate; the approvals submitting would wait for; and the issues entry would report
    for the lines as they are (so far)."""
    await actor.require("orders", "write")
    settings = await order_settings(actor)
    entry = await entry_customer(actor, data)
    profile = entry.profile if entry else None
    today = catalog.today_in(entry.time_zone) if entry else await catalog.today(actor)
    context = (
        catalog.context_of(profile.currency, profile.tier, profile.region) if profile else None
    )
    skus, offers = await skus_and_offers(actor, data.lines, context, today)
    cap = await discount_cap(actor, settings.discount_caps)
    issues = [
        error
        for index, (line, sku) in enumerate(zip(data.lines, skus, strict=True))
        if line.sku_id is not None and line.quantity is not None
        for error in check_line(line, sku, index, cap)
    ]
    failing = {error.field[1] for error in issues if error.field and len(error.field) > 1}
    lines = [LinePreview(sku) for sku in skus]
    if profile is None or context is None:
        return OrderPreview(None, lines, None, [], [], issues)
    priced = [
        index
        for index, (line, sku) in enumerate(zip(data.lines, skus, strict=True))
        if sku is not None and line.quantity is not None and str(index) not in failing
    ]
    buyer = _Buyer(profile, context, offers, today)
    lines = await _priced(actor, data, lines, priced, buyer)
    quotes = [line.quote for line in lines if line.quote is not None]
    issues += await check_costs(actor, _only(data, priced), [lines[i].sku for i in priced], quotes)
    amounts = [line.amounts for line in lines if line.amounts is not None]
    totals = rules.order_totals(amounts) if amounts else None
    return OrderPreview(
        currency=profile.currency,
        lines=lines,
        totals=totals,
        tax_by_rate=_tax_by_rate(lines),
        approvals=await _approvals(actor, data, profile, totals) if totals else [],
        issues=_renumbered(issues, priced),
        may_backorder=await actor.can("inventory", "backorder"),
    )


def _only(data: NewOrder, indexes: list[int]) -> NewOrder:
    return NewOrder(customer_id=data.customer_id, lines=[data.lines[i] for i in indexes])


def _renumbered(issues: list[UserError], priced: list[int]) -> list[UserError]:
    """check_costs numbers the priced lines from 0; put its errors back on the form's lines."""
    renumbered = []
    for issue in issues:
        path = issue.field
        if issue.code is OrderErrorCode.PRICE_BELOW_COST and path and len(path) > 1:
            path = (path[0], str(priced[int(path[1])]), *path[2:])
        renumbered.append(UserError(issue.code, issue.message, path, issue.params))
    return renumbered


@dataclass(frozen=True)
class _Buyer:
    """What pricing a line for this customer today needs."""

    profile: CustomerProfile
    context: catalog.PriceContext
    offers: dict[uuid.UUID, list[catalog.Offer]]
    today: date


async def _priced(
    actor: Actor, data: NewOrder, lines: list[LinePreview], priced: list[int], buyer: _Buyer
) -> list[LinePreview]:
    """The lines with their quotes, amounts and placements (lines in `priced` only)."""
    skus = {i: _sku(lines[i]) for i in priced}
    placements = await inventory.preview_placement(
        actor,
        [
            inventory.ReservationRequest(
                reference_id=new_id(),
                sku_id=skus[i].id,
                quantity=_quantity(data, i),
                region=buyer.profile.region,
            )
            for i in priced
        ],
    )
    result = list(lines)
    for index, placement in zip(priced, placements, strict=True):
        sku = skus[index]
        quote = catalog.price_line(
            sku, _quantity(data, index), buyer.offers[sku.id], buyer.context, buyer.today
        )
        amounts = rules.line_amounts(
            quote.unit_price.amount,
            quote.quantity,
            data.lines[index].discount_percent,
            sku.product.tax_rate,
            buyer.profile.currency,
        )
        result[index] = LinePreview(sku, quote, amounts, placement)
    return result


def _sku(line: LinePreview) -> Sku:
    assert line.sku is not None  # only lines with a known SKU are priced
    return line.sku


def _quantity(data: NewOrder, index: int) -> Decimal:
    quantity = data.lines[index].quantity
    assert quantity is not None  # only lines with a quantity are priced
    return quantity


def _tax_by_rate(lines: list[LinePreview]) -> list[RateTotal]:
    """The priced lines' net and tax summed per tax rate, highest rate first."""
    sums: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for line in lines:
        if line.amounts is None or line.sku is None:
            continue
        rate = line.sku.product.tax_rate
        net, tax = sums.get(rate, (Decimal(0), Decimal(0)))
        sums[rate] = (net + line.amounts.net, tax + line.amounts.tax)
    return [RateTotal(rate, net, tax) for rate, (net, tax) in sorted(sums.items(), reverse=True)]


async def _approvals(
    actor: Actor, data: NewOrder, profile: CustomerProfile, totals: rules.OrderTotals
) -> list[ApprovalNeed]:
    """What the tenant's approval rules would ask of this order if it were submitted now:
    the facts `lifecycle` gathers at submission, from the form's lines and terms."""
    gate = approval_gate()
    facts = ApprovalFacts(
        total=totals.total,
        currency=profile.currency,
        max_discount=max((line.discount_percent for line in data.lines), default=Decimal(0)),
    )
    terms = data.payment_terms or profile.payment_terms
    if (
        terms.kind.lower() in CREDIT_TERMS
        and profile.credit_limit.amount > 0
        and await gate.credit_check_enabled(actor)
    ):
        facts = replace(
            facts,
            credit_limit=profile.credit_limit.amount,
            open_receivables=await open_receivables(actor, profile.customer_id),
        )
    return list(await gate.preview(actor, facts))
