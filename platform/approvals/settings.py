"""The tenant's approval rules: reading them (anyone acting in the tenant, as submitting an
order evaluates them) and changing them (approvals:configure, audited)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import audit.services as audit
from approvals import rules
from approvals.models import ApprovalSettingsRow
from approvals.rules import AmountThreshold, ApprovalSettings, Level
from core.context import Actor
from core.errors import BusinessRuleError


def _from_row(row: ApprovalSettingsRow) -> ApprovalSettings:
    return ApprovalSettings(
        credit_check=row.credit_check,
        discount_threshold=row.discount_threshold,
        amount_thresholds=tuple(
            AmountThreshold(Decimal(t["above"]), Level(t["level"])) for t in row.amount_thresholds
        ),
        forbid_self_approval=row.forbid_self_approval,
        reminder_after_hours=row.reminder_after_hours,
    )


async def effective_settings(actor: Actor) -> ApprovalSettings:
    """The tenant's rules, or the defaults until an admin changes them."""
    row = await actor.session.get(ApprovalSettingsRow, actor.tenant_id)
    return rules.DEFAULT_SETTINGS if row is None else _from_row(row)


async def read_settings(actor: Actor) -> ApprovalSettings:
    """The rules as approvers and admins see them (approvals:read)."""
    await actor.require("approvals", "read")
    return await effective_settings(actor)


def summary(settings: ApprovalSettings) -> dict[str, Any]:
    return {
        "creditCheck": settings.credit_check,
        "discountThresholdPercent": None
        if settings.discount_threshold is None
        else str(settings.discount_threshold),
        "amountThresholds": [
            {"above": str(t.above), "level": t.level.value} for t in settings.amount_thresholds
        ],
        "forbidSelfApproval": settings.forbid_self_approval,
        "reminderAfterHours": settings.reminder_after_hours,
    }


async def update_settings(actor: Actor, changes: dict[str, Any]) -> ApprovalSettings:
    """Change some rules (approvals:configure); `changes` maps ApprovalSettings field names
    to new values, fields not named stay. Invalid values are user errors, nothing saved."""
    await actor.require("approvals", "configure")
    row = await actor.session.get(ApprovalSettingsRow, actor.tenant_id, with_for_update=True)
    current = rules.DEFAULT_SETTINGS if row is None else _from_row(row)
    wanted = replace(current, **changes)
    errors = rules.check_settings(wanted)
    if errors:
        raise BusinessRuleError(*errors)
    if row is None:
        row = ApprovalSettingsRow(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.credit_check = wanted.credit_check
    row.discount_threshold = wanted.discount_threshold
    row.amount_thresholds = [
        {"above": str(t.above), "level": t.level.value}
        for t in sorted(wanted.amount_thresholds, key=lambda t: t.above)
    ]
    row.forbid_self_approval = wanted.forbid_self_approval
    row.reminder_after_hours = wanted.reminder_after_hours
    row.updated_at = datetime.now(UTC)
    await audit.record(
        actor,
        "approvals.update_settings",
        "approval_settings",
        actor.tenant_id,
        before=summary(current),
        after=summary(wanted),
    )
    await actor.session.flush()
    return _from_row(row)
