"""A contract's life by date: renewals that fell due, versions whose signature window
closed, its status, and the day the daily job should next look at it (the platform-level
`contract_due` schedule). Run on every change and by the job, with `today` given so tests
pass a date instead of waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
from contracts import rules
from contracts.events import ContractRenewed
from contracts.models import Contract, ContractDue, ContractSignature, ContractVersion
from contracts.rules import ContractStatus, Party, RenewalType, SignatureState
from contracts.settings import read_contract_rules
from core.context import Actor
from core.outbox import emit


def now() -> datetime:
    return datetime.now(UTC)


def summary(row: Contract) -> dict[str, Any]:
    return {
        "status": row.status,
        "currentTermStart": row.current_term_start.isoformat(),
        "currentTermEnd": row.current_term_end.isoformat(),
        "renewalCount": row.renewal_count,
        "terminatedOn": row.terminated_on.isoformat() if row.terminated_on else None,
    }


async def customer_signed(actor: Actor, contract: Contract) -> bool:
    """Whether the customer has signed any version (the contract is in force then)."""
    found = await actor.session.scalar(
        select(
            exists().where(
                ContractSignature.tenant_id == contract.tenant_id,
                ContractSignature.contract_id == contract.id,
                ContractSignature.party == Party.CUSTOMER.value,
            )
        )
    )
    return bool(found)


def _renewal_months(contract: Contract) -> int:
    return rules.renewal_months(
        RenewalType(contract.renewal_type),
        contract.renewal_term_months,
        contract.initial_term_months,
    )


async def start_next_term(actor: Actor, contract: Contract, how: str) -> None:
    """Move the current term one renewal term on (audited, with its event)."""
    before = summary(contract)
    contract.current_term_start = contract.current_term_end + timedelta(days=1)
    contract.current_term_end = rules.term_end(
        contract.current_term_start, _renewal_months(contract)
    )
    contract.renewal_count += 1
    contract.updated_at = now()
    await audit.record(
        actor,
        "contracts.renew",
        "contract",
        contract.id,
        before=before,
        after={**summary(contract), "how": how},
    )
    await emit(
        actor,
        ContractRenewed(
            contract_id=contract.id,
            number=contract.number,
            customer_id=contract.customer_id,
            term_start=contract.current_term_start,
            term_end=contract.current_term_end,
        ),
    )


def _renews_on(contract: Contract, today: date) -> bool:
    ended = today > contract.current_term_end
    stopped = (
        contract.terminated_on is not None
        and contract.terminated_on <= contract.current_term_end + timedelta(days=1)
    )
    automatic = rules.renews_automatically(
        RenewalType(contract.renewal_type), contract.renewal_count
    )
    return ended and automatic and not stopped


async def _expire_versions(actor: Actor, contract: Contract, moment: datetime) -> None:
    await actor.session.execute(
        update(ContractVersion)
        .where(
            ContractVersion.tenant_id == contract.tenant_id,
            ContractVersion.contract_id == contract.id,
            ContractVersion.state == SignatureState.SENT.value,
            ContractVersion.expires_at < moment,
        )
        .values(state=SignatureState.EXPIRED.value)
    )


async def refresh(actor: Actor, contract: Contract, today: date | None = None) -> None:
    """Bring a (locked) contract up to `today`: renew it as its type says, close expired
    signature windows, derive its status and schedule its next look."""
    day = today or now().date()
    signed = await customer_signed(actor, contract)
    while signed and _renews_on(contract, day):
        await start_next_term(actor, contract, "automatic")
    await _expire_versions(actor, contract, datetime.combine(day, datetime.min.time(), UTC))
    status = rules.derive_status(
        rules.StatusFacts(
            signed=signed,
            terminated_on=contract.terminated_on,
            current_term_end=contract.current_term_end,
            notice_days=contract.notice_days,
            renewal_count=contract.renewal_count,
        ),
        day,
    )
    if status.value != contract.status:
        before = summary(contract)
        contract.status, contract.updated_at = status.value, now()
        await audit.record(
            actor,
            "contracts.change_status",
            "contract",
            contract.id,
            before=before,
            after=summary(contract),
        )
    await schedule(actor, contract, day)


async def next_look(actor: Actor, contract: Contract, today: date) -> date | None:
    """The next day something happens to the contract: a reminder, its notice deadline,
    the day after its term ends, its termination, a signature window closing."""
    if contract.status in (ContractStatus.TERMINATED.value, ContractStatus.EXPIRED.value):
        return None
    offsets = (await read_contract_rules(actor)).reminder_offsets
    targets = rules.ladder_targets(
        RenewalType(contract.renewal_type),
        contract.renewal_count,
        contract.current_term_end,
        contract.notice_days,
    )
    days = [
        rules.next_reminder_day(targets, offsets, today),
        rules.notice_deadline(contract.current_term_end, contract.notice_days),
        contract.current_term_end + timedelta(days=1),
        contract.terminated_on,
    ]
    expiry = await actor.session.scalar(
        select(ContractVersion.expires_at)
        .where(
            ContractVersion.tenant_id == contract.tenant_id,
            ContractVersion.contract_id == contract.id,
            ContractVersion.state == SignatureState.SENT.value,
        )
        .order_by(ContractVersion.expires_at)
        .limit(1)
    )
    if expiry is not None:
        days.append(expiry.date() + timedelta(days=1))
    future = [d for d in days if d is not None and d > today]
    return min(future) if future else None


async def schedule(actor: Actor, contract: Contract, today: date) -> None:
    day = await next_look(actor, contract, today)
    if day is None:
        await actor.session.execute(
            delete(ContractDue).where(
                ContractDue.tenant_id == contract.tenant_id,
                ContractDue.contract_id == contract.id,
            )
        )
        return
    await actor.session.execute(
        insert(ContractDue)
        .values(tenant_id=contract.tenant_id, contract_id=contract.id, due_on=day)
        .on_conflict_do_update(
            index_elements=[ContractDue.tenant_id, ContractDue.contract_id],
            set_={"due_on": day},
        )
    )
