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
import orders.services as orders
from core import access
from core.context import Actor
from core.errors import BusinessRuleError
from core.outbox import emit
from core.tenancy import PrincipalKind
from quotes import rules
from quotes.drafting import current_version, forget_due, now, summary
from quotes.errors import QuoteErrorCode
from quotes.events import QuoteAccepted, QuoteDeclined
from quotes.models import Quote, QuoteLine
from quotes.rules import LineKind, QuoteStatus, error
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
    raise BusinessRuleError(
        error(QuoteErrorCode.UNKNOWN_PLAN, "Subscriptions are not available yet.", "lines")
    )


async def _contract(
    actor: Actor, quote: Quote, order_id: uuid.UUID | None, subscription_id: uuid.UUID | None
) -> uuid.UUID | None:
    if not quote.contract_requested:
        return None
    raise BusinessRuleError(
        error(
            QuoteErrorCode.CONTRACT_TERMS_REQUIRED, "Contracts are not available yet.", "contract"
        )
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
