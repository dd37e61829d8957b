"""Drafting quotes: creating one (version 1), editing its draft, revising a sent quote into
the next draft version and withdrawing a sent quote. Lines are priced on save by the
pricing engine orders use; a draft with any issue is not saved (nothing is written)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select, text

import audit.services as audit
import catalog.services as catalog
import contracts.services as contracts
import subscriptions.services as subscriptions
from core import access
from core.context import Actor
from core.counters import GaplessCounter
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit
from quotes import rules
from quotes.errors import QuoteErrorCode
from quotes.events import QuoteWithdrawn
from quotes.models import Quote, QuoteExpiryDue, QuoteLine, QuoteVersion
from quotes.pricing import PricedLine, QuoteLineInput, QuotePricing, check_complete, price_quote
from quotes.rules import QuoteStatus, RenewalType, error

_NUMBERS = GaplessCounter("quote_number_counters")


@dataclass(frozen=True)
class ContractRequest:
    """The contract an accepted quote asks for: terms as contracts takes them; the
    template None is the tenant's default."""

    template_id: uuid.UUID | None
    start_date: date | None
    initial_term_months: int | None
    renewal_type: RenewalType | None
    renewal_term_months: int | None
    notice_days: int | None


@dataclass(frozen=True)
class QuoteDraft:
    """A quote as the form saves it."""

    customer_id: uuid.UUID | None
    lines: Sequence[QuoteLineInput]
    valid_until: date | None = None
    notes: str | None = None
    contract: ContractRequest | None = None
    renewal_of_subscription_id: uuid.UUID | None = None
    extra_errors: list[UserError] = field(default_factory=list)
    # createQuote only: the same key with the same draft returns the first quote.
    idempotency_key: str | None = None


def now() -> datetime:
    return datetime.now(UTC)


def _raise_if(errors: Sequence[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def contract_errors(request: ContractRequest | None) -> list[UserError]:
    """Every term a contract needs is given (the template may be left to the default; a
    renewal term only for renewing types), and contracts accepts the terms."""
    if request is None:
        return []
    missing = _missing_terms(request)
    if missing or request.start_date is None or request.initial_term_months is None:
        return missing
    if request.renewal_type is None or request.notice_days is None:
        return missing
    return contracts.check_terms(
        request.start_date,
        request.initial_term_months,
        request.notice_days,
        contracts.RenewalType(request.renewal_type.value),
        request.renewal_term_months,
        ("contract",),
    )


async def template_errors(actor: Actor, request: ContractRequest | None) -> list[UserError]:
    """The named template is one of the tenant's (None: the default one)."""
    if request is None or request.template_id is None:
        return []
    known = {template.id for template in await contracts.contract_templates(actor)}
    if request.template_id in known:
        return []
    return [
        error(
            QuoteErrorCode.UNKNOWN_TEMPLATE, "No such contract template.", "contract", "templateId"
        )
    ]


async def _renewal_errors(actor: Actor, draft: QuoteDraft) -> list[UserError]:
    """A renewal quote names one of the customer's subscriptions."""
    if draft.renewal_of_subscription_id is None:
        return []
    [found] = await subscriptions.subscriptions_by_id(actor, [draft.renewal_of_subscription_id])
    if found is not None and found.customer_id == draft.customer_id:
        return []
    return [
        error(
            QuoteErrorCode.UNKNOWN_SUBSCRIPTION,
            "No such subscription of the customer.",
            "renewalOfSubscriptionId",
        )
    ]


def _missing_terms(request: ContractRequest) -> list[UserError]:
    needed: dict[str, object] = {
        "startDate": request.start_date,
        "initialTermMonths": request.initial_term_months,
        "renewalType": request.renewal_type,
        "noticeDays": request.notice_days,
    }
    return [
        error(
            QuoteErrorCode.CONTRACT_TERMS_REQUIRED,
            "Give the contract's terms.",
            "contract",
            name,
        )
        for name, value in needed.items()
        if value is None
    ]


async def _checked(actor: Actor, draft: QuoteDraft) -> tuple[QuotePricing, date]:
    pricing = await price_quote(actor, draft.customer_id, draft.lines)
    today = await catalog.today(actor)
    errors = [*draft.extra_errors, *check_complete(pricing)]
    if draft.customer_id is None or pricing.currency is None:
        errors.insert(
            0, error(QuoteErrorCode.UNKNOWN_CUSTOMER, "Choose the customer.", "customerId")
        )
    if draft.valid_until is not None:
        errors += rules.check_validity(draft.valid_until, today)
    errors += rules.check_notes(draft.notes)
    errors += contract_errors(draft.contract)
    errors += await template_errors(actor, draft.contract)
    errors += await _renewal_errors(actor, draft)
    _raise_if(errors)
    return pricing, today


def _contract_columns(request: ContractRequest | None) -> dict[str, Any]:
    return {
        "contract_requested": request is not None,
        "contract_template_id": request.template_id if request else None,
        "contract_start_date": request.start_date if request else None,
        "contract_initial_term_months": request.initial_term_months if request else None,
        "contract_renewal_type": request.renewal_type.value
        if request and request.renewal_type
        else None,
        "contract_renewal_term_months": request.renewal_term_months if request else None,
        "contract_notice_days": request.notice_days if request else None,
    }


def _line_rows(quote: Quote, version: QuoteVersion, lines: list[PricedLine]) -> list[QuoteLine]:
    rows = []
    for number, line in enumerate(lines, 1):
        assert line.amounts is not None and line.sku_id is not None  # a complete pricing
        assert line.quantity is not None and line.unit_price is not None
        rows.append(
            QuoteLine(
                tenant_id=quote.tenant_id,
                id=new_id(),
                quote_id=quote.id,
                version_id=version.id,
                customer_id=quote.customer_id,
                line_no=number,
                kind=line.kind.value,
                sku_id=line.sku_id,
                plan_id=line.plan.id if line.plan else None,
                billing_period=line.plan.billing_period if line.plan else None,
                sku_code=line.sku_code or "",
                description=(line.description or "")[:300],
                currency=quote.currency,
                quantity=line.quantity,
                unit_price=line.unit_price,
                price_source=line.price_source or "",
                price_source_label=line.price_source_label or "",
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate or rules.ZERO,
                line_subtotal=line.amounts.net,
                line_discount=line.amounts.discount,
                line_tax=line.amounts.tax,
                line_total=line.amounts.total,
            )
        )
    return rows


def _set_totals(version: QuoteVersion, pricing: QuotePricing) -> None:
    totals = pricing.totals
    assert totals is not None  # a complete pricing has totals
    version.subtotal, version.discount_total = totals.subtotal, totals.discount_total
    version.tax_total, version.total = totals.tax_total, totals.total


def summary(quote: Quote) -> dict[str, Any]:
    """What the audit log keeps of a quote."""
    return {
        "number": quote.number,
        "status": quote.status,
        "version": quote.current_version,
        "validUntil": quote.valid_until.isoformat(),
        "customerId": str(quote.customer_id),
    }


def _request_hash(draft: QuoteDraft) -> str:
    """A digest of the draft as asked for: the same draft sent twice hashes the same."""
    normal = asdict(draft)
    normal["idempotency_key"] = None
    normal["extra_errors"] = None
    encoded = json.dumps(normal, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


async def _replayed(actor: Actor, draft: QuoteDraft) -> Quote | None:
    """The quote an earlier createQuote with this key made, when the draft is the same;
    IDEMPOTENCY_KEY_REUSED when it differs. Requests with one key queue on a transaction
    lock, so the second sees the first's quote once it commits."""
    key = draft.idempotency_key
    if key is None:
        return None
    if len(key) > rules.MAX_IDEMPOTENCY_KEY:
        raise BusinessRuleError(
            error(
                QuoteErrorCode.IDEMPOTENCY_KEY_TOO_LONG,
                f"Keep the idempotency key to {rules.MAX_IDEMPOTENCY_KEY} characters.",
                "idempotencyKey",
            )
        )
    await actor.session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"quotes:{actor.tenant_id}:{key}"},
    )
    earlier = await actor.session.scalar(
        (await access.restrict(actor, Quote, "write")).where(Quote.idempotency_key == key)
    )
    if earlier is not None and earlier.request_hash != _request_hash(draft):
        raise BusinessRuleError(
            error(
                QuoteErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This idempotency key was used for a different quote.",
                "idempotencyKey",
            )
        )
    return earlier


async def create_quote(actor: Actor, draft: QuoteDraft) -> Quote:
    """A new draft quote, version 1, its lines priced for the customer today
    (quotes:write; pricing also needs orders:write). With an idempotency key, the same
    draft again returns the first quote."""
    principal = await actor.require("quotes", "write")
    if (earlier := await _replayed(actor, draft)) is not None:
        return earlier
    pricing, today = await _checked(actor, draft)
    assert draft.customer_id is not None and pricing.currency is not None
    quote = Quote(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=rules.format_number(await _NUMBERS.take(actor)),
        customer_id=draft.customer_id,
        owner_id=principal.subject_id,
        currency=pricing.currency,
        status=QuoteStatus.DRAFT.value,
        current_version=1,
        valid_until=draft.valid_until or rules.default_valid_until(today),
        renewal_of_subscription_id=draft.renewal_of_subscription_id,
        created_by_id=principal.subject_id,
        idempotency_key=draft.idempotency_key,
        request_hash=_request_hash(draft) if draft.idempotency_key else None,
        **_contract_columns(draft.contract),
    )
    quote.created_at = quote.updated_at = now()
    actor.session.add(quote)
    await actor.session.flush()
    await _write_version(actor, quote, 1, draft, pricing)
    if quote.renewal_of_subscription_id is not None:
        await subscriptions.note_renewal_quote(actor, quote.renewal_of_subscription_id, quote.id)
    await audit.record(actor, "quotes.create", "quote", quote.id, after=summary(quote))
    return quote


async def _write_version(
    actor: Actor, quote: Quote, number: int, draft: QuoteDraft, pricing: QuotePricing
) -> QuoteVersion:
    version = QuoteVersion(
        tenant_id=quote.tenant_id,
        id=new_id(),
        quote_id=quote.id,
        customer_id=quote.customer_id,
        version=number,
        valid_until=quote.valid_until,
        notes=rules.clean(draft.notes),
        currency=quote.currency,
    )
    _set_totals(version, pricing)
    actor.session.add(version)
    await actor.session.flush()
    actor.session.add_all(_line_rows(quote, version, pricing.lines))
    await actor.session.flush()
    return version


async def locked_quote(actor: Actor, quote_id: uuid.UUID) -> Quote:
    """A quote the staff caller may write (quotes:write within scope), locked: every
    change of a quote queues here."""
    actor.require_staff()
    return await access.get_scoped(actor, Quote, quote_id, "write", lock=True)


async def current_version(actor: Actor, quote: Quote) -> QuoteVersion:
    found = await actor.session.scalar(
        select(QuoteVersion).where(
            QuoteVersion.tenant_id == quote.tenant_id,
            QuoteVersion.quote_id == quote.id,
            QuoteVersion.version == quote.current_version,
        )
    )
    assert found is not None  # a quote always has its current version
    return found


def _require_draft(quote: Quote) -> None:
    if quote.status != QuoteStatus.DRAFT.value:
        raise BusinessRuleError(
            error(
                QuoteErrorCode.NOT_A_DRAFT,
                f"Quote {quote.number} has been sent; revise it to change it.",
                "quoteId",
            )
        )


async def update_quote(actor: Actor, quote_id: uuid.UUID, draft: QuoteDraft) -> Quote:
    """Replace the draft version's lines, validity, notes and contract request; the lines
    are priced anew (quotes:write). The customer stays the quote's."""
    quote = await locked_quote(actor, quote_id)
    _require_draft(quote)
    before = summary(quote)
    pricing, _ = await _checked(
        actor,
        QuoteDraft(
            customer_id=quote.customer_id,
            lines=draft.lines,
            valid_until=draft.valid_until,
            notes=draft.notes,
            contract=draft.contract,
            extra_errors=draft.extra_errors,
        ),
    )
    version = await current_version(actor, quote)
    await actor.session.execute(
        delete(QuoteLine).where(
            QuoteLine.tenant_id == quote.tenant_id, QuoteLine.version_id == version.id
        )
    )
    quote.valid_until = draft.valid_until or quote.valid_until
    for name, value in _contract_columns(draft.contract).items():
        setattr(quote, name, value)
    quote.updated_at = now()
    version.valid_until, version.notes = quote.valid_until, rules.clean(draft.notes)
    _set_totals(version, pricing)
    actor.session.add_all(_line_rows(quote, version, pricing.lines))
    await actor.session.flush()
    await audit.record(
        actor, "quotes.update", "quote", quote.id, before=before, after=summary(quote)
    )
    return quote


REVISABLE = frozenset(
    {QuoteStatus.SENT, QuoteStatus.DECLINED, QuoteStatus.EXPIRED, QuoteStatus.WITHDRAWN}
)


async def revise_quote(actor: Actor, quote_id: uuid.UUID) -> Quote:
    """Start the next version as a draft copy of the current one (quotes:write): the sent
    version stays as it was, readable with its PDF, and can no longer be accepted."""
    quote = await locked_quote(actor, quote_id)
    if quote.status == QuoteStatus.ACCEPTED.value:
        raise BusinessRuleError(
            error(QuoteErrorCode.ALREADY_ACCEPTED, "An accepted quote is final.", "quoteId")
        )
    _require_revisable(quote)
    before = summary(quote)
    sent = await current_version(actor, quote)
    today = await catalog.today(actor)
    quote.current_version += 1
    quote.status = QuoteStatus.DRAFT.value
    quote.decline_reason = None
    if rules.is_past_validity(quote.valid_until, today):
        quote.valid_until = rules.default_valid_until(today)
    quote.updated_at = now()
    await forget_due(actor, quote.id)
    await _copy_version(actor, quote, sent)
    await audit.record(
        actor, "quotes.revise", "quote", quote.id, before=before, after=summary(quote)
    )
    return quote


def _require_revisable(quote: Quote) -> None:
    if QuoteStatus(quote.status) not in REVISABLE:
        raise BusinessRuleError(
            error(QuoteErrorCode.NOT_SENT, "Only a sent quote is revised.", "quoteId")
        )


async def _copy_version(actor: Actor, quote: Quote, source: QuoteVersion) -> QuoteVersion:
    copy = QuoteVersion(
        tenant_id=quote.tenant_id,
        id=new_id(),
        quote_id=quote.id,
        customer_id=quote.customer_id,
        version=quote.current_version,
        valid_until=quote.valid_until,
        notes=source.notes,
        currency=source.currency,
        subtotal=source.subtotal,
        discount_total=source.discount_total,
        tax_total=source.tax_total,
        total=source.total,
    )
    actor.session.add(copy)
    await actor.session.flush()
    lines = (
        await actor.session.scalars(
            select(QuoteLine)
            .where(QuoteLine.tenant_id == quote.tenant_id, QuoteLine.version_id == source.id)
            .order_by(QuoteLine.line_no)
        )
    ).all()
    skip = {"id", "version_id", "tenant_id"}
    actor.session.add_all(
        QuoteLine(
            tenant_id=quote.tenant_id,
            id=new_id(),
            version_id=copy.id,
            **{
                column.key: getattr(line, column.key)
                for column in QuoteLine.__table__.columns
                if column.key not in skip
            },
        )
        for line in lines
    )
    await actor.session.flush()
    return copy


async def withdraw_quote(actor: Actor, quote_id: uuid.UUID) -> Quote:
    """Withdraw a sent quote (quotes:write): the customer can no longer accept it; revise
    it to offer again."""
    quote = await locked_quote(actor, quote_id)
    if quote.status != QuoteStatus.SENT.value:
        raise BusinessRuleError(
            error(QuoteErrorCode.NOT_SENT, "Only a sent quote is withdrawn.", "quoteId")
        )
    before = summary(quote)
    quote.status = QuoteStatus.WITHDRAWN.value
    quote.withdrawn_at = quote.updated_at = now()
    await forget_due(actor, quote.id)
    await actor.session.flush()
    await audit.record(
        actor, "quotes.withdraw", "quote", quote.id, before=before, after=summary(quote)
    )
    await emit(
        actor,
        QuoteWithdrawn(
            quote_id=quote.id,
            number=quote.number,
            customer_id=quote.customer_id,
            version=quote.current_version,
        ),
    )
    return quote


async def forget_due(actor: Actor, quote_id: uuid.UUID) -> None:
    await actor.session.execute(
        delete(QuoteExpiryDue).where(
            QuoteExpiryDue.tenant_id == actor.tenant_id, QuoteExpiryDue.quote_id == quote_id
        )
    )
