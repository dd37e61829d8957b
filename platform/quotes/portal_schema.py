"""GraphQL for the portal: the signed-in contact's customer's sent quotes with every sent
version (lines, totals, PDF), and accepting or declining one. Drafts, staff names and
unsent versions never appear here; ids are plain row ids, as elsewhere in the portal."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

import orders.services as orders
import quotes.services as quotes
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import NO_ROW, UserErrorType, error_list_field, payload_of, run_mutation
from quotes.models import Quote, QuoteLine, QuoteVersion
from quotes.rules import LineKind, QuoteStatus
from quotes.types_schema import QuoteError, money, pdf_url, version_lines, versions_of


def _row_id(value: strawberry.ID | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


async def _order_numbers(actor: Actor, ids: list[uuid.UUID]) -> list[str | None]:
    """Numbers of orders of quotes the contact already reached (a DataLoader batch); only
    their own customer's are given back."""
    customer_id = actor.require_portal().customer_id
    found = {
        order.id: order.number
        for order in await orders.orders_for_system(actor, ids)
        if order.customer_id == customer_id
    }
    return [found.get(i) for i in ids]


@strawberry.type(name="CustomerQuoteLine", description="One line of a quote sent to you.")
class PortalQuoteLineType:
    line_no: int = strawberry.field(description="Position, from 1.")
    kind: LineKind = strawberry.field(description="One-off or recurring.")
    sku_code: str = strawberry.field(description="The product's code.")
    description: str = strawberry.field(description="The product's or plan's name.")
    billing_period: str | None = strawberry.field(
        description="How often a recurring line is charged: MONTH, QUARTER or YEAR."
    )
    quantity: str = strawberry.field(description="How many.")
    unit_price: MoneyType = strawberry.field(description="Unit price (per billing period).")
    discount_percent: str = strawberry.field(description="Discount in percent.")
    total: MoneyType = strawberry.field(description="Line total with tax.")

    @classmethod
    def of(cls, row: QuoteLine) -> PortalQuoteLineType:
        return cls(
            line_no=row.line_no,
            kind=LineKind(row.kind),
            sku_code=row.sku_code,
            description=row.description,
            billing_period=row.billing_period.upper() if row.billing_period else None,
            quantity=f"{row.quantity.normalize():f}",
            unit_price=money(row.unit_price, row.currency),
            discount_percent=f"{row.discount_percent.normalize():f}",
            total=money(row.line_total, row.currency),
        )


@strawberry.type(name="CustomerQuoteVersion", description="One version of a quote sent to you.")
class PortalQuoteVersionType:
    version: int = strawberry.field(description="Its number; answer naming it.")
    valid_until: date = strawberry.field(description="The last day it may be accepted.")
    notes: str | None = strawberry.field(description="Notes from the seller.")
    subtotal: MoneyType = strawberry.field(description="Before discounts and tax.")
    tax_total: MoneyType = strawberry.field(description="Tax.")
    total: MoneyType = strawberry.field(
        description="Total with tax (recurring lines for one billing period)."
    )
    sent_at: datetime | None = strawberry.field(description="When it was sent to you.")
    row: strawberry.Private[QuoteVersion]

    @classmethod
    def of(cls, row: QuoteVersion) -> PortalQuoteVersionType:
        return cls(
            version=row.version,
            valid_until=row.valid_until,
            notes=row.notes,
            subtotal=money(row.subtotal, row.currency),
            tax_total=money(row.tax_total, row.currency),
            total=money(row.total, row.currency),
            sent_at=row.sent_at,
            row=row,
        )

    @strawberry.field(description="The lines.")
    async def lines(self, info: Info) -> list[PortalQuoteLineType]:
        return [PortalQuoteLineType.of(row) for row in await version_lines(info, self.row.id)]

    @strawberry.field(description="Where to download this version's PDF (a short-lived link).")
    async def pdf_url(self, info: Info) -> str | None:
        return await pdf_url(info, self.row.id)


@strawberry.type(name="CustomerQuote", description="A quote sent to you.")
class PortalQuoteType:
    id: strawberry.ID = strawberry.field(description="Pass it to myQuote.")
    number: str = strawberry.field(description="The quote's number (Q-000042).")
    status: QuoteStatus = strawberry.field(
        description="Where it stands; DRAFT means the seller is preparing a new version."
    )
    current_version: int = strawberry.field(
        description="The version that can be answered (when SENT)."
    )
    valid_until: date = strawberry.field(description="The last day it may be accepted.")
    decline_reason: str | None = strawberry.field(description="Why you declined it.")
    sent_at: datetime | None = strawberry.field(description="When it was first sent.")
    accepted_at: datetime | None = strawberry.field(description="When it was accepted.")
    declined_at: datetime | None = strawberry.field(description="When it was declined.")
    order_id: strawberry.ID | None = strawberry.field(
        description="The PortalOrder its acceptance created (its id)."
    )
    subscription_id: strawberry.ID | None = strawberry.field(
        description="The subscription its acceptance started (its id)."
    )
    contract_id: strawberry.ID | None = strawberry.field(
        description="The contract its acceptance created, to sign (its id)."
    )
    row: strawberry.Private[Quote]

    @classmethod
    def of(cls, row: Quote) -> PortalQuoteType:
        def plain(value: uuid.UUID | None) -> strawberry.ID | None:
            return strawberry.ID(str(value)) if value else None

        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            status=QuoteStatus(row.status),
            current_version=row.current_version,
            valid_until=row.valid_until,
            decline_reason=row.decline_reason,
            sent_at=row.sent_at,
            accepted_at=row.accepted_at,
            declined_at=row.declined_at,
            order_id=plain(row.order_id),
            subscription_id=plain(row.subscription_id),
            contract_id=plain(row.contract_id),
            row=row,
        )

    @strawberry.field(description="Every version sent to you, oldest first.")
    async def versions(self, info: Info) -> list[PortalQuoteVersionType]:
        return [PortalQuoteVersionType.of(row) for row in await versions_of(info, self.row.id)]

    @strawberry.field(description="The latest version sent to you.")
    async def latest(self, info: Info) -> PortalQuoteVersionType | None:
        rows = await versions_of(info, self.row.id)
        return PortalQuoteVersionType.of(rows[-1]) if rows else None

    @strawberry.field(description="The number of the order its acceptance created.")
    async def order_number(self, info: Info) -> str | None:
        if self.row.order_id is None:
            return None
        return await context_of(info).loader(_order_numbers).load(self.row.order_id)


@strawberry.input(description="Accept a quote sent to you.")
class AcceptQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="The CustomerQuote's id.")
    version: int = strawberry.field(
        description="The version you read (QUOTE_SUPERSEDED when a newer one exists)."
    )


@strawberry.input(description="Decline a quote sent to you.")
class DeclineQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="The CustomerQuote's id.")
    version: int = strawberry.field(description="The version you read.")
    reason: str = strawberry.field(description="Why (the seller is told).")


@strawberry.type(description="Result of acceptQuote or declineQuote.")
class PortalQuotePayload:
    quote: PortalQuoteType | None = strawberry.field(description="The quote after it.")
    user_errors: list[UserErrorType] = error_list_field(QuoteError)


@strawberry.type
class Query:
    @strawberry.field(description="Quotes sent to your company, newest first.")
    async def my_quotes(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[PortalQuoteType]:
        actor = await context_of(info).reader()
        return to_connection(await quotes.portal_quotes(actor, first, after), PortalQuoteType.of)

    @strawberry.field(description="One quote sent to your company; null when not yours.")
    async def my_quote(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The CustomerQuote's id.")],
    ) -> PortalQuoteType | None:
        found = await quotes.portal_quote(await context_of(info).reader(), _row_id(id))
        return PortalQuoteType.of(found) if found else None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Accept a quote sent to you: its items become an order, its plans a "
        "subscription, and a contract to sign is created when the quote asks for one."
    )
    async def accept_quote(self, info: Info, input: AcceptQuoteInput) -> PortalQuotePayload:
        answer = quotes.Answer(_row_id(input.quote_id), input.version)
        outcome = await run_mutation(info, lambda actor: quotes.portal_accept_quote(actor, answer))
        return payload_of(PortalQuotePayload, outcome, PortalQuoteType.of)

    @strawberry.mutation(description="Decline a quote sent to you, saying why.")
    async def decline_quote(self, info: Info, input: DeclineQuoteInput) -> PortalQuotePayload:
        answer = quotes.Answer(_row_id(input.quote_id), input.version)
        outcome = await run_mutation(
            info, lambda actor: quotes.portal_decline_quote(actor, answer, input.reason)
        )
        return payload_of(PortalQuotePayload, outcome, PortalQuoteType.of)
