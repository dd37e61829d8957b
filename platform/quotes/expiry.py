"""Expiring sent quotes past their validity date: the worker's job scans the platform-level
schedule across tenants, then expires each quote in its own tenant's transaction (the row
locked and re-read, so an acceptance committed meanwhile wins and a second worker finds
nothing to do)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import structlog
from sqlalchemy import select

import audit.services as audit
import catalog.services as catalog
from core.context import Actor, Services
from core.outbox import emit
from quotes import rules
from quotes.drafting import forget_due, now, summary
from quotes.events import QuoteExpired
from quotes.models import Quote, QuoteExpiryDue
from quotes.rules import QuoteStatus

log = structlog.get_logger("orbit.quotes")
BATCH = 500


async def expire_due_quotes(
    services: Services, today: date | None = None, tenant_id: uuid.UUID | None = None
) -> int:
    """Expire every sent quote whose validity ended before `today` (default: each tenant's
    own today), across tenants (or of `tenant_id` only); returns how many expired. A quote
    that fails is logged and left for the next run."""
    # A day ahead of UTC: the tenant furthest east may already be a day later.
    horizon = today or (datetime.now(UTC).date() + timedelta(days=1))
    statement = select(QuoteExpiryDue.tenant_id, QuoteExpiryDue.quote_id).where(
        QuoteExpiryDue.valid_until < horizon
    )
    if tenant_id is not None:
        statement = statement.where(QuoteExpiryDue.tenant_id == tenant_id)
    async with services.db.transaction() as session:
        due = (
            await session.execute(statement.order_by(QuoteExpiryDue.valid_until).limit(BATCH))
        ).all()
    expired = 0
    for tenant_id, quote_id in due:
        try:
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
                expired += await _expire(actor, quote_id, today)
        except Exception:
            log.exception("quote.expire_failed", quote_id=str(quote_id))
    if expired:
        log.info("quote.expired", expired=expired)
    return expired


async def _expire(actor: Actor, quote_id: uuid.UUID, today: date | None) -> int:
    quote = await actor.session.scalar(
        select(Quote)
        .where(Quote.tenant_id == actor.tenant_id, Quote.id == quote_id)
        .with_for_update(skip_locked=True)
    )
    if quote is None:
        return 0
    if quote.status != QuoteStatus.SENT.value:
        await forget_due(actor, quote.id)
        return 0
    if not rules.is_past_validity(quote.valid_until, today or await catalog.today(actor)):
        return 0
    before = summary(quote)
    quote.status = QuoteStatus.EXPIRED.value
    quote.expired_at = quote.updated_at = now()
    await forget_due(actor, quote.id)
    await actor.session.flush()
    await audit.record(
        actor, "quotes.expire", "quote", quote.id, before=before, after=summary(quote)
    )
    await emit(
        actor,
        QuoteExpired(
            quote_id=quote.id,
            number=quote.number,
            customer_id=quote.customer_id,
            version=quote.current_version,
        ),
    )
    return 1
