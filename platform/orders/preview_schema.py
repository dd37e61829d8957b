"""GraphQL for the order form's live preview (`orderPreview`): the server's prices, tax by
rate and total, each line's stock and size hints, and the approvals submitting would need."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

import orders.services as orders
from catalog import PriceRuleType
from core.gql.money import MoneyType
from core.gql.types import UserErrorType
from orders.error_types import OrderError


def _money(amount: Decimal, currency: str) -> MoneyType:
    return MoneyType.from_amount(amount, currency)


@strawberry.type(
    name="OrderPreviewStock",
    description="Where a line's stock would come from if the order were reserved now.",
)
class OrderPreviewStockType:
    enough: bool = strawberry.field(
        description="The warehouse the warehouse rule picks has the whole quantity."
    )
    available: Decimal = strawberry.field(
        description="Available in `warehouse`: the picked warehouse when `enough`, otherwise "
        "the warehouse with the most (nobody has enough: submit with backorder, or lower it)."
    )
    warehouse: str | None = strawberry.field(
        description="Code of that warehouse; null when there is no active warehouse."
    )

    @classmethod
    def of(cls, placement: orders.LinePreview) -> OrderPreviewStockType | None:
        p = placement.placement
        return (
            None
            if p is None
            else cls(enough=p.fills, available=p.available.normalize(), warehouse=p.warehouse_code)
        )


@strawberry.type(name="OrderPreviewLine", description="One line of the order form, priced.")
class OrderPreviewLineType:
    sku_code: str | None = strawberry.field(description="The SKU's code; null until one is known.")
    min_order_quantity: Decimal | None = strawberry.field(
        description="The SKU's minimum order quantity."
    )
    pack_size: Decimal | None = strawberry.field(
        description="The SKU is ordered in multiples of this."
    )
    unit_price: MoneyType | None = strawberry.field(
        description="The pricing engine's unit price for this customer, quantity and day; "
        "null until the line has a customer, SKU and valid quantity."
    )
    price_source_label: str | None = strawberry.field(
        description='The rule that priced it in English: a price book\'s name, or "List price".',
        deprecation_reason="English only: word priceRule.",
    )
    price_rule: PriceRuleType | None = strawberry.field(
        description="The rule that priced it, for clients to word; null until priced."
    )
    gross: MoneyType | None = strawberry.field(description="Unit price x quantity.")
    discount: MoneyType | None = strawberry.field(description="The line discount.")
    net: MoneyType | None = strawberry.field(description="Gross less discount.")
    tax_rate: Decimal | None = strawberry.field(description="Tax rate (0.13 = 13 %).")
    tax: MoneyType | None = strawberry.field(description="Tax on the net.")
    total: MoneyType | None = strawberry.field(description="Net plus tax.")
    stock: OrderPreviewStockType | None = strawberry.field(
        description="Stock for this line; null until it is priced."
    )

    @classmethod
    def of(cls, line: orders.LinePreview, currency: str | None) -> OrderPreviewLineType:
        sku, quote, amounts = line.sku, line.quote, line.amounts
        priced = amounts is not None and currency is not None

        def money(value: Decimal | None) -> MoneyType | None:
            return _money(value, currency) if priced and value is not None and currency else None

        return cls(
            sku_code=sku.code if sku else None,
            min_order_quantity=sku.min_order_quantity.normalize() if sku else None,
            pack_size=sku.pack_size.normalize() if sku else None,
            unit_price=MoneyType.of(quote.unit_price) if quote else None,
            price_source_label=quote.price_source_label if quote else None,
            price_rule=(
                PriceRuleType.of(quote.price_source, quote.price_source_label) if quote else None
            ),
            gross=money(amounts.gross if amounts else None),
            discount=money(amounts.discount if amounts else None),
            net=money(amounts.net if amounts else None),
            tax_rate=sku.product.tax_rate.normalize() if sku and priced else None,
            tax=money(amounts.tax if amounts else None),
            total=money(amounts.total if amounts else None),
            stock=OrderPreviewStockType.of(line),
        )


@strawberry.type(name="OrderPreviewTaxRate", description="The order's tax at one rate.")
class OrderPreviewTaxRateType:
    rate: Decimal = strawberry.field(description="Tax rate (0.13 = 13 %).")
    taxable_amount: MoneyType = strawberry.field(description="Net of the lines taxed at this rate.")
    tax: MoneyType = strawberry.field(description="Tax at this rate.")


@strawberry.type(name="OrderPreviewApprovalReason", description="A rule that asks for approval.")
class OrderPreviewApprovalReasonType:
    code: str = strawberry.field(
        description="The rule, as ApprovalReasonCode names it: CREDIT_LIMIT, DISCOUNT or AMOUNT."
    )
    message: str = strawberry.field(description="The rule and the figures, for people.")
    params: JSON = strawberry.field(
        description="The figures by name, as ApprovalReason.params gives them."
    )


@strawberry.type(
    name="OrderPreviewApproval",
    description="An approval the order would wait for if it were submitted now.",
)
class OrderPreviewApprovalType:
    level: str = strawberry.field(
        description="Who decides, as ApprovalLevel names it: FINANCE, MANAGER or DIRECTOR."
    )
    reasons: list[OrderPreviewApprovalReasonType] = strawberry.field(
        description="Why this level is asked."
    )

    @classmethod
    def of(cls, need: orders.ApprovalNeed) -> OrderPreviewApprovalType:
        return cls(
            level=need.level.upper(),
            reasons=[
                OrderPreviewApprovalReasonType(
                    code=reason.code.upper(), message=reason.message, params=JSON(reason.params)
                )
                for reason in need.reasons
            ],
        )


@strawberry.type(
    name="OrderPreview",
    description="What the order being entered would cost and need, before it is created. "
    "Amounts come from the same pricing as createOrder; stock may still move before submit.",
)
class OrderPreviewType:
    lines: list[OrderPreviewLineType] = strawberry.field(description="The lines, in input order.")
    complete: bool = strawberry.field(
        description="Every line is priced, so the totals are the order's; otherwise they "
        "cover the priced lines."
    )
    subtotal: MoneyType | None = strawberry.field(description="Sum of the lines' gross.")
    discount_total: MoneyType | None = strawberry.field(description="Sum of the line discounts.")
    tax_total: MoneyType | None = strawberry.field(description="Sum of the tax.")
    total: MoneyType | None = strawberry.field(description="What the customer would pay.")
    tax_by_rate: list[OrderPreviewTaxRateType] = strawberry.field(
        description="The tax per rate, highest rate first; they add up to taxTotal."
    )
    short_lines: list[int] = strawberry.field(
        description="Indexes of the lines no warehouse has enough for (0 = first)."
    )
    may_backorder: bool = strawberry.field(
        description="You may submit with allowBackorder (inventory:backorder)."
    )
    approvals: list[OrderPreviewApprovalType] = strawberry.field(
        description="The approvals submitting would wait for, in decision order; "
        "empty: it would be confirmed at once."
    )
    issues: list[UserErrorType] = strawberry.field(
        description="What createOrder would refuse in the lines entered so far "
        "(minimum quantity, pack size, discount cap, price below cost), with field paths.",
        graphql_type=list[OrderError],  # type: ignore[valid-type]
    )

    @classmethod
    def of(cls, preview: orders.OrderPreview) -> OrderPreviewType:
        currency, totals = preview.currency, preview.totals

        def money(amount: Decimal) -> MoneyType | None:
            return _money(amount, currency) if currency else None

        return cls(
            lines=[OrderPreviewLineType.of(line, currency) for line in preview.lines],
            complete=preview.complete,
            subtotal=money(totals.subtotal) if totals else None,
            discount_total=money(totals.discount_total) if totals else None,
            tax_total=money(totals.tax_total) if totals else None,
            total=money(totals.total) if totals else None,
            tax_by_rate=[
                OrderPreviewTaxRateType(
                    rate=r.rate.normalize(),
                    taxable_amount=_money(r.net, currency),
                    tax=_money(r.tax, currency),
                )
                for r in preview.tax_by_rate
                if currency
            ],
            short_lines=preview.short_lines,
            may_backorder=preview.may_backorder,
            approvals=[OrderPreviewApprovalType.of(need) for need in preview.approvals],
            issues=[UserErrorType.of(issue) for issue in preview.issues],
        )
