"""Signing a version: the customer's contact in the portal (typing their name and ticking
acceptance) or declining; the company's countersignature by staff with
contracts:countersign. Each signature records the signer, title, time, IP address, user
agent and the SHA-256 of the exact document signed, and the signed PDF (the document with
a signature page appended) is stored as a new file."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import select

import audit.services as audit
from contracts import lifecycle, pdf, storing
from contracts.errors import ContractErrorCode
from contracts.events import ContractDeclined, ContractSigned
from contracts.models import Contract, ContractSignature, ContractVersion
from contracts.rules import Party, SignatureState
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit

MAX_USER_AGENT = 500


@dataclass(frozen=True)
class SignatureInput:
    version_id: uuid.UUID
    document_sha256: str
    signer_name: str
    signer_title: str | None
    accepted: bool
    user_agent: str | None


def _error(code: ContractErrorCode, message: str, *field: str) -> UserError:
    return UserError(code, message, tuple(field))


async def _locked(
    actor: Actor, version_id: uuid.UUID, action: str
) -> tuple[Contract, ContractVersion]:
    """The version and its contract, the contract locked first (as every writer does)."""
    version = await access.get_scoped(actor, ContractVersion, version_id, action)
    contract = await access.get_scoped(actor, Contract, version.contract_id, action, lock=True)
    await actor.session.refresh(version, with_for_update=True)
    return contract, version


async def _signatures(actor: Actor, version: ContractVersion) -> list[ContractSignature]:
    return list(
        (
            await actor.session.scalars(
                select(ContractSignature)
                .where(
                    ContractSignature.tenant_id == version.tenant_id,
                    ContractSignature.version_id == version.id,
                )
                .order_by(ContractSignature.signed_at)
            )
        ).all()
    )


async def _document_errors(
    actor: Actor, version: ContractVersion, shown_sha256: str | None
) -> list[UserError]:
    """DOCUMENT_CHANGED when the stored bytes no longer hash to what the version recorded,
    or when the signer was shown another document."""
    content = await storing.document_bytes(actor, version.file_id)
    stored = hashlib.sha256(content).hexdigest()
    if stored != version.sha256 or (shown_sha256 is not None and shown_sha256 != version.sha256):
        return [
            _error(
                ContractErrorCode.DOCUMENT_CHANGED,
                "The document changed since it was shown; read it again before signing.",
                "documentSha256",
            )
        ]
    return []


def _state_errors(version: ContractVersion, signatures: list[ContractSignature]) -> list[UserError]:
    if version.state == SignatureState.REVOKED.value:
        return [
            _error(
                ContractErrorCode.DOCUMENT_CHANGED,
                f"Version {version.number} was withdrawn; sign the current version.",
                "versionId",
            )
        ]
    if any(s.party == Party.CUSTOMER.value for s in signatures):
        return [
            _error(ContractErrorCode.ALREADY_SIGNED, "This version is already signed.", "versionId")
        ]
    if version.state != SignatureState.SENT.value:
        return [
            _error(
                ContractErrorCode.VERSION_NOT_SENT,
                f"Version {version.number} is {version.state}, not awaiting a signature.",
                "versionId",
            )
        ]
    if version.expires_at is not None and version.expires_at < lifecycle.now():
        return [
            _error(
                ContractErrorCode.VERSION_NOT_SENT,
                f"Version {version.number}'s time for signing has passed.",
                "versionId",
            )
        ]
    return []


def _input_errors(data: SignatureInput) -> list[UserError]:
    errors: list[UserError] = []
    if not data.signer_name.strip():
        errors.append(
            _error(
                ContractErrorCode.SIGNER_NAME_REQUIRED, "Type your full name to sign.", "signerName"
            )
        )
    if not data.accepted:
        errors.append(
            _error(ContractErrorCode.ACCEPTANCE_REQUIRED, "Tick to accept the contract.", "accept")
        )
    return errors


async def _record(
    actor: Actor,
    contract: Contract,
    version: ContractVersion,
    party: Party,
    signer: tuple[str, str | None],
    user_agent: str | None,
) -> ContractSignature:
    principal = actor.require_principal()
    portal = party is Party.CUSTOMER
    signature = ContractSignature(
        tenant_id=contract.tenant_id,
        id=new_id(),
        version_id=version.id,
        contract_id=contract.id,
        customer_id=contract.customer_id,
        party=party.value,
        signer_name=signer[0].strip()[:200],
        signer_title=(signer[1] or "").strip()[:200] or None,
        signed_at=lifecycle.now(),
        ip_address=actor.client_ip,
        user_agent=(user_agent or "")[:MAX_USER_AGENT] or None,
        document_sha256=version.sha256,
        user_id=None if portal else principal.subject_id,
        contact_id=principal.subject_id if portal else None,
    )
    actor.session.add(signature)
    await actor.session.flush()
    await _store_signed_copy(actor, contract, version)
    await audit.record(
        actor,
        "contracts.sign" if portal else "contracts.countersign",
        "contract",
        contract.id,
        after={
            "version": version.number,
            "party": party.value,
            "signer": signature.signer_name,
            "sha256": version.sha256,
        },
    )
    await emit(
        actor,
        ContractSigned(
            contract_id=contract.id,
            number=contract.number,
            customer_id=contract.customer_id,
            version=version.number,
            party=party.value,
        ),
    )
    return signature


async def _store_signed_copy(actor: Actor, contract: Contract, version: ContractVersion) -> None:
    """The document exactly as signed, then a page listing every signature so far."""
    original = await storing.document_bytes(actor, version.file_id)
    lines = [
        pdf.SignatureLine(
            party=s.party,
            signer_name=s.signer_name,
            signer_title=s.signer_title,
            signed_at=s.signed_at,
            ip_address=s.ip_address,
            user_agent=s.user_agent,
            document_sha256=s.document_sha256,
        )
        for s in await _signatures(actor, version)
    ]
    signed = pdf.with_signature_page(
        actor.settings, original, f"Signatures - {contract.number} version {version.number}", lines
    )
    stored = await storing.store_pdf(
        actor,
        version.id,
        contract.customer_id,
        f"{contract.number}-v{version.number}-signed.pdf",
        signed,
    )
    version.signed_file_id = stored.file_id


async def sign_version(actor: Actor, data: SignatureInput) -> Contract:
    """The customer signs a sent version in the portal (their own customer's only)."""
    actor.require_portal()
    contract, version = await _locked(actor, data.version_id, access.PORTAL)
    errors = _input_errors(data)
    errors += _state_errors(version, await _signatures(actor, version))
    if not errors:
        errors += await _document_errors(actor, version, data.document_sha256.strip().lower())
    if errors:
        raise BusinessRuleError(*errors)
    await _record(
        actor,
        contract,
        version,
        Party.CUSTOMER,
        (data.signer_name, data.signer_title),
        data.user_agent,
    )
    version.state, version.signed_at = SignatureState.SIGNED.value, lifecycle.now()
    contract.updated_at = lifecycle.now()
    await lifecycle.refresh(actor, contract)
    return contract


async def decline_version(actor: Actor, version_id: uuid.UUID, reason: str | None) -> Contract:
    """The customer declines to sign a sent version (portal)."""
    actor.require_portal()
    contract, version = await _locked(actor, version_id, access.PORTAL)
    errors = _state_errors(version, await _signatures(actor, version))
    if errors:
        raise BusinessRuleError(*errors)
    version.state, version.declined_at = SignatureState.DECLINED.value, lifecycle.now()
    version.decline_reason = (reason or "").strip()[:2000] or None
    await audit.record(
        actor,
        "contracts.decline",
        "contract",
        contract.id,
        after={"version": version.number, "reason": version.decline_reason},
    )
    await emit(
        actor,
        ContractDeclined(
            contract_id=contract.id,
            number=contract.number,
            customer_id=contract.customer_id,
            version=version.number,
        ),
    )
    await lifecycle.refresh(actor, contract)
    return contract


async def countersign_version(
    actor: Actor, version_id: uuid.UUID, signer_title: str | None, user_agent: str | None
) -> Contract:
    """The company's signature on a version the customer signed (contracts:countersign)."""
    await actor.require("contracts", "countersign")
    contract, version = await _locked(actor, version_id, "read")
    signatures = await _signatures(actor, version)
    if any(s.party == Party.COMPANY.value for s in signatures):
        raise BusinessRuleError(
            _error(
                ContractErrorCode.ALREADY_SIGNED,
                "The company has signed this version.",
                "versionId",
            )
        )
    if not any(s.party == Party.CUSTOMER.value for s in signatures):
        raise BusinessRuleError(
            _error(
                ContractErrorCode.CUSTOMER_NOT_SIGNED,
                "The customer has not signed this version yet.",
                "versionId",
            )
        )
    errors = await _document_errors(actor, version, None)
    if errors:
        raise BusinessRuleError(*errors)
    name = actor.actor_label or str(actor.require_principal().subject_id)
    await _record(actor, contract, version, Party.COMPANY, (name, signer_title), user_agent)
    contract.updated_at = lifecycle.now()
    await lifecycle.refresh(actor, contract)
    return contract
