"""Reading contracts: the staff list (by status, customer, expiring within N days), rows by
id for DataLoaders, versions, signatures and links of contracts already reached, and the
portal contact's own customer's contracts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, select

from contracts.models import Contract, ContractLink, ContractSignature, ContractVersion
from contracts.rules import ContractStatus, LinkKind
from core import access
from core.context import Actor
from core.pagination import Page, keyset_page
from core.tenancy import PrincipalKind

Row = TypeVar("Row")
LIVE = (ContractStatus.ACTIVE, ContractStatus.EXPIRING, ContractStatus.RENEWED)


@dataclass(frozen=True)
class ContractFilter:
    statuses: tuple[ContractStatus, ...] = ()
    customer_id: uuid.UUID | None = None
    expiring_within_days: int | None = None
    today: date | None = None


def _filtered(statement: Select[Any], flt: ContractFilter) -> Select[Any]:
    if flt.statuses:
        statement = statement.where(Contract.status.in_([s.value for s in flt.statuses]))
    if flt.customer_id is not None:
        statement = statement.where(Contract.customer_id == flt.customer_id)
    if flt.expiring_within_days is not None:
        today = flt.today or date.today()
        statement = statement.where(
            Contract.current_term_end <= today + timedelta(days=flt.expiring_within_days),
            Contract.current_term_end >= today,
            Contract.status.in_([s.value for s in LIVE]),
        )
    return statement


async def list_contracts(
    actor: Actor, flt: ContractFilter, first: int | None, after: str | None
) -> Page[Contract]:
    """Contracts of customers in the caller's data scope (contracts:read), newest first."""
    actor.require_staff()
    statement = _filtered(await access.restrict(actor, Contract), flt)
    return await keyset_page(
        actor.session, statement, [Contract.created_at, Contract.id], first=first, after=after
    )


async def portal_contracts(actor: Actor, first: int | None, after: str | None) -> Page[Contract]:
    """The signed-in contact's customer's contracts, newest first."""
    actor.require_portal()
    statement = await access.restrict(actor, Contract, access.PORTAL)
    return await keyset_page(
        actor.session, statement, [Contract.created_at, Contract.id], first=first, after=after
    )


def action_of(actor: Actor) -> str:
    principal = actor.require_principal()
    return access.PORTAL if principal.kind is PrincipalKind.PORTAL else "read"


async def contracts_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Contract | None]:
    """A DataLoader batch: contracts the caller reaches (staff or their own, portal)."""
    return await access.rows_by_id(actor, Contract, ids, action_of(actor))


async def get_contract(actor: Actor, contract_id: uuid.UUID) -> Contract:
    return await access.get_scoped(actor, Contract, contract_id, action_of(actor))


async def _grouped(
    actor: Actor, model: Any, column: Any, ids: Sequence[uuid.UUID], order: Sequence[Any]
) -> list[list[Any]]:
    statement = (await access.restrict(actor, model, action_of(actor))).where(column.in_(ids))
    rows = (await actor.session.scalars(statement.order_by(*order))).all()
    grouped: dict[uuid.UUID, list[Any]] = {i: [] for i in ids}
    for row in rows:
        grouped[getattr(row, column.key)].append(row)
    return [grouped[i] for i in ids]


async def versions_of_contracts(actor: Actor, ids: list[uuid.UUID]) -> list[list[ContractVersion]]:
    """Each contract's versions, newest first (a DataLoader batch)."""
    return await _grouped(
        actor, ContractVersion, ContractVersion.contract_id, ids, [ContractVersion.number.desc()]
    )


async def versions_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ContractVersion | None]:
    return await access.rows_by_id(actor, ContractVersion, ids, action_of(actor))


async def signatures_of_versions(
    actor: Actor, ids: list[uuid.UUID]
) -> list[list[ContractSignature]]:
    """Each version's signatures, in the order they were made (a DataLoader batch)."""
    return await _grouped(
        actor,
        ContractSignature,
        ContractSignature.version_id,
        ids,
        [ContractSignature.signed_at, ContractSignature.id],
    )


async def links_of_contracts(actor: Actor, ids: list[uuid.UUID]) -> list[list[ContractLink]]:
    """The orders and subscriptions each contract covers (staff; a DataLoader batch)."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [[] for _ in ids]
    return await _grouped(
        actor, ContractLink, ContractLink.contract_id, ids, [ContractLink.kind, ContractLink.id]
    )


async def contracts_of_targets(
    actor: Actor, kind: LinkKind, target_ids: list[uuid.UUID]
) -> list[list[Contract]]:
    """The contracts covering each order or subscription (a DataLoader batch)."""
    visible = await access.visible_ids(actor, Contract, action_of(actor))
    rows = (
        await actor.session.execute(
            select(ContractLink.target_id, Contract)
            .join(
                Contract,
                (Contract.tenant_id == ContractLink.tenant_id)
                & (Contract.id == ContractLink.contract_id),
            )
            .where(
                ContractLink.tenant_id == actor.tenant_id,
                ContractLink.kind == kind.value,
                ContractLink.target_id.in_(target_ids),
                Contract.id.in_(visible),
            )
        )
    ).all()
    grouped: dict[uuid.UUID, list[Contract]] = {i: [] for i in target_ids}
    for target_id, contract in rows:
        grouped[target_id].append(contract)
    return [grouped[i] for i in target_ids]


async def contracts_of_quotes(actor: Actor, quote_ids: list[uuid.UUID]) -> list[list[Contract]]:
    """The contracts each quote created (a DataLoader batch)."""
    statement = (await access.restrict(actor, Contract, action_of(actor))).where(
        Contract.quote_id.in_(quote_ids)
    )
    grouped: dict[uuid.UUID, list[Contract]] = {i: [] for i in quote_ids}
    for row in (await actor.session.scalars(statement)).all():
        assert row.quote_id is not None
        grouped[row.quote_id].append(row)
    return [grouped[i] for i in quote_ids]


async def contracts_of_customers(
    actor: Actor, customer_ids: list[uuid.UUID]
) -> list[list[Contract]]:
    """Each customer's contracts, newest first (a DataLoader batch; empty for staff
    without contracts:read)."""
    if not await actor.can("contracts", "read"):
        return [[] for _ in customer_ids]
    statement = (await access.restrict(actor, Contract)).where(
        Contract.customer_id.in_(customer_ids)
    )
    rows = (await actor.session.scalars(statement.order_by(Contract.created_at.desc()))).all()
    grouped: dict[uuid.UUID, list[Contract]] = {i: [] for i in customer_ids}
    for row in rows:
        grouped[row.customer_id].append(row)
    return [grouped[i] for i in customer_ids]
