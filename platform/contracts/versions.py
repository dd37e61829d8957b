"""A contract's versions: rendering one from its template with the customer's data,
taking an uploaded PDF as one, sending one for signature, amending (a new version naming
the one it replaces) and revoking one not yet signed. A signed version never changes."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

import audit.services as audit
import customers.services as customers
import tenants.services as tenants
from contracts import lifecycle, pdf, rules, storing
from contracts.errors import ContractErrorCode
from contracts.events import ContractVersionSent
from contracts.models import Contract, ContractTemplate, ContractVersion
from contracts.rules import SignatureState, VersionSource
from contracts.settings import read_contract_rules
from contracts.templates import template_for
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, Forbidden, NotFound, UserError
from core.ids import new_id
from core.outbox import emit


def _error(code: ContractErrorCode, message: str, *field: str) -> BusinessRuleError:
    return BusinessRuleError(UserError(code, message, tuple(field)))


async def _placeholder_values(actor: Actor, contract: Contract) -> dict[str, str]:
    customer = await customers.customer_for_system(actor, contract.customer_id)
    tenant = await tenants.current_tenant(actor)
    renewal = rules.RenewalType(contract.renewal_type)
    return {
        "company_name": tenant.name,
        "customer_name": customer.name if customer else "",
        "customer_address": await _address_text(actor, contract),
        "contract_number": contract.number,
        "contract_title": contract.title,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.current_term_end.isoformat(),
        "initial_term_months": str(contract.initial_term_months),
        "renewal_type": renewal.value,
        "renewal_term_months": str(
            rules.renewal_months(
                renewal, contract.renewal_term_months, contract.initial_term_months
            )
        ),
        "notice_days": str(contract.notice_days),
        "minimum_term_months": str(contract.minimum_term_months or 0),
        "quote_number": contract.quote_number or "-",
    }


async def _address_text(actor: Actor, contract: Contract) -> str:
    """The customer's billing address on one line (blank when there is none, or when the
    caller does not reach the customer's addresses)."""
    if actor.principal is None:
        return ""
    try:
        address = await customers.default_address(actor, contract.customer_id, "bill_to")
    except (NotFound, Forbidden):
        return ""
    if address is None:
        return ""
    parts = (address.line1, address.line2, address.city, address.postal_code, address.country)
    return ", ".join(part for part in parts if part)


def _file_name(contract: Contract, number: int) -> str:
    return f"{contract.number}-v{number}.pdf"


async def _new_version(
    actor: Actor, contract: Contract, amends: ContractVersion | None, note: str | None
) -> ContractVersion:
    contract.version_count += 1
    return ContractVersion(
        tenant_id=contract.tenant_id,
        id=new_id(),
        contract_id=contract.id,
        customer_id=contract.customer_id,
        number=contract.version_count,
        amends_version_id=amends.id if amends else None,
        note=note,
        state=SignatureState.DRAFT.value,
        created_by_id=actor.principal.subject_id if actor.principal else None,
    )


async def add_version(
    actor: Actor,
    contract: Contract,
    *,
    template: ContractTemplate | None,
    upload_id: uuid.UUID | None,
    amends: ContractVersion | None = None,
    note: str | None = None,
    field: tuple[str, ...] = ("uploadId",),
) -> ContractVersion:
    """A draft version: the uploaded PDF when given, else `template` rendered now."""
    version = await _new_version(actor, contract, amends, note)
    if upload_id is not None:
        stored = await storing.claim_uploaded_pdf(
            actor, upload_id, version.id, contract.customer_id, field
        )
        version.source = VersionSource.UPLOADED.value
    else:
        assert template is not None
        body = rules.fill_placeholders(template.body, await _placeholder_values(actor, contract))
        content = pdf.render_text(actor.settings, f"{contract.number} {contract.title}", body)
        stored = await storing.store_pdf(
            actor, version.id, contract.customer_id, _file_name(contract, version.number), content
        )
        version.source = VersionSource.RENDERED.value
    version.file_id, version.file_name, version.sha256 = (
        stored.file_id,
        stored.file_name,
        stored.sha256,
    )
    actor.session.add(version)
    await actor.session.flush()
    return version


async def send(actor: Actor, contract: Contract, version: ContractVersion) -> None:
    """Open a draft version for signature; any other version still awaiting one is
    revoked (the customer signs the latest text only)."""
    if version.state != SignatureState.DRAFT.value:
        raise _error(
            ContractErrorCode.VERSION_NOT_DRAFT,
            f"Version {version.number} is {version.state}; only a draft is sent.",
            "versionId",
        )
    moment = lifecycle.now()
    await _revoke_open(actor, contract, except_id=version.id)
    days = (await read_contract_rules(actor)).signature_days
    version.state, version.sent_at = SignatureState.SENT.value, moment
    version.expires_at = moment + timedelta(days=days)
    await actor.session.flush()
    await audit.record(
        actor, "contracts.send_version", "contract", contract.id, after={"version": version.number}
    )
    await emit(
        actor,
        ContractVersionSent(
            contract_id=contract.id,
            number=contract.number,
            customer_id=contract.customer_id,
            version=version.number,
        ),
    )


async def _revoke_open(actor: Actor, contract: Contract, except_id: uuid.UUID) -> None:
    await actor.session.execute(
        update(ContractVersion)
        .where(
            ContractVersion.tenant_id == contract.tenant_id,
            ContractVersion.contract_id == contract.id,
            ContractVersion.id != except_id,
            ContractVersion.state.in_([SignatureState.DRAFT.value, SignatureState.SENT.value]),
        )
        .values(state=SignatureState.REVOKED.value, revoked_at=lifecycle.now())
        .execution_options(synchronize_session=False)
    )


async def locked_contract(actor: Actor, contract_id: uuid.UUID, action: str = "read") -> Contract:
    """A contract the staff caller reaches, locked: every change of a contract queues here."""
    actor.require_staff()
    return await access.get_scoped(actor, Contract, contract_id, action, lock=True)


async def _version_of(actor: Actor, version_id: uuid.UUID) -> tuple[Contract, ContractVersion]:
    found = await access.get_scoped(actor, ContractVersion, version_id)
    contract = await locked_contract(actor, found.contract_id)
    await actor.session.refresh(found, with_for_update=True)
    return contract, found


async def send_version(actor: Actor, version_id: uuid.UUID) -> Contract:
    """sendContractVersion (contracts:write)."""
    await actor.require("contracts", "write")
    contract, version = await _version_of(actor, version_id)
    await send(actor, contract, version)
    await lifecycle.refresh(actor, contract)
    return contract


async def amend_contract(
    actor: Actor,
    contract_id: uuid.UUID,
    note: str | None,
    upload_id: uuid.UUID | None,
    template_id: uuid.UUID | None,
) -> ContractVersion:
    """amendContract (contracts:write): a new draft version replacing the latest one,
    from an uploaded PDF or the template (the contract's own by default). The replaced
    version stays as it is; a signed one is never touched."""
    await actor.require("contracts", "write")
    contract = await locked_contract(actor, contract_id)
    latest = await _latest(actor, contract)
    template = None
    if upload_id is None:
        template = await template_for(actor, template_id or contract.template_id, ("templateId",))
    version = await add_version(
        actor, contract, template=template, upload_id=upload_id, amends=latest, note=note
    )
    contract.updated_at = lifecycle.now()
    await audit.record(
        actor,
        "contracts.amend",
        "contract",
        contract.id,
        after={"version": version.number, "amends": latest.number if latest else None},
    )
    await lifecycle.refresh(actor, contract)
    return version


async def _latest(actor: Actor, contract: Contract) -> ContractVersion | None:
    return await actor.session.scalar(
        select(ContractVersion)
        .where(
            ContractVersion.tenant_id == contract.tenant_id,
            ContractVersion.contract_id == contract.id,
        )
        .order_by(ContractVersion.number.desc())
        .limit(1)
    )


async def revoke_version(actor: Actor, version_id: uuid.UUID) -> Contract:
    """revokeVersion (contracts:write): withdraw a draft or sent version; a signed one is
    immutable."""
    await actor.require("contracts", "write")
    contract, version = await _version_of(actor, version_id)
    if version.state == SignatureState.SIGNED.value:
        raise _error(
            ContractErrorCode.VERSION_SIGNED,
            f"Version {version.number} is signed and cannot change.",
            "versionId",
        )
    if version.state not in (SignatureState.DRAFT.value, SignatureState.SENT.value):
        raise _error(
            ContractErrorCode.VERSION_NOT_SENT,
            f"Version {version.number} is {version.state}.",
            "versionId",
        )
    before: dict[str, Any] = {"version": version.number, "state": version.state}
    version.state, version.revoked_at = SignatureState.REVOKED.value, lifecycle.now()
    await audit.record(
        actor,
        "contracts.revoke_version",
        "contract",
        contract.id,
        before=before,
        after={"version": version.number, "state": version.state},
    )
    await lifecycle.refresh(actor, contract)
    return contract
