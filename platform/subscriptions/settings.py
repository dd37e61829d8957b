"""The tenant's renewal rules: read with subscriptions:read, changed with
subscriptions:plans (those who shape the offer shape how it renews)."""

from __future__ import annotations

from datetime import UTC, datetime

from audit import services as audit
from core.context import Actor
from core.errors import BusinessRuleError
from subscriptions.models import SubscriptionSettings
from subscriptions.rules import ProrationMode, RenewalTerms, terms_errors


async def terms_of(actor: Actor) -> RenewalTerms:
    row = await actor.session.get(SubscriptionSettings, actor.tenant_id)
    if row is None:
        return RenewalTerms()
    return RenewalTerms(
        lead_days=row.renewal_lead_days,
        retry_days=tuple(row.retry_days),
        proration_mode=ProrationMode(row.proration_mode),
        reminder_offsets=tuple(row.reminder_offsets),
    )


async def renewal_settings(actor: Actor) -> RenewalTerms:
    await actor.require("subscriptions", "read")
    return await terms_of(actor)


async def save_renewal_settings(actor: Actor, terms: RenewalTerms) -> RenewalTerms:
    """Change the tenant's renewal rules; subscriptions already scheduled keep their dates
    until their next change or renewal."""
    await actor.require("subscriptions", "plans")
    errors = terms_errors(terms)
    if errors:
        raise BusinessRuleError(*errors)
    row = await actor.session.get(SubscriptionSettings, actor.tenant_id, with_for_update=True)
    before = _summary(await terms_of(actor)) if row else None
    if row is None:
        row = SubscriptionSettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.renewal_lead_days = terms.lead_days
    row.retry_days = list(terms.retry_days)
    row.proration_mode = terms.proration_mode.value
    row.reminder_offsets = sorted(terms.reminder_offsets, reverse=True)
    row.updated_at = datetime.now(UTC)
    await actor.session.flush()
    await audit.record(
        actor,
        "subscriptions.save_settings",
        "subscription_settings",
        None,
        before=before,
        after=_summary(terms),
    )
    return await terms_of(actor)


def _summary(terms: RenewalTerms) -> dict[str, object]:
    return {
        "renewalLeadDays": terms.lead_days,
        "retryDays": list(terms.retry_days),
        "prorationMode": terms.proration_mode.value,
        "reminderOffsets": list(terms.reminder_offsets),
    }
