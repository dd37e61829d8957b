"""Ending and renewing a contract by hand: terminateContract (a date, a reason, who) and
renewContract (one more renewal term now)."""

from __future__ import annotations

import uuid
from datetime import date

import audit.services as audit
from contracts import lifecycle, rules
from contracts.errors import ContractErrorCode
from contracts.events import ContractTerminated
from contracts.models import Contract
from contracts.versions import locked_contract
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.outbox import emit


def _error(code: ContractErrorCode, message: str, *field: str, **params: str) -> UserError:
    return UserError(code, message, tuple(field), params or None)


def check_termination(contract: Contract, effective: date, reason: str) -> list[UserError]:
    errors: list[UserError] = []
    if contract.terminated_on is not None:
        return [
            _error(
                ContractErrorCode.ALREADY_TERMINATED,
                f"{contract.number} is already terminated as of {contract.terminated_on}.",
                "contractId",
            )
        ]
    if not reason.strip():
        errors.append(
            _error(ContractErrorCode.TERMINATION_REASON_REQUIRED, "Say why it ends.", "reason")
        )
    if effective < contract.start_date:
        errors.append(
            _error(
                ContractErrorCode.TERMINATION_BEFORE_START,
                f"{contract.number} starts on {contract.start_date}.",
                "effectiveDate",
            )
        )
    elif contract.minimum_term_months:
        earliest = rules.add_months(contract.start_date, contract.minimum_term_months)
        if effective < earliest:
            errors.append(
                _error(
                    ContractErrorCode.TERMINATION_BEFORE_MINIMUM_TERM,
                    f"The minimum term runs until {earliest}.",
                    "effectiveDate",
                    earliest=earliest.isoformat(),
                )
            )
    return errors


async def terminate_contract(
    actor: Actor, contract_id: uuid.UUID, effective: date, reason: str, today: date | None = None
) -> Contract:
    """terminateContract (contracts:write): the contract ends on `effective` (it stays in
    force until then and does not renew past it)."""
    await actor.require("contracts", "write")
    contract = await locked_contract(actor, contract_id)
    errors = check_termination(contract, effective, reason)
    if errors:
        raise BusinessRuleError(*errors)
    before = lifecycle.summary(contract)
    contract.terminated_on = effective
    contract.termination_reason = reason.strip()[: rules.MAX_REASON]
    contract.terminated_by_id = actor.require_principal().subject_id
    contract.terminated_at = contract.updated_at = lifecycle.now()
    await audit.record(
        actor,
        "contracts.terminate",
        "contract",
        contract.id,
        before=before,
        after={**lifecycle.summary(contract), "reason": contract.termination_reason},
    )
    await emit(
        actor,
        ContractTerminated(
            contract_id=contract.id,
            number=contract.number,
            customer_id=contract.customer_id,
            terminated_on=effective,
            reason=contract.termination_reason,
        ),
    )
    await lifecycle.refresh(actor, contract, today)
    return contract


async def renew_contract(
    actor: Actor, contract_id: uuid.UUID, today: date | None = None
) -> Contract:
    """renewContract (contracts:write): one more renewal term now, whatever the renewal
    type; not for a terminated or unsigned contract."""
    await actor.require("contracts", "write")
    contract = await locked_contract(actor, contract_id)
    if contract.terminated_on is not None or not await lifecycle.customer_signed(actor, contract):
        raise BusinessRuleError(
            _error(
                ContractErrorCode.NOT_RENEWABLE,
                f"{contract.number} is not in force, so it cannot be renewed.",
                "contractId",
            )
        )
    await lifecycle.start_next_term(actor, contract, "manual")
    await lifecycle.refresh(actor, contract, today)
    return contract
