"""Pricing a quote's lines with the pricing engine orders use (`orders.preview_order`): the
same price books, price sources, discount caps by role, checks against cost and approval
rules. A recurring line is priced as its plan's SKU for one billing period."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import customers.services as customers
import orders.services as orders
from core.context import Actor
from core.errors import NotFound, UserError
from quotes import plans as plan_catalog
from quotes.errors import QuoteErrorCode
from quotes.rules import ZERO, LineKind, check_line_count, error


@dataclass(frozen=True)
class QuoteLineInput:
    """One line as the form has it: a one-off SKU, or a recurring plan."""

    kind: LineKind
    sku_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    quantity: Decimal | None = None
    discount_percent: Decimal = ZERO


@dataclass(frozen=True)
class Amounts:
    """A line's money: gross (price x quantity), discount, net, tax on the net, total."""

    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class PricedLine:
    """A line as priced; `unit_price` and `amounts` are None until it has a customer, a
    known SKU or plan and a valid quantity."""

    kind: LineKind
    sku_id: uuid.UUID | None
    plan: plan_catalog.Plan | None
    sku_code: str | None
    description: str | None
    quantity: Decimal | None
    discount_percent: Decimal
    tax_rate: Decimal | None = None
    unit_price: Decimal | None = None
    price_source: str | None = None
    price_source_label: str | None = None
    amounts: Amounts | None = None


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal


@dataclass(frozen=True)
class QuotePricing:
    """The whole quote priced: lines, totals (one-off lines plus one period of each
    recurring line), the approvals an order of it would wait for, and every issue (on its
    line's field)."""

    currency: str | None
    lines: list[PricedLine]
    totals: Totals | None
    approvals: list[orders.ApprovalNeed]
    issues: list[UserError]

    @property
    def complete(self) -> bool:
        return bool(self.lines) and all(line.amounts is not None for line in self.lines)


def _shape_errors(
    lines: Sequence[QuoteLineInput], plans: dict[uuid.UUID, plan_catalog.Plan]
) -> list[UserError]:
    """Each line names what its kind needs: a SKU for one-off, a known active plan for
    recurring."""
    errors: list[UserError] = []
    for index, line in enumerate(lines):
        at = ("lines", str(index))
        if line.kind is LineKind.ONE_OFF and (line.sku_id is None or line.plan_id is not None):
            errors.append(
                error(
                    QuoteErrorCode.LINE_KIND_MISMATCH, "A one-off line names a SKU.", *at, "skuId"
                )
            )
        elif line.kind is LineKind.RECURRING:
            errors.extend(_plan_errors(line, plans, at))
    return errors


def _plan_errors(
    line: QuoteLineInput, plans: dict[uuid.UUID, plan_catalog.Plan], at: tuple[str, ...]
) -> list[UserError]:
    if line.plan_id is None or line.sku_id is not None:
        return [
            error(
                QuoteErrorCode.LINE_KIND_MISMATCH, "A recurring line names a plan.", *at, "planId"
            )
        ]
    plan = plans.get(line.plan_id)
    if plan is None:
        return [error(QuoteErrorCode.UNKNOWN_PLAN, "No such plan.", *at, "planId")]
    if not plan.active:
        return [
            error(
                QuoteErrorCode.INACTIVE_PLAN,
                f"Plan {plan.code} is no longer offered.",
                *at,
                "planId",
                plan=plan.code,
            )
        ]
    return []


async def _recurring_errors(
    actor: Actor,
    customer_id: uuid.UUID | None,
    lines: Sequence[QuoteLineInput],
    plans: dict[uuid.UUID, plan_catalog.Plan],
) -> list[UserError]:
    """Recurring lines become one subscription: one billing period for all of them, and
    plans (priced in the tenant's currency) only for a customer who buys in it."""
    recurring = [
        (index, plans[line.plan_id])
        for index, line in enumerate(lines)
        if line.kind is LineKind.RECURRING and line.plan_id in plans
    ]
    if not recurring or customer_id is None:
        return []
    errors: list[UserError] = []
    if len({plan.billing_period for _, plan in recurring}) > 1:
        errors.append(
            error(
                QuoteErrorCode.MIXED_BILLING_PERIODS,
                "All recurring lines bill over the same period.",
                "lines",
            )
        )
    try:
        profile = await customers.customer_pricing_profile(actor, customer_id)
    except NotFound:
        return errors
    if profile.credit_limit.currency != profile.currency:
        errors += [
            error(
                QuoteErrorCode.PLAN_CURRENCY_MISMATCH,
                f"Plan {plan.code} is priced in {profile.currency}; the customer buys in "
                f"{profile.credit_limit.currency}.",
                "lines",
                str(index),
                "planId",
            )
            for index, plan in recurring
        ]
    return errors


def _sku_of(line: QuoteLineInput, plans: dict[uuid.UUID, plan_catalog.Plan]) -> uuid.UUID | None:
    if line.kind is LineKind.RECURRING:
        plan = plans.get(line.plan_id) if line.plan_id else None
        return plan.sku_id if plan else None
    return line.sku_id


def _on_quote_fields(issue: UserError, lines: Sequence[QuoteLineInput]) -> UserError:
    """Orders name a line's product skuId; a recurring line's is its planId."""
    path = issue.field
    if path and len(path) == 3 and path[0] == "lines" and path[2] == "skuId":
        index = int(path[1])
        if index < len(lines) and lines[index].kind is LineKind.RECURRING:
            path = (path[0], path[1], "planId")
    return UserError(issue.code, issue.message, path, issue.params)


async def price_quote(
    actor: Actor, customer_id: uuid.UUID | None, lines: Sequence[QuoteLineInput]
) -> QuotePricing:
    """Price the lines for the customer today, as an order entered now would be priced
    (quotes:write; the pricing engine also asks for orders:write)."""
    await actor.require("quotes", "write")
    plan_ids = [line.plan_id for line in lines if line.plan_id is not None]
    plans = await plan_catalog.plans_by_id(actor, plan_ids) if plan_ids else {}
    preview = await orders.preview_order(
        actor,
        orders.NewOrder(
            customer_id=customer_id,
            lines=[
                orders.NewLine(_sku_of(line, plans), line.quantity, line.discount_percent)
                for line in lines
            ],
            channel="quote",
        ),
    )
    shape = [
        *_shape_errors(lines, plans),
        *await _recurring_errors(actor, customer_id, lines, plans),
    ]
    issues = [*shape, *(_on_quote_fields(issue, lines) for issue in preview.issues)]
    priced = [
        _priced(line, preview_line, plans)
        for line, preview_line in zip(lines, preview.lines, strict=True)
    ]
    issues += _unpriced(priced, issues, customer_id is not None)
    totals = preview.totals
    return QuotePricing(
        currency=preview.currency,
        lines=priced,
        totals=Totals(totals.subtotal, totals.discount_total, totals.tax_total, totals.total)
        if totals
        else None,
        approvals=preview.approvals,
        issues=issues,
    )


def _priced(
    line: QuoteLineInput, preview: orders.LinePreview, plans: dict[uuid.UUID, plan_catalog.Plan]
) -> PricedLine:
    plan = plans.get(line.plan_id) if line.plan_id else None
    sku = preview.sku
    base = PricedLine(
        kind=line.kind,
        sku_id=sku.id if sku else None,
        plan=plan,
        sku_code=sku.code if sku else None,
        description=(plan.name if plan else sku.name) if sku else None,
        quantity=line.quantity,
        discount_percent=line.discount_percent,
    )
    if preview.quote is None or preview.amounts is None or sku is None:
        return base
    amounts = preview.amounts
    return PricedLine(
        kind=base.kind,
        sku_id=base.sku_id,
        plan=plan,
        sku_code=base.sku_code,
        description=base.description,
        quantity=line.quantity,
        discount_percent=line.discount_percent,
        tax_rate=sku.product.tax_rate,
        unit_price=preview.quote.unit_price.amount,
        price_source=preview.quote.price_source,
        price_source_label=preview.quote.price_source_label,
        amounts=Amounts(amounts.gross, amounts.discount, amounts.net, amounts.tax, amounts.total),
    )


def _unpriced(
    priced: list[PricedLine], issues: list[UserError], has_customer: bool
) -> list[UserError]:
    """A line left unpriced with no issue of its own said why (no quantity yet, say)."""
    if not has_customer:
        return []
    flagged = {issue.field[1] for issue in issues if issue.field and len(issue.field) > 1}
    return [
        error(QuoteErrorCode.LINE_NOT_PRICED, "Enter the product and quantity.", "lines", str(i))
        for i, line in enumerate(priced)
        if line.amounts is None and str(i) not in flagged
    ]


def check_complete(pricing: QuotePricing) -> list[UserError]:
    """The issues that stop a draft from being saved: any issue, or no lines."""
    return [*check_line_count(len(pricing.lines)), *pricing.issues]
