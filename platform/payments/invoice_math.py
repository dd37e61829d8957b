"""Invoice arithmetic without I/O: the lines an invoice or credit note bills and their totals,
to the currency's minor unit. Every split hands out whole minor units (largest remainder, or
cumulative rounding for shipments), so the parts always add up to the whole exactly."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

from core.money import minor_units, quantize_money

ZERO = Decimal(0)


@dataclass(frozen=True)
class DraftLine:
    """One line to write: gross `subtotal` (quantity x unit price), `discount`, `tax` on the
    net, `total` = subtotal - discount + tax."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    sku_code: str | None = None
    order_line_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SourceLine:
    """An order line's amounts as invoices read them."""

    order_line_id: uuid.UUID | None
    sku_code: str | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    subtotal: Decimal  # gross, before the discount
    discount: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal


def unit(currency: str) -> Decimal:
    """The currency's minor unit (0.01 for most, 1 for JPY)."""
    return Decimal(1).scaleb(-minor_units(currency))


def whole_order_lines(lines: Iterable[SourceLine]) -> list[DraftLine]:
    """An invoice for the whole order bills each order line as it is."""
    return [
        DraftLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_rate=line.tax_rate,
            subtotal=line.subtotal,
            discount=line.discount,
            tax=line.tax,
            total=line.total,
            sku_code=line.sku_code,
            order_line_id=line.order_line_id,
        )
        for line in lines
    ]


def _cumulative(amount: Decimal, done: Decimal, whole: Decimal, currency: str) -> Decimal:
    if done >= whole:
        return amount
    return quantize_money(amount * done / whole, currency)


def shipment_lines(
    lines: Iterable[SourceLine],
    shipped_before: dict[uuid.UUID | None, Decimal],
    shipped_now: dict[uuid.UUID | None, Decimal],
    currency: str,
) -> list[DraftLine]:
    """The part of each order line one shipment carries. Amounts are rounded cumulatively
    (what the shipments up to this one carry, less what those before it carry), so the
    shipments of a fully shipped line add up to the line to the minor unit."""
    drafts = []
    for line in lines:
        quantity = shipped_now.get(line.order_line_id, ZERO)
        if quantity <= 0 or line.quantity <= 0:
            continue
        before = min(shipped_before.get(line.order_line_id, ZERO), line.quantity)
        after = min(before + quantity, line.quantity)

        def part(
            amount: Decimal,
            before: Decimal = before,
            after: Decimal = after,
            whole: Decimal = line.quantity,
        ) -> Decimal:
            return _cumulative(amount, after, whole, currency) - _cumulative(
                amount, before, whole, currency
            )

        subtotal, discount, tax = part(line.subtotal), part(line.discount), part(line.tax)
        drafts.append(
            DraftLine(
                description=line.description,
                quantity=after - before,
                unit_price=line.unit_price,
                tax_rate=line.tax_rate,
                subtotal=subtotal,
                discount=discount,
                tax=tax,
                total=subtotal - discount + tax,
                sku_code=line.sku_code,
                order_line_id=line.order_line_id,
            )
        )
    return drafts


def split_by_weight(
    amount: Decimal, weights: dict[Decimal, Decimal], currency: str
) -> dict[Decimal, Decimal]:
    """Split `amount` over the keys in proportion to their weights, in whole minor units,
    largest remainder first: the parts add up to `amount` exactly."""
    positive = {key: weight for key, weight in weights.items() if weight > 0}
    if not positive:
        return {max(weights, default=ZERO): amount} if amount else {}
    step = unit(currency)
    whole = sum(positive.values(), ZERO)
    units = amount / step
    exact = {key: units * weight / whole for key, weight in positive.items()}
    floors = {key: value.to_integral_value(rounding=ROUND_FLOOR) for key, value in exact.items()}
    left = int(units - sum(floors.values(), ZERO))
    ranked = sorted(positive, key=lambda key: (-(exact[key] - floors[key]), key))
    for key in ranked[:left]:
        floors[key] += 1
    return {key: floors[key] * step for key in sorted(positive) if floors[key]}


def tax_in_gross(gross: Decimal, rate: Decimal, currency: str) -> Decimal:
    """The tax contained in a gross amount at `rate` (0.13 for 13 %)."""
    return quantize_money(gross * rate / (1 + rate), currency)


def gross_by_rate(lines: Iterable[SourceLine | DraftLine]) -> dict[Decimal, Decimal]:
    """Total (tax included) per tax rate."""
    per_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        per_rate[line.tax_rate.normalize()] += line.total
    return dict(per_rate)


def gross_lines(
    amount: Decimal, weights: dict[Decimal, Decimal], description: str, currency: str
) -> list[DraftLine]:
    """One line per tax rate billing a gross amount split over the rates by weight, with
    its tax extracted per rate to the minor unit."""
    lines = []
    for rate, gross in split_by_weight(amount, weights, currency).items():
        tax = tax_in_gross(gross, rate, currency)
        suffix = f" ({_percent(rate)} tax)" if len(weights) > 1 else ""
        lines.append(
            DraftLine(
                description=f"{description}{suffix}"[:300],
                quantity=Decimal(1),
                unit_price=gross - tax,
                tax_rate=rate,
                subtotal=gross - tax,
                discount=ZERO,
                tax=tax,
                total=gross,
            )
        )
    return lines


def credited_lines(
    lines: Sequence[DraftLine], quantities: dict[int, Decimal], currency: str
) -> list[DraftLine]:
    """The part of invoice lines (by index) a credit note gives back: each amount in
    proportion to the quantity credited, the whole line when all of it is."""
    drafts = []
    for index, quantity in quantities.items():
        line = lines[index]

        def part(amount: Decimal, line: DraftLine = line, quantity: Decimal = quantity) -> Decimal:
            return _cumulative(amount, quantity, line.quantity, currency)

        subtotal, discount, tax = part(line.subtotal), part(line.discount), part(line.tax)
        drafts.append(
            replace(
                line,
                quantity=quantity,
                subtotal=subtotal,
                discount=discount,
                tax=tax,
                total=subtotal - discount + tax,
            )
        )
    return drafts


def totals(lines: Iterable[DraftLine]) -> Totals:
    items = list(lines)
    return Totals(
        subtotal=sum((i.subtotal for i in items), ZERO),
        discount_total=sum((i.discount for i in items), ZERO),
        tax_total=sum((i.tax for i in items), ZERO),
        total=sum((i.total for i in items), ZERO),
    )


def tax_breakdown(lines: Iterable[DraftLine]) -> list[dict[str, str]]:
    """[{"rate", "taxable", "tax"}] per tax rate, lowest rate first."""
    taxable: dict[Decimal, Decimal] = defaultdict(Decimal)
    tax: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        rate = line.tax_rate.normalize()
        taxable[rate] += line.subtotal - line.discount
        tax[rate] += line.tax
    return [
        {"rate": str(rate), "taxable": str(taxable[rate]), "tax": str(tax[rate])}
        for rate in sorted(taxable)
    ]


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def share_in_order(paid: Decimal, totals_in_order: Sequence[Decimal]) -> list[Decimal]:
    """Share a paid amount over amounts first come first served, each capped at its own."""
    shares, left = [], paid
    for total in totals_in_order:
        share = max(min(total, left), ZERO)
        shares.append(share)
        left -= share
    return shares
