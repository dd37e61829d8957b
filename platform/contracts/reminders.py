"""The daily contract run: across tenants, each contract the schedule says is due is
brought up to date (renewals, status) and sent the reminders of its ladder whose day has
come: to its owner (an in-app notice) and the customer (an email), before the notice
deadline and before the end of the current term. A reminder is a row with a unique key
(contract, term end, ladder, offset, recipient), inserted before it is sent, so each goes
once whatever restarts or second workers do. `today` is a parameter: tests pass a date."""

from __future__ import annotations

import uuid
from datetime import date

import structlog
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

import customers.services as customers
import notifications.services as notifications
from contracts import lifecycle, mailing, rules
from contracts.models import Contract, ContractDue, ContractReminder
from contracts.rules import ContractStatus, DueReminder, RenewalType
from contracts.settings import read_contract_rules
from core.context import Actor, Services
from core.ids import new_id
from notifications import RenderedNotice

log = structlog.get_logger("orbit.contracts")
BATCH = 500


async def run_contract_day(
    services: Services, today: date | None = None, tenant_id: uuid.UUID | None = None
) -> int:
    """Work through every contract due by `today` (default: the current UTC date), one
    transaction each, of every tenant or of `tenant_id` only; returns how many reminders
    were sent."""
    day = today or lifecycle.now().date()
    statement = select(ContractDue.tenant_id, ContractDue.contract_id).where(
        ContractDue.due_on <= day
    )
    if tenant_id is not None:
        statement = statement.where(ContractDue.tenant_id == tenant_id)
    async with services.db.transaction() as session:
        due = (await session.execute(statement.order_by(ContractDue.due_on).limit(BATCH))).all()
    sent = 0
    for owner_tenant, contract_id in due:
        try:
            async with services.db.transaction(owner_tenant) as session:
                actor = Actor(services=services, session=session, system_tenant_id=owner_tenant)
                sent += await process_contract(actor, contract_id, day)
        except Exception:
            log.exception("contract.day_failed", contract_id=str(contract_id))
    return sent


async def process_contract(actor: Actor, contract_id: uuid.UUID, today: date) -> int:
    contract = await actor.session.scalar(
        select(Contract)
        .where(Contract.tenant_id == actor.tenant_id, Contract.id == contract_id)
        .with_for_update(skip_locked=True)
    )
    if contract is None:
        return 0
    await lifecycle.refresh(actor, contract, today)
    return await send_due_reminders(actor, contract, today)


async def send_due_reminders(actor: Actor, contract: Contract, today: date) -> int:
    if (
        contract.status
        in (
            ContractStatus.DRAFT.value,
            ContractStatus.TERMINATED.value,
            ContractStatus.EXPIRED.value,
        )
        or contract.terminated_on is not None
    ):
        return 0
    offsets = (await read_contract_rules(actor)).reminder_offsets
    targets = rules.ladder_targets(
        RenewalType(contract.renewal_type),
        contract.renewal_count,
        contract.current_term_end,
        contract.notice_days,
    )
    sent = 0
    for reminder in rules.due_reminders(targets, offsets, today):
        sent += await _to_owner(actor, contract, reminder)
        sent += await _to_customer(actor, contract, reminder)
    return sent


async def _claim(
    actor: Actor, contract: Contract, reminder: DueReminder, kind: str, recipient: str | None
) -> uuid.UUID | None:
    """Insert the reminder's row; None when it was sent before."""
    inserted = await actor.session.execute(
        insert(ContractReminder)
        .values(
            tenant_id=actor.tenant_id,
            id=new_id(),
            contract_id=contract.id,
            term_end=contract.current_term_end,
            ladder=reminder.ladder.value,
            offset_days=reminder.offset_days,
            recipient_kind=kind,
            recipient=recipient,
            due_on=reminder.due_on,
        )
        .on_conflict_do_nothing()
        .returning(ContractReminder.id)
    )
    return inserted.scalar_one_or_none()


async def _to_owner(actor: Actor, contract: Contract, reminder: DueReminder) -> int:
    if contract.owner_id is None:
        return 0
    reminder_id = await _claim(actor, contract, reminder, "owner", str(contract.owner_id))
    if reminder_id is None:
        return 0
    title, paragraph = mailing.reminder_wording(contract, reminder, zh=False)
    await notifications.notify(
        actor,
        contract.owner_id,
        "contract_reminder",
        RenderedNotice(title=title, body=paragraph),
        reminder_id,
        link=mailing.console_path(contract.id),
    )
    return 1


async def _to_customer(actor: Actor, contract: Contract, reminder: DueReminder) -> int:
    address = await customers.mail_address_of_customer(actor, contract.customer_id)
    if not address:
        return 0
    reminder_id = await _claim(actor, contract, reminder, "customer", address)
    if reminder_id is None:
        return 0
    await mailing.email_reminder(actor, contract, reminder, address, reminder_id)
    return 1
