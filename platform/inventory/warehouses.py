"""Warehouses: creating and changing them, and reading them (warehouses:read, or
inventory:read: whoever reads stock also sees which warehouse holds it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from core.ids import new_id
from core.pagination import Page, keyset_page
from inventory import rules
from inventory.errors import InventoryErrorCode
from inventory.models import Warehouse
from inventory.rules import raise_if


@dataclass
class WarehouseInput:
    code: str
    name: str
    regions: list[str] = field(default_factory=list)
    priority: int = 100
    active: bool = True


@dataclass
class WarehouseChanges:
    """Fields left None stay as they are."""

    code: str | None = None
    name: str | None = None
    regions: list[str] | None = None
    priority: int | None = None
    active: bool | None = None


async def readable_warehouses(actor: Actor) -> Select[Warehouse]:
    """The warehouses the caller may read: the access rule's (warehouses:read), or, for a
    stock reader (inventory:read), every warehouse of the tenant: whoever reads stock also
    sees which warehouse holds it (warehouses have no data scope to apply)."""
    if not await actor.can("warehouses", "read") and await actor.can("inventory", "read"):
        return select(Warehouse).where(Warehouse.tenant_id == actor.tenant_id)
    return await access.restrict(actor, Warehouse)


def _warehouse_summary(warehouse: Warehouse) -> dict[str, Any]:
    return {
        "code": warehouse.code,
        "name": warehouse.name,
        "regions": list(warehouse.regions),
        "priority": warehouse.priority,
        "active": warehouse.active,
    }


def violates(error: IntegrityError, constraint: str) -> bool:
    return constraint in str(error.orig)


def _code_taken() -> BusinessRuleError:
    return BusinessRuleError.single(
        InventoryErrorCode.CODE_TAKEN, "Another warehouse already uses this code.", "code"
    )


async def _flush_warehouse(actor: Actor) -> None:
    """Flush, turning a concurrent use of the same code into the same user error."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        if not violates(error, "uq_warehouses_tenant_id_code"):
            raise
        raise _code_taken() from error


async def _check_code_free(actor: Actor, code: str, except_id: uuid.UUID | None = None) -> None:
    others = (await access.restrict(actor, Warehouse, "write")).with_only_columns(Warehouse.id)
    statement = others.where(Warehouse.code == code)
    if except_id is not None:
        statement = statement.where(Warehouse.id != except_id)
    if await actor.session.scalar(statement) is not None:
        raise _code_taken()


async def create_warehouse(actor: Actor, data: WarehouseInput) -> Warehouse:
    await actor.require("warehouses", "write")
    raise_if(rules.check_warehouse(data.code, data.name, data.regions, data.priority))
    code = rules.normalize_code(data.code)
    await _check_code_free(actor, code)
    warehouse = Warehouse(
        tenant_id=actor.tenant_id,
        id=new_id(),
        code=code,
        name=data.name.strip(),
        regions=rules.normalize_regions(data.regions),
        priority=data.priority,
        active=data.active,
    )
    actor.session.add(warehouse)
    await _flush_warehouse(actor)
    await audit.record(
        actor, "warehouses.create", "warehouse", warehouse.id, after=_warehouse_summary(warehouse)
    )
    return warehouse


async def get_warehouse(
    actor: Actor, warehouse_id: uuid.UUID, *, for_update: bool = False
) -> Warehouse:
    """The current tenant's warehouse, or NOT_FOUND (also for another tenant's id). For
    use cases that have authorised their caller (a shipment's warehouse, a stock change)."""
    statement = select(Warehouse).where(
        Warehouse.tenant_id == actor.tenant_id, Warehouse.id == warehouse_id
    )
    if for_update:
        statement = statement.with_for_update()
    warehouse = await actor.session.scalar(statement)
    if warehouse is None:
        raise NotFound()
    return warehouse


async def update_warehouse(
    actor: Actor, warehouse_id: uuid.UUID, changes: WarehouseChanges
) -> Warehouse:
    warehouse = await access.get_scoped(actor, Warehouse, warehouse_id, "write", lock=True)
    raise_if(rules.check_warehouse(changes.code, changes.name, changes.regions, changes.priority))
    before = _warehouse_summary(warehouse)
    if changes.code is not None:
        await _check_code_free(actor, rules.normalize_code(changes.code), except_id=warehouse.id)
        warehouse.code = rules.normalize_code(changes.code)
    if changes.name is not None:
        warehouse.name = changes.name.strip()
    if changes.regions is not None:
        warehouse.regions = rules.normalize_regions(changes.regions)
    if changes.priority is not None:
        warehouse.priority = changes.priority
    if changes.active is not None:
        warehouse.active = changes.active
    await _flush_warehouse(actor)
    await audit.record(
        actor,
        "warehouses.update",
        "warehouse",
        warehouse.id,
        before=before,
        after=_warehouse_summary(warehouse),
    )
    return warehouse


async def list_warehouses(
    actor: Actor, active_only: bool, first: int | None, after: str | None
) -> Page[Warehouse]:
    """Warehouses in the order the warehouse rule tries them: priority, then code."""
    statement = await readable_warehouses(actor)
    if active_only:
        statement = statement.where(Warehouse.active.is_(True))
    return await keyset_page(
        actor.session,
        statement,
        [Warehouse.priority, Warehouse.code],
        first=first,
        after=after,
        descending=False,
    )


async def warehouses_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Warehouse | None]:
    statement = (await readable_warehouses(actor)).where(Warehouse.id.in_(ids))
    rows = (await actor.session.scalars(statement)).all()
    found = {w.id: w for w in rows}
    return [found.get(i) for i in ids]


async def warehouse_names(actor: Actor, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names for messages written by event handlers (no principal, so no access rule)."""
    rows = (
        await actor.session.execute(
            select(Warehouse.id, Warehouse.name).where(
                Warehouse.tenant_id == actor.tenant_id, Warehouse.id.in_(ids)
            )
        )
    ).all()
    return {row_id: name for row_id, name in rows}
