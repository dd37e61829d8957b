"""GraphQL types of quotes for staff and integrators: the Quote node with its versions and
lines, the form's live pricing, the conversion figure, and the enums and error type they
share with the portal."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import customers.services as customers
import files.services as files
import orders.services as orders
import quotes.services as quotes
from catalog.errors import CatalogErrorCode
from contracts.errors import ContractErrorCode
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import (
    UserErrorType,
    error_list_field,
    id_of,
    optional_id_of,
    resolve_by_ids,
    user_error_type,
)
from customers import CustomerType
from files.errors import FileErrorCode
from orders import OrderType
from orders.errors import OrderErrorCode
from quotes.errors import QuoteErrorCode
from quotes.models import Quote, QuoteLine, QuoteVersion
from quotes.rules import LineKind, QuoteStatus, RenewalType
from subscriptions.errors import SubscriptionErrorCode

strawberry.enum(
    QuoteStatus,
    name="QuoteStatus",
    description="Where a quote stands: DRAFT (being written or revised) -> SENT -> ACCEPTED, "
    "DECLINED (with a reason) or EXPIRED (past its validity date); WITHDRAWN by staff. A "
    "sent, declined, expired or withdrawn quote is revised into a new DRAFT version.",
)
strawberry.enum(
    LineKind,
    name="QuoteLineKind",
    description="ONE_OFF (a SKU, ordered once) or RECURRING (a plan, charged every period).",
)
strawberry.enum(
    RenewalType,
    name="QuoteContractRenewalType",
    description="How the requested contract renews: NONE, AUTOMATIC (for a fixed term), "
    "EVERGREEN (until terminated) or ONCE.",
)
QuoteError = user_error_type(
    "QuoteError",
    QuoteErrorCode,
    OrderErrorCode,
    CatalogErrorCode,
    ContractErrorCode,
    SubscriptionErrorCode,
    FileErrorCode,
    description="Why a quote was not saved, sent or answered.",
)


def money(amount: Decimal, currency: str) -> MoneyType:
    return MoneyType.from_amount(amount, currency)


async def _versions(actor: Actor, ids: list[uuid.UUID]) -> list[list[QuoteVersion]]:
    return await quotes.versions_of_quotes(actor, ids)


async def _lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[QuoteLine]]:
    return await quotes.lines_of_versions(actor, ids)


async def _pdfs(actor: Actor, ids: list[uuid.UUID]) -> list[str | None]:
    found = await files.files_of_subjects(actor, "quote_version", ids)
    return [files.download_path(actor.settings, rows[-1]) if rows else None for rows in found]


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


async def _orders(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await orders.orders_by_id(actor, ids)


async def _quotes_of_orders(actor: Actor, ids: list[uuid.UUID]) -> list[Quote | None]:
    return await quotes.quotes_of_orders(actor, ids)


async def version_lines(info: Info, version_id: uuid.UUID) -> list[QuoteLine]:
    return await context_of(info).loader(_lines).load(version_id)


async def versions_of(info: Info, quote_id: uuid.UUID) -> list[QuoteVersion]:
    return await context_of(info).loader(_versions).load(quote_id)


async def pdf_url(info: Info, version_id: uuid.UUID) -> str | None:
    return await context_of(info).loader(_pdfs).load(version_id)


@strawberry.type(name="QuoteLine", description="One line of one version of a quote.")
class QuoteLineType:
    line_no: int = strawberry.field(description="Position in the version, from 1.")
    kind: LineKind = strawberry.field(description="One-off or recurring.")
    sku_id: strawberry.ID = strawberry.field(
        description="Global id of the Sku (a recurring line's: its plan's SKU)."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        description="Global id of the SubscriptionPlan of a recurring line."
    )
    billing_period: str | None = strawberry.field(
        description="A recurring line's billing period: MONTH, QUARTER or YEAR."
    )
    sku_code: str = strawberry.field(description="The SKU's code when priced.")
    description: str = strawberry.field(description="The SKU's or plan's name.")
    quantity: Decimal = strawberry.field(description="How many.")
    unit_price: MoneyType = strawberry.field(
        description="Unit price as the pricing engine gave it (per billing period for a "
        "recurring line)."
    )
    price_source: str = strawberry.field(description="The price rule, machine-readable.")
    price_source_label: str = strawberry.field(description="The price rule, for people.")
    discount_percent: Decimal = strawberry.field(description="Line discount in percent.")
    tax_rate: Decimal = strawberry.field(description="Tax rate (0.13 = 13 %).")
    net: MoneyType = strawberry.field(description="Price x quantity less the discount.")
    discount: MoneyType = strawberry.field(description="The discount's amount.")
    tax: MoneyType = strawberry.field(description="Tax on the net.")
    total: MoneyType = strawberry.field(description="Net plus tax.")

    @classmethod
    def of(cls, row: QuoteLine) -> QuoteLineType:
        return cls(
            line_no=row.line_no,
            kind=LineKind(row.kind),
            sku_id=id_of("Sku", row.sku_id),
            plan_id=optional_id_of("SubscriptionPlan", row.plan_id),
            billing_period=row.billing_period.upper() if row.billing_period else None,
            sku_code=row.sku_code,
            description=row.description,
            quantity=row.quantity,
            unit_price=money(row.unit_price, row.currency),
            price_source=row.price_source,
            price_source_label=row.price_source_label,
            discount_percent=row.discount_percent,
            tax_rate=row.tax_rate,
            net=money(row.line_subtotal, row.currency),
            discount=money(row.line_discount, row.currency),
            tax=money(row.line_tax, row.currency),
            total=money(row.line_total, row.currency),
        )


@strawberry.type(
    name="QuoteVersion",
    description="One version of a quote: what was offered. Frozen once sent; earlier "
    "versions stay readable with their PDF.",
)
class QuoteVersionType:
    version: int = strawberry.field(description="1 for the first, then one per revision.")
    valid_until: date = strawberry.field(description="The last day it could be accepted.")
    notes: str | None = strawberry.field(description="Notes printed on the quote.")
    subtotal: MoneyType = strawberry.field(description="Sum of the lines' gross.")
    discount_total: MoneyType = strawberry.field(description="Sum of the line discounts.")
    tax_total: MoneyType = strawberry.field(description="Sum of the lines' tax.")
    total: MoneyType = strawberry.field(
        description="Total with tax (recurring lines counted for one billing period)."
    )
    sent_at: datetime | None = strawberry.field(description="When it was sent (null: draft).")
    created_at: datetime = strawberry.field(description="When it was started.")
    row: strawberry.Private[QuoteVersion]

    @classmethod
    def of(cls, row: QuoteVersion) -> QuoteVersionType:
        return cls(
            version=row.version,
            valid_until=row.valid_until,
            notes=row.notes,
            subtotal=money(row.subtotal, row.currency),
            discount_total=money(row.discount_total, row.currency),
            tax_total=money(row.tax_total, row.currency),
            total=money(row.total, row.currency),
            sent_at=row.sent_at,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(description="The lines, by line number.")
    async def lines(self, info: Info) -> list[QuoteLineType]:
        return [QuoteLineType.of(row) for row in await version_lines(info, self.row.id)]

    @strawberry.field(
        description="Where the PDF sent to the customer is downloaded (a short-lived signed "
        "URL; null for a draft)."
    )
    async def pdf_url(self, info: Info) -> str | None:
        if self.row.pdf_file_id is None:
            return None
        return await pdf_url(info, self.row.id)


@strawberry.type(name="QuoteContractRequest", description="The contract an accepted quote creates.")
class ContractRequestType:
    template_id: strawberry.ID | None = strawberry.field(
        description="Global id of the ContractTemplate (null: the tenant's default)."
    )
    start_date: date | None = strawberry.field(description="When the contract starts.")
    initial_term_months: int | None = strawberry.field(description="Its first term.")
    renewal_type: RenewalType | None = strawberry.field(description="How it renews.")
    renewal_term_months: int | None = strawberry.field(description="Each renewal's term.")
    notice_days: int | None = strawberry.field(description="Notice before a term ends.")

    @classmethod
    def of(cls, row: Quote) -> ContractRequestType | None:
        if not row.contract_requested:
            return None
        return cls(
            template_id=optional_id_of("ContractTemplate", row.contract_template_id),
            start_date=row.contract_start_date,
            initial_term_months=row.contract_initial_term_months,
            renewal_type=RenewalType(row.contract_renewal_type)
            if row.contract_renewal_type
            else None,
            renewal_term_months=row.contract_renewal_term_months,
            notice_days=row.contract_notice_days,
        )


@strawberry.type(name="Quote", description="A priced offer to a customer, in versions.")
class QuoteType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Gapless per-tenant number, e.g. Q-000042.")
    status: QuoteStatus = strawberry.field(description="Where it stands.")
    current_version: int = strawberry.field(
        description="The version being drafted or the one sent."
    )
    valid_until: date = strawberry.field(description="The last day it may be accepted.")
    currency: str = strawberry.field(description="The customer's currency.")
    decline_reason: str | None = strawberry.field(description="Why the customer declined.")
    contract_request: ContractRequestType | None = strawberry.field(
        description="The contract acceptance creates (null: none)."
    )
    created_at: datetime = strawberry.field(description="When it was started.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    sent_at: datetime | None = strawberry.field(description="When it was first sent.")
    accepted_at: datetime | None = strawberry.field(description="When it was accepted.")
    accepted_by_customer: bool | None = strawberry.field(
        description="True when the customer accepted in the portal, false when staff "
        "accepted on their behalf (null before acceptance)."
    )
    accepted_version: int | None = strawberry.field(description="The version accepted.")
    declined_at: datetime | None = strawberry.field(description="When it was declined.")
    expired_at: datetime | None = strawberry.field(description="When it expired.")
    withdrawn_at: datetime | None = strawberry.field(description="When it was withdrawn.")
    subscription_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Subscription its acceptance started."
    )
    contract_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Contract its acceptance created."
    )
    row: strawberry.Private[Quote]

    @classmethod
    def of(cls, row: Quote) -> QuoteType:
        return cls(
            id=str(row.id),
            number=row.number,
            status=QuoteStatus(row.status),
            current_version=row.current_version,
            valid_until=row.valid_until,
            currency=row.currency,
            decline_reason=row.decline_reason,
            contract_request=ContractRequestType.of(row),
            created_at=row.created_at,
            updated_at=row.updated_at,
            sent_at=row.sent_at,
            accepted_at=row.accepted_at,
            accepted_by_customer=(row.accepted_by_kind == "portal")
            if row.accepted_by_kind
            else None,
            accepted_version=row.accepted_version,
            declined_at=row.declined_at,
            expired_at=row.expired_at,
            withdrawn_at=row.withdrawn_at,
            subscription_id=optional_id_of("Subscription", row.subscription_id),
            contract_id=optional_id_of("Contract", row.contract_id),
            row=row,
        )

    @strawberry.field(description="Every version, oldest first.")
    async def versions(self, info: Info) -> list[QuoteVersionType]:
        return [QuoteVersionType.of(row) for row in await versions_of(info, self.row.id)]

    @strawberry.field(description="The current version (being drafted, or the one sent).")
    async def current(self, info: Info) -> QuoteVersionType | None:
        rows = await versions_of(info, self.row.id)
        found = [row for row in rows if row.version == self.row.current_version]
        return QuoteVersionType.of(found[0]) if found else None

    @strawberry.field(description="The customer (null when out of your scope).")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.row.customer_id)
        return CustomerType.of(found) if found else None

    @strawberry.field(
        description="The order its acceptance created (null before, or without orders:read)."
    )
    async def order(self, info: Info) -> OrderType | None:
        if self.row.order_id is None:
            return None
        found = await context_of(info).loader(_orders).load(self.row.order_id)
        return OrderType.of(found) if found else None

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, quotes.quotes_by_id, cls.of, required)


async def quote_of_order(info: Info, order_id: uuid.UUID) -> QuoteType | None:
    """Order.quote (null without quotes:read)."""
    found = await context_of(info).loader(_quotes_of_orders).load(order_id)
    return QuoteType.of(found) if found else None


@strawberry.type(name="QuotePreviewLine", description="One line of the quote being entered.")
class PreviewLineType:
    kind: LineKind = strawberry.field(description="One-off or recurring.")
    sku_code: str | None = strawberry.field(description="The SKU's code (null: unknown).")
    description: str | None = strawberry.field(description="The SKU's or plan's name.")
    billing_period: str | None = strawberry.field(description="A plan's billing period.")
    unit_price: MoneyType | None = strawberry.field(description="Unit price (null: unpriced).")
    price_source: str | None = strawberry.field(description="The price rule, machine-readable.")
    price_source_label: str | None = strawberry.field(description="The price rule, for people.")
    tax_rate: Decimal | None = strawberry.field(description="Tax rate (0.13 = 13 %).")
    net: MoneyType | None = strawberry.field(description="Price x quantity less discount.")
    tax: MoneyType | None = strawberry.field(description="Tax on the net.")
    total: MoneyType | None = strawberry.field(description="Net plus tax.")

    @classmethod
    def of(cls, line: quotes.PricedLine, currency: str | None) -> PreviewLineType:
        def priced(amount: Decimal | None) -> MoneyType | None:
            return money(amount, currency) if amount is not None and currency else None

        amounts = line.amounts
        return cls(
            kind=line.kind,
            sku_code=line.sku_code,
            description=line.description,
            billing_period=line.plan.billing_period.upper() if line.plan else None,
            unit_price=priced(line.unit_price),
            price_source=line.price_source,
            price_source_label=line.price_source_label,
            tax_rate=line.tax_rate,
            net=priced(amounts.net if amounts else None),
            tax=priced(amounts.tax if amounts else None),
            total=priced(amounts.total if amounts else None),
        )


@strawberry.type(
    name="QuotePreviewApproval",
    description="An approval the quote's order would wait for if it were placed now.",
)
class PreviewApprovalType:
    level: str = strawberry.field(description="Who decides: FINANCE, MANAGER or DIRECTOR.")
    reasons: JSON = strawberry.field(
        description="Why: a list of {code, message, params}, as OrderPreviewApproval gives it."
    )


@strawberry.type(
    name="QuotePreview",
    description="What the quote being entered would cost, priced as an order entered now "
    "would be (the same price books, discount caps and approval rules).",
)
class QuotePreviewType:
    currency: str | None = strawberry.field(description="The customer's currency.")
    complete: bool = strawberry.field(description="Every line is priced.")
    lines: list[PreviewLineType] = strawberry.field(description="The lines, in input order.")
    subtotal: MoneyType | None = strawberry.field(description="Sum of the lines' gross.")
    discount_total: MoneyType | None = strawberry.field(description="Sum of the discounts.")
    tax_total: MoneyType | None = strawberry.field(description="Sum of the tax.")
    total: MoneyType | None = strawberry.field(
        description="Total with tax (recurring lines counted for one billing period)."
    )
    approvals: list[PreviewApprovalType] = strawberry.field(
        description="Approvals the order of this quote would wait for."
    )
    issues: list[UserErrorType] = error_list_field(
        QuoteError, "What saving would refuse, each on its field."
    )

    @classmethod
    def of(cls, pricing: quotes.QuotePricing) -> QuotePreviewType:
        currency = pricing.currency
        totals = pricing.totals

        def total(amount: Decimal | None) -> MoneyType | None:
            return money(amount, currency) if amount is not None and currency else None

        return cls(
            currency=currency,
            complete=pricing.complete,
            lines=[PreviewLineType.of(line, currency) for line in pricing.lines],
            subtotal=total(totals.subtotal if totals else None),
            discount_total=total(totals.discount_total if totals else None),
            tax_total=total(totals.tax_total if totals else None),
            total=total(totals.total if totals else None),
            approvals=[
                PreviewApprovalType(
                    level=need.level.upper(),
                    reasons=JSON(
                        [
                            {"code": r.code.upper(), "message": r.message, "params": r.params}
                            for r in need.reasons
                        ]
                    ),
                )
                for need in pricing.approvals
            ],
            issues=[UserErrorType.of(issue) for issue in pricing.issues],
        )


@strawberry.type(
    name="QuoteConversion",
    description="Quotes first sent in a period and how many of them were accepted.",
)
class QuoteConversionType:
    sent: int = strawberry.field(description="Quotes first sent in the period.")
    accepted: int = strawberry.field(description="Of those, how many were accepted.")
    rate: Decimal | None = strawberry.field(
        description="Accepted per sent, to four places (null when none was sent)."
    )

    @classmethod
    def of(cls, found: quotes.QuoteConversion) -> QuoteConversionType:
        return cls(sent=found.sent, accepted=found.accepted, rate=found.rate)
