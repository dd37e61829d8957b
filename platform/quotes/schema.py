"""GraphQL operations for staff and integrators: the quotes list, one quote, the form's
live pricing, the conversion figure, and creating, editing, sending, revising,
withdrawing and accepting quotes on the customer's behalf (the types are in
`types_schema`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

import quotes.services as quotes
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    input_row_id,
    optional_input_row_id,
    payload_of,
    run_mutation,
)
from quotes.rules import LineKind, QuoteStatus, RenewalType
from quotes.types_schema import (
    QuoteConversionType,
    QuoteError,
    QuotePreviewType,
    QuoteType,
)


@strawberry.input(description="Which quotes to list; every filter given must match.")
class QuoteFilterInput:
    statuses: list[QuoteStatus] | None = strawberry.field(
        default=None, description="Only quotes in one of these statuses."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )
    number: str | None = strawberry.field(default=None, description="Only this number.")


@strawberry.input(description="One line of a quote: a one-off SKU or a recurring plan.")
class QuoteLineInput:
    kind: LineKind = strawberry.field(description="ONE_OFF (skuId) or RECURRING (planId).")
    sku_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the Sku of a one-off line."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the SubscriptionPlan of a recurring line."
    )
    quantity: Decimal | None = strawberry.field(default=None, description="How many.")
    discount_percent: Decimal = strawberry.field(
        default=Decimal(0), description="Line discount in percent, within your role's cap."
    )


@strawberry.input(description="The contract an accepted quote creates.")
class QuoteContractInput:
    template_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the ContractTemplate; null: the default."
    )
    start_date: date | None = strawberry.field(default=None, description="Start date.")
    initial_term_months: int | None = strawberry.field(
        default=None, description="The first term, in months."
    )
    renewal_type: RenewalType | None = strawberry.field(default=None, description="Renewal.")
    renewal_term_months: int | None = strawberry.field(
        default=None, description="Each renewal's term, in months."
    )
    notice_days: int | None = strawberry.field(
        default=None, description="Notice before a term ends, in days."
    )


@strawberry.input(description="A new quote for a customer.")
class CreateQuoteInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    lines: list[QuoteLineInput] = strawberry.field(description="What is offered.")
    valid_until: date | None = strawberry.field(
        default=None, description="Last day it may be accepted; default 30 days from today."
    )
    notes: str | None = strawberry.field(default=None, description="Printed on the quote.")
    contract: QuoteContractInput | None = strawberry.field(
        default=None, description="The contract acceptance creates; null: none."
    )
    renewal_of_subscription_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the Subscription whose renewal it offers."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Repeat the call with the same key and input to get the same quote.",
    )


@strawberry.input(description="A draft quote's new content (the customer stays).")
class UpdateQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="Global id of the Quote.")
    lines: list[QuoteLineInput] = strawberry.field(description="What is offered.")
    valid_until: date | None = strawberry.field(
        default=None, description="Last day it may be accepted; null keeps it."
    )
    notes: str | None = strawberry.field(default=None, description="Printed on the quote.")
    contract: QuoteContractInput | None = strawberry.field(
        default=None, description="The contract acceptance creates; null: none."
    )


@strawberry.input(description="The quote being entered, to price it live.")
class QuotePreviewInput:
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the Customer (null: no prices yet)."
    )
    lines: list[QuoteLineInput] = strawberry.field(description="The lines so far.")


@strawberry.input(description="The quote to act on.")
class QuoteActionInput:
    quote_id: strawberry.ID = strawberry.field(description="Global id of the Quote.")


@strawberry.input(description="Accept a quote on the customer's behalf.")
class AcceptQuoteForCustomerInput:
    quote_id: strawberry.ID = strawberry.field(description="Global id of the Quote.")
    version: int = strawberry.field(
        description="The version the customer agreed to (QUOTE_SUPERSEDED if not current)."
    )


@strawberry.type(description="Result of a quote mutation.")
class QuotePayload:
    quote: QuoteType | None = strawberry.field(description="The quote after the mutation.")
    user_errors: list[UserErrorType] = error_list_field(QuoteError)


def _line(line: QuoteLineInput) -> quotes.QuoteLineInput:
    return quotes.QuoteLineInput(
        kind=line.kind,
        sku_id=optional_input_row_id(line.sku_id, "Sku"),
        plan_id=optional_input_row_id(line.plan_id, "SubscriptionPlan"),
        quantity=line.quantity,
        discount_percent=line.discount_percent,
    )


def _contract(data: QuoteContractInput | None) -> quotes.ContractRequest | None:
    if data is None:
        return None
    return quotes.ContractRequest(
        template_id=optional_input_row_id(data.template_id, "ContractTemplate"),
        start_date=data.start_date,
        initial_term_months=data.initial_term_months,
        renewal_type=data.renewal_type,
        renewal_term_months=data.renewal_term_months,
        notice_days=data.notice_days,
    )


def _filter(flt: QuoteFilterInput | None) -> quotes.QuoteFilter:
    if flt is None:
        return quotes.QuoteFilter()
    return quotes.QuoteFilter(
        statuses=tuple(flt.statuses or ()),
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        number=flt.number,
    )


async def _act(info: Info, quote_id: strawberry.ID, act: Any) -> QuotePayload:
    row_id = decode_id(quote_id, "Quote")
    outcome = await run_mutation(info, lambda actor: act(actor, row_id))
    return payload_of(QuotePayload, outcome, QuoteType.of)


@strawberry.type
class Query:
    @strawberry.field(description="Quotes of customers in your data scope, newest first.")
    async def quotes(
        self,
        info: Info,
        filter: Annotated[
            QuoteFilterInput | None, strawberry.argument(description="Which quotes.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[QuoteType]:
        actor = await context_of(info).reader()
        page = await quotes.list_quotes(actor, _filter(filter), first, after)
        return to_connection(page, QuoteType.of)

    @strawberry.field(description="One quote by its global id; null when out of reach.")
    async def quote(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the Quote.")],
    ) -> QuoteType | None:
        try:
            row_id = decode_id(id, "Quote")
        except NotFound:
            return None
        [found] = await quotes.quotes_by_id(await context_of(info).reader(), [row_id])
        return QuoteType.of(found) if found else None

    @strawberry.field(
        description="Price the quote being entered as an order entered now would be "
        "(quotes:write and orders:write): nothing is saved."
    )
    async def quote_preview(self, info: Info, input: QuotePreviewInput) -> QuotePreviewType:
        actor = await context_of(info).reader()
        pricing = await quotes.price_quote(
            actor,
            optional_input_row_id(input.customer_id, "Customer"),
            [_line(line) for line in input.lines],
        )
        return QuotePreviewType.of(pricing)

    @strawberry.field(
        description="Quote-to-order conversion (quotes:read): quotes first sent in "
        "[from, to) and how many of them were accepted."
    )
    async def quote_conversion(
        self,
        info: Info,
        from_: Annotated[
            datetime, strawberry.argument(name="from", description="Start (included).")
        ],
        to: Annotated[datetime, strawberry.argument(description="End (excluded).")],
    ) -> QuoteConversionType:
        actor = await context_of(info).reader()
        return QuoteConversionType.of(await quotes.quote_conversion(actor, from_, to))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start a quote for a customer (quotes:write): version 1, a draft, its "
        "lines priced by the pricing engine orders use."
    )
    async def create_quote(self, info: Info, input: CreateQuoteInput) -> QuotePayload:
        draft = quotes.QuoteDraft(
            customer_id=input_row_id(input.customer_id, "Customer"),
            lines=[_line(line) for line in input.lines],
            valid_until=input.valid_until,
            notes=input.notes,
            contract=_contract(input.contract),
            renewal_of_subscription_id=optional_input_row_id(
                input.renewal_of_subscription_id, "Subscription"
            ),
            idempotency_key=(input.idempotency_key or "").strip() or None,
        )
        outcome = await run_mutation(info, lambda actor: quotes.create_quote(actor, draft))
        return payload_of(QuotePayload, outcome, QuoteType.of)

    @strawberry.mutation(
        description="Replace a draft quote's lines, validity, notes and contract request "
        "(quotes:write); a sent quote is revised first (NOT_A_DRAFT)."
    )
    async def update_quote(self, info: Info, input: UpdateQuoteInput) -> QuotePayload:
        draft = quotes.QuoteDraft(
            customer_id=None,
            lines=[_line(line) for line in input.lines],
            valid_until=input.valid_until,
            notes=input.notes,
            contract=_contract(input.contract),
        )

        async def update(actor: Actor, row_id: Any) -> Any:
            return await quotes.update_quote(actor, row_id, draft)

        return await _act(info, input.quote_id, update)

    @strawberry.mutation(
        description="Send the draft version to the customer (quotes:write): frozen, drawn "
        "as a PDF, emailed with a link to accept it in the portal."
    )
    async def send_quote(self, info: Info, input: QuoteActionInput) -> QuotePayload:
        return await _act(info, input.quote_id, quotes.send_quote)

    @strawberry.mutation(
        description="Revise a sent (or declined, expired, withdrawn) quote into its next "
        "version, a draft copy (quotes:write); earlier versions stay readable."
    )
    async def revise_quote(self, info: Info, input: QuoteActionInput) -> QuotePayload:
        return await _act(info, input.quote_id, quotes.revise_quote)

    @strawberry.mutation(
        description="Withdraw a sent quote (quotes:write): it can no longer be accepted."
    )
    async def withdraw_quote(self, info: Info, input: QuoteActionInput) -> QuotePayload:
        return await _act(info, input.quote_id, quotes.withdraw_quote)

    @strawberry.mutation(
        description="Accept a sent quote on the customer's behalf (quotes:write): its "
        "one-off lines become an order, its recurring lines a subscription, and a requested "
        "contract is created, all at once or not at all. The quote records who accepted."
    )
    async def accept_quote_for_customer(
        self, info: Info, input: AcceptQuoteForCustomerInput
    ) -> QuotePayload:
        answer = quotes.Answer(decode_id(input.quote_id, "Quote"), input.version)
        outcome = await run_mutation(
            info, lambda actor: quotes.accept_quote_for_customer(actor, answer)
        )
        return payload_of(QuotePayload, outcome, QuoteType.of)
