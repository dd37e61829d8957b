"""Answering a sent quote: the customer's contact accepts or declines it in the portal, or
staff accept it on the customer's behalf. Acceptance converts the quote in the caller's one
transaction, the quote row locked first (two acceptances at once: the second waits, then
finds it accepted): one-off lines become an order (channel quote, the quote's prices and
discounts agreed), recurring lines a subscription, and a requested contract is created
bound to both. Any step refusing rolls back every step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import audit.services as audit
import catalog.services as catalog
import contracts.services as contracts
import orders.services as orders
import subscriptions.services as subscriptions
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.outbox import emit
from core.tenancy import PrincipalKind
from quotes import rules
from quotes.drafting import (
    ContractRequest,
    contract_errors,
    current_version,
    forget_due,
    now,
    summary,
)
from quotes.errors import QuoteErrorCode
from quotes.events import QuoteAccepted, QuoteDeclined
from quotes.models import Quote, QuoteLine
from quotes.rules import LineKind, QuoteStatus, RenewalType, error
from quotes.sending import version_lines


@dataclass(frozen=True)
class Answer:
    """Which quote, and the version the customer was shown (QUOTE_SUPERSEDED when a newer
    one exists)."""

    quote_id: uuid.UUID
    version: int


@dataclass(frozen=True)
class Conversion:
    """What an acceptance created."""

    order_id: uuid.UUID | None
    subscription_id: uuid.UUID | None
    contract_id: uuid.UUID | None


async def _locked(actor: Actor, quote_id: uuid.UUID) -> Quote:
    """The quote, locked: a portal contact their own customer's, staff within their scope
    with quotes:write."""
    portal = actor.require_principal().kind is PrincipalKind.PORTAL
    action = access.PORTAL if portal else "write"
    return await access.get_scoped(actor, Quote, quote_id, action, lock=True)


async def check_answerable(actor: Actor, quote: Quote, shown_version: int) -> None:
    """The quote is sent, valid today and the version shown is its current one."""
    if quote.status == QuoteStatus.ACCEPTED.value:
        raise BusinessRuleError(
            error(
                QuoteErrorCode.ALREADY_ACCEPTED,
                f"Quote {quote.number} has been accepted.",
                "quoteId",
            )
        )
    if shown_version != quote.current_version:
        raise BusinessRuleError(
            error(
                QuoteErrorCode.QUOTE_SUPERSEDED,
                f"Quote {quote.number} has a newer version; read it first.",
                "version",
                current=str(quote.current_version),
            )
        )
    status = QuoteStatus(quote.status)
    today = await catalog.today(actor)
    if status is QuoteStatus.EXPIRED or (
        status is QuoteStatus.SENT and rules.is_past_validity(quote.valid_until, today)
    ):
        raise BusinessRuleError(
            error(
                QuoteErrorCode.QUOTE_EXPIRED,
                f"Quote {quote.number} was valid until {quote.valid_until.isoformat()}.",
                "quoteId",
                validUntil=quote.valid_until.isoformat(),
            )
        )
    refusals = {
        QuoteStatus.DECLINED: (QuoteErrorCode.ALREADY_DECLINED, "has been declined"),
        QuoteStatus.WITHDRAWN: (QuoteErrorCode.QUOTE_WITHDRAWN, "was withdrawn"),
        QuoteStatus.DRAFT: (QuoteErrorCode.NOT_SENT, "is being revised"),
    }
    if status in refusals:
        code, words = refusals[status]
        raise BusinessRuleError(error(code, f"Quote {quote.number} {words}.", "quoteId"))


async def _order(actor: Actor, quote: Quote, lines: list[QuoteLine]) -> uuid.UUID | None:
    one_off = [line for line in lines if line.kind == LineKind.ONE_OFF.value]
    if not one_off:
        return None
    order = await orders.create_sourced_order(
        actor,
        orders.NewOrder(
            customer_id=quote.customer_id,
            channel="quote",
            submit=True,
            allow_backorder=True,
            external_ref=None,
            notes=f"Quote {quote.number} v{quote.current_version}",
            idempotency_key=f"quote:{quote.id}",
            lines=[
                orders.NewLine(
                    line.sku_id,
                    line.quantity,
                    line.discount_percent,
                    orders.AgreedPrice(line.unit_price, line.price_source, line.price_source_label),
                )
                for line in one_off
            ],
        ),
    )
    return order.id


async def _subscription(actor: Actor, quote: Quote, lines: list[QuoteLine]) -> uuid.UUID | None:
    recurring = [line for line in lines if line.kind == LineKind.RECURRING.value]
    if not recurring:
        return None
    today = await catalog.today(actor)
    start = max(quote.contract_start_date or today, today)
    try:
        return await subscriptions.start_subscription_for_quote(
            actor,
            subscriptions.QuoteSubscription(
                customer_id=quote.customer_id,
                quote_id=quote.id,
                start_date=start,
                lines=[
                    subscriptions.QuoteSubscriptionLine(
                        plan_id=line.plan_id,
                        quantity=line.quantity,
                        unit_price=line.unit_price,
                        discount_percent=line.discount_percent,
                    )
                    for line in recurring
                    if line.plan_id is not None
                ],
            ),
        )
    except BusinessRuleError as refused:
        raise BusinessRuleError(*_on_quote_lines(refused.errors, recurring)) from refused


def _on_quote_lines(errors: list[UserError], recurring: list[QuoteLine]) -> list[UserError]:
    """Subscriptions numbers the recurring lines from 0; put its errors on the quote's."""
    placed = []
    for issue in errors:
        path = issue.field
        if path and len(path) > 1 and path[0] == "lines" and path[1].isdigit():
            index = int(path[1])
            if index < len(recurring):
                path = ("lines", str(recurring[index].line_no - 1), *path[2:])
        placed.append(UserError(issue.code, issue.message, path, issue.params))
    return placed


async def _contract(
    actor: Actor, quote: Quote, order_id: uuid.UUID | None, subscription_id: uuid.UUID | None
) -> uuid.UUID | None:
    if not quote.contract_requested:
        return None
    start, term = quote.contract_start_date, quote.contract_initial_term_months
    renewal, notice = quote.contract_renewal_type, quote.contract_notice_days
    if start is None or term is None or renewal is None or notice is None:
        raise BusinessRuleError(*contract_errors(_request_of(quote)))
    return await contracts.create_contract_for_quote(
        actor,
        contracts.QuoteContract(
            customer_id=quote.customer_id,
            quote_id=quote.id,
            quote_number=quote.number,
            template_id=quote.contract_template_id,
            start_date=start,
            initial_term_months=term,
            renewal_type=contracts.RenewalType(renewal),
            renewal_term_months=quote.contract_renewal_term_months,
            notice_days=notice,
            order_ids=[order_id] if order_id else [],
            subscription_ids=[subscription_id] if subscription_id else [],
            field_prefix=("contract",),
        ),
    )


def _request_of(quote: Quote) -> ContractRequest:
    renewal = quote.contract_renewal_type
    return ContractRequest(
        template_id=quote.contract_template_id,
        start_date=quote.contract_start_date,
        initial_term_months=quote.contract_initial_term_months,
        renewal_type=RenewalType(renewal) if renewal else None,
        renewal_term_months=quote.contract_renewal_term_months,
        notice_days=quote.contract_notice_days,
    )


async def convert(actor: Actor, quote: Quote) -> Conversion:
    """The order, subscription and contract of an accepted quote, in the caller's
    transaction (each step raises BusinessRuleError to roll every step back)."""
    version = await current_version(actor, quote)
    lines = await version_lines(actor, version)
    order_id = await _order(actor, quote, lines)
    subscription_id = await _subscription(actor, quote, lines)
    contract_id = await _contract(actor, quote, order_id, subscription_id)
    return Conversion(order_id, subscription_id, contract_id)


async def _accept(actor: Actor, answer: Answer) -> Quote:
    principal = actor.require_principal()
    quote = await _locked(actor, answer.quote_id)
    await check_answerable(actor, quote, answer.version)
    before = summary(quote)
    made = await convert(actor, quote)
    quote.order_id, quote.subscription_id = made.order_id, made.subscription_id
    quote.contract_id = made.contract_id
    quote.status = QuoteStatus.ACCEPTED.value
    quote.accepted_at = quote.updated_at = now()
    quote.accepted_by_kind = principal.kind.value
    quote.accepted_by_id = principal.subject_id
    quote.accepted_version = quote.current_version
    await forget_due(actor, quote.id)
    await actor.session.flush()
    await audit.record(
        actor, "quotes.accept", "quote", quote.id, before=before, after=summary(quote)
    )
    await emit(
        actor,
        QuoteAccepted(
            quote_id=quote.id,
            number=quote.number,
            customer_id=quote.customer_id,
            version=quote.current_version,
            order_id=made.order_id,
            subscription_id=made.subscription_id,
            contract_id=made.contract_id,
        ),
    )
    return quote


async def portal_accept_quote(actor: Actor, answer: Answer) -> Quote:
    """The signed-in contact accepts one of their customer's sent quotes."""
    actor.require_portal()
    return await _accept(actor, answer)


async def accept_quote_for_customer(actor: Actor, answer: Answer) -> Quote:
    """Staff accept a sent quote on the customer's behalf (quotes:write); the quote keeps
    who accepted it."""
    await actor.require("quotes", "write")
    return await _accept(actor, answer)


async def portal_decline_quote(actor: Actor, answer: Answer, reason: str) -> Quote:
    """The signed-in contact declines one of their customer's sent quotes, saying why."""
    actor.require_portal()
    errors = rules.check_decline_reason(reason)
    if errors:
        raise BusinessRuleError(*errors)
    quote = await _locked(actor, answer.quote_id)
    await check_answerable(actor, quote, answer.version)
    before = summary(quote)
    quote.status = QuoteStatus.DECLINED.value
    quote.decline_reason = reason.strip()
    quote.declined_at = quote.updated_at = now()
    await forget_due(actor, quote.id)
    await actor.session.flush()
    await audit.record(
        actor, "quotes.decline", "quote", quote.id, before=before, after=summary(quote)
    )
    await emit(
        actor,
        QuoteDeclined(
            quote_id=quote.id,
            number=quote.number,
            customer_id=quote.customer_id,
            version=quote.current_version,
            reason=quote.decline_reason,
        ),
    )
    return quote
