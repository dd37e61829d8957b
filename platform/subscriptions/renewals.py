"""The worker's renewal jobs, across tenants: renewal orders (the next period's order,
`lead_days` before the current one ends) and period roll-over (at the end of a period the
subscription moves into the next one; a cancellation at period end cancels it, a trial's
end makes it active, no renewal makes it expire).

The schedule (`subscription_due`) is scanned in key order; each tenant's due subscriptions
are handled in chunks, one transaction per chunk, their renewal orders entered together
(`billing.bill_periods`, a fixed number of statements per chunk). One refused order (an
inactive SKU, a blocked customer) is logged and left for the next run without undoing the
others. Billing a period is idempotent by the period's unique key."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import structlog
from sqlalchemy import and_, or_, select, tuple_, update

import catalog.services as catalog
import customers.services as customers
from core.context import Actor, Services
from core.errors import BusinessRuleError
from subscriptions.billing import BillOutcome, Renewal, bill_period, bill_periods
from subscriptions.models import (
    Subscription,
    SubscriptionChange,
    SubscriptionDue,
    SubscriptionLine,
    SubscriptionPeriod,
    SubscriptionPlan,
)
from subscriptions.plans import plan_rows
from subscriptions.recording import (
    day_start,
    lines_of,
    mrr_of,
    now,
    record_change,
    schedule,
    summary,
)
from subscriptions.rules import (
    ENDED,
    BillingPeriod,
    ChangeKind,
    SubscriptionStatus,
    period_end,
    renewal_due,
)
from subscriptions.settings import terms_of

log = structlog.get_logger("orbit.subscriptions.renewals")

SCAN_BATCH = 1000
CHUNK = 200
RETRY_LATER = timedelta(hours=6)


@dataclass(frozen=True)
class RunResult:
    ordered: int
    skipped: int
    failed: int


async def due_batch(
    services: Services,
    column: object,
    moment: object,
    after: tuple[uuid.UUID, uuid.UUID] | None,
    tenant_id: uuid.UUID | None = None,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """The next SCAN_BATCH scheduled subscriptions due by `moment` on `column`, across
    tenants (or of one tenant: an operator re-running one, a test keeping to its own)."""
    async with services.db.transaction() as session:
        statement = select(SubscriptionDue.tenant_id, SubscriptionDue.subscription_id).where(
            column <= moment  # type: ignore[operator]
        )
        if tenant_id is not None:
            statement = statement.where(SubscriptionDue.tenant_id == tenant_id)
        if after is not None:
            statement = statement.where(
                tuple_(SubscriptionDue.tenant_id, SubscriptionDue.subscription_id) > tuple_(*after)
            )
        rows = await session.execute(
            statement.order_by(SubscriptionDue.tenant_id, SubscriptionDue.subscription_id).limit(
                SCAN_BATCH
            )
        )
        return [(t, s) for t, s in rows.tuples()]


def tenant_chunks(
    due: Sequence[tuple[uuid.UUID, uuid.UUID]],
) -> list[tuple[uuid.UUID, list[uuid.UUID]]]:
    """Due subscriptions in runs of one tenant, at most CHUNK each."""
    chunks: list[tuple[uuid.UUID, list[uuid.UUID]]] = []
    for tenant_id, subscription_id in due:
        if not chunks or chunks[-1][0] != tenant_id or len(chunks[-1][1]) >= CHUNK:
            chunks.append((tenant_id, []))
        chunks[-1][1].append(subscription_id)
    return chunks


async def locked_subscriptions(actor: Actor, ids: list[uuid.UUID]) -> list[Subscription]:
    """The subscriptions, locked in id order (two runs lock in the same order)."""
    rows = await actor.session.scalars(
        select(Subscription)
        .where(Subscription.tenant_id == actor.tenant_id, Subscription.id.in_(ids))
        .order_by(Subscription.id)
        .with_for_update()
    )
    return list(rows.all())


# --- renewal orders ----------------------------------------------------------------------------


async def run_renewals(
    services: Services, on: date | None = None, tenant_id: uuid.UUID | None = None
) -> RunResult:
    """Create the renewal order of every subscription whose renewal is due by `on` (by
    default today, UTC), across tenants (or of `tenant_id` only); run twice, it creates
    nothing more."""
    day = on or now().date()
    moment = day_start(day)
    totals = [0, 0, 0]
    after: tuple[uuid.UUID, uuid.UUID] | None = None
    while due := await due_batch(services, SubscriptionDue.renew_at, moment, after, tenant_id):
        after = due[-1]
        for tenant_id, ids in tenant_chunks(due):
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
                counts = await _renew_chunk(actor, ids, day)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    if totals[0] or totals[2]:
        log.info("subscription.renewals", ordered=totals[0], failed=totals[2])
    return RunResult(*totals)


@dataclass
class ChunkFacts:
    """What a chunk's renewals read, in three statements for the whole chunk: the lines,
    which subscriptions have changes waiting for the period end, and the prorated charges
    not billed yet; `done` collects the subscriptions whose renewal is settled, taken off
    the schedule in one statement."""

    lines: dict[uuid.UUID, list[SubscriptionLine]]
    pending: set[uuid.UUID]
    charges: dict[uuid.UUID, list[SubscriptionChange]]
    done: list[uuid.UUID] = field(default_factory=list)

    @classmethod
    async def load(cls, actor: Actor, ids: list[uuid.UUID]) -> ChunkFacts:
        lines: dict[uuid.UUID, list[SubscriptionLine]] = defaultdict(list)
        for line in await actor.session.scalars(
            select(SubscriptionLine)
            .where(
                SubscriptionLine.tenant_id == actor.tenant_id,
                SubscriptionLine.subscription_id.in_(ids),
            )
            .order_by(SubscriptionLine.subscription_id, SubscriptionLine.line_no)
        ):
            lines[line.subscription_id].append(line)
        waiting = await actor.session.scalars(
            select(SubscriptionChange)
            .where(
                SubscriptionChange.tenant_id == actor.tenant_id,
                SubscriptionChange.subscription_id.in_(ids),
                or_(
                    SubscriptionChange.applied_at.is_(None),
                    and_(
                        SubscriptionChange.proration_sku_id.is_not(None),
                        SubscriptionChange.billed_order_id.is_(None),
                    ),
                ),
            )
            .order_by(SubscriptionChange.created_at)
        )
        pending: set[uuid.UUID] = set()
        charges: dict[uuid.UUID, list[SubscriptionChange]] = defaultdict(list)
        for change in waiting:
            if change.applied_at is None:
                pending.add(change.subscription_id)
            if change.proration_sku_id is not None and change.billed_order_id is None:
                charges[change.subscription_id].append(change)
        return cls(lines, pending, charges)


async def _renew_chunk(actor: Actor, ids: list[uuid.UUID], day: date) -> list[int]:
    terms = await terms_of(actor)
    counts = [0, 0, 0]
    subscriptions = await locked_subscriptions(actor, ids)
    facts = await ChunkFacts.load(actor, [s.id for s in subscriptions])
    due: list[Renewal] = []
    for subscription in subscriptions:
        renewal = await _due_renewal(actor, subscription, day, terms.lead_days, facts)
        if renewal is None:
            counts[SKIPPED] += 1
        else:
            due.append(renewal)
    charged: list[uuid.UUID] = []
    refused: list[uuid.UUID] = []
    for renewal, outcome in zip(due, await _bill(actor, due), strict=True):
        subscription = renewal.subscription
        if isinstance(outcome, BusinessRuleError):
            log.warning(
                "subscription.renewal_refused",
                subscription_id=str(subscription.id),
                codes=[e.code.value for e in outcome.errors],
            )
            refused.append(subscription.id)
            counts[FAILED] += 1
            continue
        facts.done.append(subscription.id)
        counts[SKIPPED if outcome is None else ORDERED] += 1
        if outcome is not None and subscription.payment_method:
            charged.append(subscription.id)  # charging.py charges the card
    await _set_due(actor, facts.done, renew_at=None)
    await _set_due(actor, refused, renew_at=now() + RETRY_LATER)
    await _set_due(actor, charged, retry_at=now())
    return counts


ORDERED, SKIPPED, FAILED = 0, 1, 2


async def _due_renewal(
    actor: Actor, subscription: Subscription, day: date, lead_days: int, facts: ChunkFacts
) -> Renewal | None:
    """The period to bill now, or None (the subscription does not renew: off the schedule;
    its renewal is not due yet: rescheduled)."""
    status = SubscriptionStatus(subscription.status)
    renews = subscription.auto_renew and not subscription.cancel_at_period_end
    if status in ENDED or status is SubscriptionStatus.PAUSED or not renews:
        facts.done.append(subscription.id)
        return None
    start = subscription.current_period_end
    if renewal_due(start, lead_days) > day:
        await _set_due(actor, [subscription.id], renew_at=day_start(renewal_due(start, lead_days)))
        return None
    lines = (
        await next_period_lines(actor, subscription, start)
        if subscription.id in facts.pending
        else facts.lines[subscription.id]
    )
    end = period_end(start, BillingPeriod(subscription.billing_period))
    return Renewal(subscription, lines, start, end, facts.charges.get(subscription.id, []))


async def _bill(actor: Actor, due: list[Renewal]) -> list[BillOutcome]:
    """The chunk's periods billed together. A refusal of the chunk as a whole (its stock
    reservation: the tenant has no active warehouse) refuses each of its renewals: nothing
    of the chunk is kept and every one waits for the next run."""
    if not due:
        return []
    try:
        async with actor.session.begin_nested():
            return await bill_periods(actor, due)
    except BusinessRuleError as refused:
        return [refused] * len(due)


async def _set_due(actor: Actor, subscription_ids: list[uuid.UUID], **values: object) -> None:
    if not subscription_ids:
        return
    await actor.session.execute(
        update(SubscriptionDue)
        .where(
            SubscriptionDue.tenant_id == actor.tenant_id,
            SubscriptionDue.subscription_id.in_(subscription_ids),
        )
        .values(**values)
    )


async def pending_changes(
    actor: Actor, subscription_id: uuid.UUID, by: date
) -> list[SubscriptionChange]:
    """Changes waiting for the period end, effective by `by`, oldest first."""
    rows = await actor.session.scalars(
        select(SubscriptionChange)
        .where(
            SubscriptionChange.tenant_id == actor.tenant_id,
            SubscriptionChange.subscription_id == subscription_id,
            SubscriptionChange.applied_at.is_(None),
            SubscriptionChange.effective_on <= by,
        )
        .order_by(SubscriptionChange.created_at)
    )
    return list(rows.all())


async def next_period_lines(
    actor: Actor, subscription: Subscription, start: date
) -> list[SubscriptionLine]:
    """The lines as they will be in the period starting on `start`: the current ones with
    the changes waiting for the period end applied (copies: nothing changes yet)."""
    lines = await lines_of(actor, subscription.id)
    changes = await pending_changes(actor, subscription.id, start)
    if not changes:
        return lines
    plans = await plan_rows(
        actor, [uuid.UUID(c.after["planId"]) for c in changes if c.after and c.after["planId"]]
    )
    copies = {line.id: _copy(line) for line in lines}
    for change in changes:
        _apply(copies, change, plans)
    return list(copies.values())


def _copy(line: SubscriptionLine) -> SubscriptionLine:
    return SubscriptionLine(
        tenant_id=line.tenant_id,
        id=line.id,
        subscription_id=line.subscription_id,
        customer_id=line.customer_id,
        line_no=line.line_no,
        plan_id=line.plan_id,
        sku_id=line.sku_id,
        quantity=line.quantity,
        unit_price=line.unit_price,
        discount_percent=line.discount_percent,
        price_source=line.price_source,
        price_source_label=line.price_source_label,
        price_agreed=line.price_agreed,
    )


def _apply(
    lines: dict[uuid.UUID, SubscriptionLine],
    change: SubscriptionChange,
    plans: Mapping[uuid.UUID, SubscriptionPlan],
) -> None:
    after = change.after or {}
    line = lines.get(uuid.UUID(str(after.get("lineId"))))
    if line is None:
        return
    line.quantity = Decimal(str(after["quantity"]))
    plan_id = after.get("planId")
    plan = plans.get(uuid.UUID(plan_id)) if plan_id else None
    if plan is not None:
        line.plan_id, line.sku_id = plan.id, plan.sku_id
        line.price_agreed = False


# --- period roll-over --------------------------------------------------------------------------


async def run_period_ends(
    services: Services, on: date | None = None, tenant_id: uuid.UUID | None = None
) -> int:
    """Move every subscription whose period ended by `on` into its next period (or end
    it), across tenants (or of `tenant_id` only); returns how many moved."""
    day = on or now().date()
    moment = day_start(day)
    moved = 0
    after: tuple[uuid.UUID, uuid.UUID] | None = None
    while due := await due_batch(services, SubscriptionDue.period_end_at, moment, after, tenant_id):
        after = due[-1]
        for tenant_id, ids in tenant_chunks(due):
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
                for subscription in await locked_subscriptions(actor, ids):
                    moved += await _roll(actor, subscription, day)
    return moved


async def _roll(actor: Actor, subscription: Subscription, day: date) -> int:
    """Roll the subscription over every period that ended by `day`."""
    moved = 0
    while (
        SubscriptionStatus(subscription.status) not in ENDED
        and subscription.status != SubscriptionStatus.PAUSED.value
        and subscription.current_period_end <= day
    ):
        if not await _roll_once(actor, subscription):
            break
        moved += 1
    await schedule(actor, subscription)
    return moved


async def _roll_once(actor: Actor, subscription: Subscription) -> bool:
    ended_on = subscription.current_period_end
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    if subscription.cancel_at_period_end:
        subscription.status = SubscriptionStatus.CANCELLED.value
        subscription.cancelled_on = ended_on
        await record_change(actor, subscription, ChangeKind.CANCEL, ended_on, before, mrr_before)
        return True
    period = await _period_starting(actor, subscription.id, ended_on)
    if period is None and subscription.auto_renew:
        period = await _bill_late(actor, subscription, ended_on)
        if period is None:
            return False
    if period is None:
        subscription.status = SubscriptionStatus.EXPIRED.value
        await record_change(actor, subscription, ChangeKind.EXPIRE, ended_on, before, mrr_before)
        return True
    await _apply_pending(actor, subscription, ended_on)
    kind = ChangeKind.RENEW
    if subscription.status == SubscriptionStatus.TRIALING.value:
        subscription.status = SubscriptionStatus.ACTIVE.value
        kind = ChangeKind.TRIAL_END
    subscription.current_period_start = period.period_start
    subscription.current_period_end = period.period_end
    await record_change(actor, subscription, kind, ended_on, before, mrr_before)
    return True


async def _period_starting(
    actor: Actor, subscription_id: uuid.UUID, start: date
) -> SubscriptionPeriod | None:
    return await actor.session.scalar(
        select(SubscriptionPeriod).where(
            SubscriptionPeriod.tenant_id == actor.tenant_id,
            SubscriptionPeriod.subscription_id == subscription_id,
            SubscriptionPeriod.period_start == start,
        )
    )


async def _bill_late(
    actor: Actor, subscription: Subscription, start: date
) -> SubscriptionPeriod | None:
    """A renewing subscription reached its period's end without the next order (the
    renewal was refused, or the lead time was 0): bill it now, or try again later."""
    end = period_end(start, BillingPeriod(subscription.billing_period))
    lines = await next_period_lines(actor, subscription, start)
    try:
        async with actor.session.begin_nested():
            await bill_period(actor, subscription, lines, start, end)
    except BusinessRuleError:
        log.warning("subscription.late_renewal_refused", subscription_id=str(subscription.id))
        await _set_due(actor, [subscription.id], period_end_at=now() + RETRY_LATER)
        return None
    return await _period_starting(actor, subscription.id, start)


async def _apply_pending(actor: Actor, subscription: Subscription, start: date) -> None:
    """Apply the changes that waited for this period end to the lines (priced on the day:
    a plan change takes the new plan's price-book price)."""
    changes = await pending_changes(actor, subscription.id, start)
    if not changes:
        return
    lines = {line.id: line for line in await lines_of(actor, subscription.id)}
    plans = await plan_rows(
        actor, [uuid.UUID(c.after["planId"]) for c in changes if c.after and c.after["planId"]]
    )
    for change in changes:
        _apply(lines, change, plans)
        change.applied_at = now()
    repriced = [line for line in lines.values() if not line.price_agreed and line.quantity > 0]
    if repriced:
        await _reprice(actor, subscription, repriced, start)
    await actor.session.flush()


async def _reprice(
    actor: Actor, subscription: Subscription, lines: list[SubscriptionLine], on: date
) -> None:
    profile = await customers.customer_pricing_profile(actor, subscription.customer_id, "read")
    context = catalog.context_of(profile.currency, profile.tier, profile.region)
    quotes = await catalog.quote_lines(
        actor, context, [catalog.QuoteLine(x.sku_id, x.quantity) for x in lines], on
    )
    for line, quote in zip(lines, quotes, strict=True):
        line.unit_price = quote.unit_price.amount
        line.price_source, line.price_source_label = quote.price_source, quote.price_source_label
