"""The tenant's contract settings: the reminder ladder (days before the notice deadline
and before the end) and how long a version sent for signature stays open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
from contracts import rules
from contracts.models import ContractSettings
from core.context import Actor
from core.errors import BusinessRuleError


@dataclass(frozen=True)
class ContractRules:
    reminder_offsets: tuple[int, ...]
    signature_days: int


DEFAULTS = ContractRules(rules.DEFAULT_REMINDER_OFFSETS, rules.DEFAULT_SIGNATURE_DAYS)


async def read_contract_rules(actor: Actor) -> ContractRules:
    """The bound tenant's settings (the defaults until changed), for work done by anyone."""
    row = await actor.session.get(ContractSettings, actor.tenant_id)
    if row is None:
        return DEFAULTS
    return ContractRules(tuple(row.reminder_offsets), row.signature_days)


async def contract_rules(actor: Actor) -> ContractRules:
    """The settings, for staff who read contracts."""
    await actor.require("contracts", "read")
    return await read_contract_rules(actor)


async def update_contract_rules(actor: Actor, offsets: list[int]) -> ContractRules:
    """Change the reminder ladder (contracts:configure): distinct days, largest first."""
    await actor.require("contracts", "configure")
    errors = rules.check_reminder_offsets(offsets)
    if errors:
        raise BusinessRuleError(*errors)
    before = await read_contract_rules(actor)
    ladder = sorted(set(offsets), reverse=True)
    await actor.session.execute(
        insert(ContractSettings)
        .values(
            tenant_id=actor.tenant_id,
            reminder_offsets=ladder,
            signature_days=before.signature_days,
        )
        .on_conflict_do_update(
            index_elements=[ContractSettings.tenant_id],
            set_={"reminder_offsets": ladder, "updated_at": datetime.now(UTC)},
        )
    )
    await audit.record(
        actor,
        "contracts.update_settings",
        "contract_settings",
        actor.tenant_id,
        before={"reminderOffsets": list(before.reminder_offsets)},
        after={"reminderOffsets": ladder},
    )
    return ContractRules(tuple(ladder), before.signature_days)
