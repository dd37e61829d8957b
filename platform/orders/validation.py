"""The checks a new order passes at entry (header, lines, prices against cost, sizes,
addresses, payment terms), shared by `entry.create_order` and the batch path `bulk`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    select,
)

import catalog.services as catalog
import customers.services as customers
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.money import QUANTITY, check_decimal
from customers.services import check_payment_terms, plan_to_json
from orders import rules
from orders.errors import OrderErrorCode
from orders.models import Order

if TYPE_CHECKING:
    from orders.settings import EffectiveSettings

if TYPE_CHECKING:
    from catalog.models import Sku
    from customers.models import CustomerAddress


CHANNELS = (
    "console",
    "portal",
    "api",
    "import",
    "marketplace",
    "exchange",
    "quote",
    "subscription",
)
# No cap: a sourced order's discounts were capped where they were agreed.
PERCENT_CAP = Decimal(100)
# Only `entry.create_exchange_order` enters exchange orders (priced at zero).
EXCHANGE_CHANNEL = "exchange"
# Orders another domain enters through `entry.create_sourced_order`: an accepted quote's
# order and a subscription's renewal order. Their prices and discounts were agreed there.
SOURCED_CHANNELS = frozenset({"quote", "subscription"})
PRIORITIES = ("normal", "urgent")
# --- inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedPrice:
    """A sourced order line's unit price as agreed before the order (the accepted quote's
    price, a subscription's prorated charge), recorded with its own price source."""

    unit_price: Decimal
    price_source: str
    price_source_label: str


@dataclass(frozen=True)
class NewLine:
    sku_id: uuid.UUID | None
    quantity: Decimal | None
    discount_percent: Decimal = Decimal(0)
    # Only on sourced orders (SOURCED_CHANNELS); None prices the line as any order's.
    agreed_price: AgreedPrice | None = None


@dataclass(frozen=True)
class NewOrder:
    customer_id: uuid.UUID | None
    lines: list[NewLine]
    channel: str = "console"
    external_ref: str | None = None
    ship_to_address_id: uuid.UUID | None = None
    bill_to_address_id: uuid.UUID | None = None
    requested_delivery_date: date | None = None
    priority: str = "normal"
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    submit: bool = False
    allow_backorder: bool = False
    idempotency_key: str | None = None
    # The order's own payment terms; None takes the customer's.
    payment_terms: customers.PaymentTerms | None = None
    # An exchange order's original order: its lines are priced at zero.
    exchange_of_order_id: uuid.UUID | None = None


def raise_if(errors: Sequence[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def check_header(data: NewOrder) -> list[UserError]:
    errors = [*rules.check_tags(data.tags), *rules.check_notes(data.notes)]
    if data.customer_id is None:
        errors.append(UserError(OrderErrorCode.REQUIRED, "Choose the customer.", ("customerId",)))
    if not data.lines:
        errors.append(UserError(OrderErrorCode.EMPTY_ORDER, "Add at least one line.", ("lines",)))
    if len(data.lines) > rules.MAX_LINES:
        errors.append(
            UserError(
                OrderErrorCode.TOO_MANY_LINES, f"At most {rules.MAX_LINES} lines.", ("lines",)
            )
        )
    if data.channel not in CHANNELS:
        errors.append(UserError(OrderErrorCode.INVALID_CHANNEL, "Unknown channel.", ("channel",)))
    if data.priority not in PRIORITIES:
        errors.append(
            UserError(OrderErrorCode.INVALID_PRIORITY, "normal or urgent.", ("priority",))
        )
    if data.external_ref is not None and len(data.external_ref.strip()) > 200:
        errors.append(
            UserError(OrderErrorCode.TOO_LONG, "At most 200 characters.", ("externalRef",))
        )
    if data.idempotency_key is not None and not 1 <= len(data.idempotency_key.strip()) <= 200:
        errors.append(
            UserError(
                OrderErrorCode.INVALID_IDEMPOTENCY_KEY, "1 to 200 characters.", ("idempotencyKey",)
            )
        )
    return errors


def check_line(
    line: NewLine, sku: Sku | None, index: int, cap: Decimal, replacing: bool = False
) -> list[UserError]:
    """A line's checks; an exchange line (`replacing` returned goods) skips the SKU's
    minimum and pack size: it reships what came back."""
    at = ("lines", str(index))
    errors: list[UserError] = []
    if line.sku_id is None:
        errors.append(UserError(OrderErrorCode.REQUIRED, "Choose the product.", (*at, "skuId")))
    elif sku is None:
        errors.append(UserError(OrderErrorCode.UNKNOWN_SKU, "No such SKU.", (*at, "skuId")))
    elif not sku.sellable:
        errors.append(
            UserError(
                OrderErrorCode.INACTIVE_PRODUCT, f"{sku.code} is not sold any more.", (*at, "skuId")
            )
        )
    if line.quantity is None:
        errors.append(UserError(OrderErrorCode.REQUIRED, "Enter the quantity.", (*at, "quantity")))
    elif sku is not None and not replacing:
        errors.extend(catalog.check_order_quantity(sku, line.quantity, (*at, "quantity")))
    else:
        errors.extend(
            check_decimal(
                line.quantity, (*at, "quantity"), QUANTITY, code=OrderErrorCode.INVALID_QUANTITY
            )
        )
    errors.extend(rules.check_discount(line.discount_percent, cap, (*at, "discountPercent")))
    return errors


async def _skus(actor: Actor, lines: Sequence[NewLine]) -> list[Sku | None]:
    ids = [line.sku_id for line in lines if line.sku_id is not None]
    found = {s.id: s for s in await catalog.skus_by_id(actor, ids) if s is not None}
    return [found.get(line.sku_id) if line.sku_id else None for line in lines]


async def discount_cap(actor: Actor, caps: dict[str, Decimal]) -> Decimal:
    roles = await actor.services.authorizer.roles_of(actor.require_principal())
    return rules.discount_cap(roles, caps)


async def check_costs(
    actor: Actor, data: NewOrder, skus: list[Sku | None], quotes: list[catalog.PriceQuote]
) -> list[UserError]:
    """PRICE_BELOW_COST unless the caller holds orders:discount_any."""
    below = [
        index
        for index, (line, sku, quote) in enumerate(zip(data.lines, skus, quotes, strict=True))
        if sku is not None
        and rules.net_unit_price(quote.unit_price.amount, line.discount_percent) < sku.cost
    ]
    if not below or await actor.can("orders", "discount_any"):
        return []
    return [
        UserError(
            OrderErrorCode.PRICE_BELOW_COST,
            "The price after discount is below cost.",
            ("lines", str(i), "discountPercent" if data.lines[i].discount_percent else "skuId"),
        )
        for i in below
    ]


async def _address(
    actor: Actor, customer_id: uuid.UUID, address_id: uuid.UUID | None, kind: str, field_name: str
) -> tuple[dict[str, Any] | None, list[UserError]]:
    try:
        address = (
            await customers.address_by_id(actor, customer_id, address_id)
            if address_id
            else await customers.default_address(actor, customer_id, kind)
        )
    except NotFound:
        return None, [
            UserError(
                OrderErrorCode.UNKNOWN_ADDRESS, "No such address of this customer.", (field_name,)
            )
        ]
    if address is None:
        return None, []
    if address_id and address.kind != kind:
        return None, [
            UserError(
                OrderErrorCode.UNKNOWN_ADDRESS,
                f"Not a {kind.replace('_', '-')} address.",
                (field_name,),
            )
        ]
    return _address_snapshot(address), []


def _address_snapshot(address: CustomerAddress) -> dict[str, Any]:
    return {
        "label": address.label,
        "recipient": address.recipient,
        "phone": address.phone,
        "line1": address.line1,
        "line2": address.line2,
        "city": address.city,
        "region": address.region,
        "postalCode": address.postal_code,
        "country": address.country,
    }


async def _check_external_ref(actor: Actor, ref: str | None) -> list[UserError]:
    if not ref:
        return []
    taken = await actor.session.scalar(
        select(Order.id).where(Order.tenant_id == actor.tenant_id, Order.external_ref == ref)
    )
    return (
        [
            UserError(
                OrderErrorCode.EXTERNAL_REF_TAKEN,
                "Another order has this external reference.",
                ("externalRef",),
            )
        ]
        if taken
        else []
    )


@dataclass(frozen=True)
class Checked:
    """What a valid new order was checked against."""

    profile: customers.CustomerProfile
    skus: list[Sku | None]
    quotes: list[catalog.PriceQuote]
    addresses: dict[str, Any]
    today: date


async def validated(actor: Actor, data: NewOrder, settings: EffectiveSettings) -> Checked:
    """Every entry check; all user errors at once. Returns the customer's profile, the SKUs,
    the prices, the address snapshots (keys ship_to, bill_to) and the tenant's date."""
    errors = check_header(data)
    # Each thing is read once and passed along: the customer with the tenant's currency and
    # time zone and the addresses in one statement, the SKUs with their price offers in one.
    entry = await entry_customer(actor, data)
    if data.customer_id is not None and entry is None:
        errors.append(
            UserError(OrderErrorCode.UNKNOWN_CUSTOMER, "No such customer.", ("customerId",))
        )
    today = catalog.today_in(entry.time_zone) if entry else await catalog.today(actor)
    context = (
        catalog.context_of(entry.profile.currency, entry.profile.tier, entry.profile.region)
        if entry
        else None
    )
    skus, offers = await skus_and_offers(actor, data.lines, context, today)
    sourced = data.channel in SOURCED_CHANNELS
    # A sourced order's discounts were checked against the caps where they were agreed.
    cap = PERCENT_CAP if sourced else await discount_cap(actor, settings.discount_caps)
    for index, (line, sku) in enumerate(zip(data.lines, skus, strict=True)):
        errors.extend(check_line(line, sku, index, cap, data.exchange_of_order_id is not None))
    errors.extend(await _check_external_ref(actor, clean(data.external_ref)))
    errors.extend(await _check_payment_terms(actor, data.payment_terms))
    addresses: dict[str, Any] = {}
    if entry is not None:
        for kind, address_id, name in (
            ("ship_to", data.ship_to_address_id, "shipToAddressId"),
            ("bill_to", data.bill_to_address_id, "billToAddressId"),
        ):
            addresses[kind], address_errors = entry_address(entry, address_id, kind, name)
            errors.extend(address_errors)
    if data.requested_delivery_date is not None and data.requested_delivery_date < today:
        errors.append(
            UserError(
                OrderErrorCode.INVALID_DELIVERY_DATE,
                "The delivery date has passed.",
                ("requestedDeliveryDate",),
            )
        )
    raise_if(errors)
    assert entry is not None and context is not None
    quotes = [
        catalog.price_line(sku, line.quantity, offers[sku.id], context, today)
        for line, sku in zip(data.lines, skus, strict=True)
        if sku is not None and line.quantity is not None
    ]
    if data.exchange_of_order_id is not None:
        quotes = [free_of_charge(quote) for quote in quotes]
    if sourced:
        quotes = agreed_prices(data.lines, quotes)
    raise_if(check_size(data, skus, quotes, entry.profile.currency))
    if data.exchange_of_order_id is None and not sourced:
        raise_if(await check_costs(actor, data, skus, quotes))
    return Checked(entry.profile, skus, quotes, addresses, today)


def free_of_charge(quote: catalog.PriceQuote) -> catalog.PriceQuote:
    """An exchange line: like-for-like goods replaced at no charge."""
    zero = replace(quote.unit_price, amount=Decimal(0))
    return replace(
        quote,
        unit_price=zero,
        line_total=replace(quote.line_total, amount=Decimal(0)),
        price_source="exchange",
        price_source_label="Exchange (no charge)",
    )


def agreed_prices(
    lines: Sequence[NewLine], quotes: list[catalog.PriceQuote]
) -> list[catalog.PriceQuote]:
    """The engine's prices, replaced on the lines that carry an agreed price (every line is
    priced by now: lines without a SKU or quantity were refused before pricing)."""
    return [
        quote if line.agreed_price is None else _agreed(quote, line.agreed_price)
        for line, quote in zip(lines, quotes, strict=True)
    ]


def _agreed(quote: catalog.PriceQuote, price: AgreedPrice) -> catalog.PriceQuote:
    unit_price = replace(quote.unit_price, amount=price.unit_price)
    return replace(
        quote,
        unit_price=unit_price,
        line_total=unit_price.times(quote.quantity).rounded(),
        price_source=price.price_source,
        price_source_label=price.price_source_label,
    )


def check_size(
    data: NewOrder, skus: list[Sku | None], quotes: list[catalog.PriceQuote], currency: str
) -> list[UserError]:
    """TOTAL_TOO_LARGE for a line, or an order, whose total the books cannot hold."""
    priced = [
        (index, line, sku, quote)
        for index, (line, sku, quote) in enumerate(zip(data.lines, skus, quotes, strict=True))
    ]
    errors = [
        error
        for index, line, sku, quote in priced
        for error in rules.check_line_fits(
            quote.unit_price.amount,
            quote.quantity,
            _tax_rate(sku),
            ("lines", str(index), "quantity"),
        )
    ]
    if errors:
        return errors
    return rules.check_totals_fit(
        rules.order_totals(
            rules.line_amounts(
                quote.unit_price.amount,
                quote.quantity,
                line.discount_percent,
                _tax_rate(sku),
                currency,
            )
            for _, line, sku, quote in priced
        ),
        ("lines",),
    )


def _tax_rate(sku: Sku | None) -> Decimal:
    assert sku is not None  # lines without a SKU were refused before pricing
    return sku.product.tax_rate


async def _check_payment_terms(
    actor: Actor, terms: customers.PaymentTerms | None
) -> list[UserError]:
    """An order's own terms are valid terms, set by someone who may grant credit."""
    if terms is None:
        return []
    if not await actor.can("customers", "credit"):
        return [
            UserError(
                OrderErrorCode.PAYMENT_TERMS_FORBIDDEN,
                "Only someone who may set credit terms "
                "(customers:credit) can give an order its own payment terms.",
                ("paymentTerms",),
            )
        ]
    return check_payment_terms(terms)


def terms_columns(terms: customers.PaymentTerms) -> dict[str, Any]:
    """The order's snapshot of its payment terms: later changes to the customer's terms do
    not change what this order was sold on."""
    return {
        "payment_terms_kind": terms.kind,
        "payment_net_days": terms.net_days,
        "payment_plan": plan_to_json(terms.instalments),
    }


async def entry_customer(actor: Actor, data: NewOrder) -> customers.OrderEntryCustomer | None:
    if data.customer_id is None:
        return None
    wanted = [i for i in (data.ship_to_address_id, data.bill_to_address_id) if i is not None]
    return await customers.order_entry_customer(actor, data.customer_id, wanted)


async def skus_and_offers(
    actor: Actor, lines: Sequence[NewLine], context: catalog.PriceContext | None, on: date
) -> tuple[list[Sku | None], dict[uuid.UUID, list[catalog.Offer]]]:
    """The lines' SKUs (None where unknown) and, once the buyer is known, their offers."""
    if context is None:
        return await _skus(actor, lines), {}
    ids = [line.sku_id for line in lines if line.sku_id is not None]
    found, offers = await catalog.skus_with_offers(actor, context, ids, on)
    by_id = {sku.id: sku for sku in found if sku is not None}
    return [by_id.get(line.sku_id) if line.sku_id else None for line in lines], offers


def entry_address(
    entry: customers.OrderEntryCustomer, address_id: uuid.UUID | None, kind: str, field_name: str
) -> tuple[dict[str, Any] | None, list[UserError]]:
    """As `_address`, from the addresses read with the customer."""
    if address_id is None:
        default = next((a for a in entry.addresses if a.kind == kind and a.is_default), None)
        return (_address_snapshot(default) if default else None), []
    address = next((a for a in entry.addresses if a.id == address_id), None)
    if address is None:
        return None, [
            UserError(
                OrderErrorCode.UNKNOWN_ADDRESS, "No such address of this customer.", (field_name,)
            )
        ]
    if address.kind != kind:
        return None, [
            UserError(
                OrderErrorCode.UNKNOWN_ADDRESS,
                f"Not a {kind.replace('_', '-')} address.",
                (field_name,),
            )
        ]
    return _address_snapshot(address), []


def clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


async def ship_to_snapshot(
    actor: Actor, customer_id: uuid.UUID, address_id: uuid.UUID
) -> tuple[dict[str, Any] | None, list[UserError]]:
    """A SHIP_TO address of the customer as it would be copied onto an order, or
    UNKNOWN_ADDRESS at shipToAddressId."""
    return await _address(actor, customer_id, address_id, "ship_to", "shipToAddressId")
