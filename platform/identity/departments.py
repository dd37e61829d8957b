"""Departments: seeded at sign-up, listed to any staff member."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.context import Actor
from core.errors import BusinessRuleError
from core.ids import new_id
from identity.errors import IdentityErrorCode
from identity.models import DEPARTMENT_KEYS, Department

if TYPE_CHECKING:
    pass

DEPARTMENT_NAMES = {
    "sales": "Sales",
    "warehouse": "Warehouse & logistics",
    "finance": "Finance",
    "support": "Support & after-sales",
    "management": "Management",
}


# --- departments -------------------------------------------------------------------------


def built_in_name_code(key: str, name: str) -> str | None:
    """The department's key while it keeps its built-in English name (clients translate
    it); None for a name the tenant gave."""
    return key if DEPARTMENT_NAMES.get(key) == name else None


async def seed_departments(actor: Actor, tenant_id: uuid.UUID) -> dict[str, Department]:
    departments = {
        key: Department(tenant_id=tenant_id, id=new_id(), key=key, name=DEPARTMENT_NAMES[key])
        for key in DEPARTMENT_KEYS
    }
    actor.session.add_all(departments.values())
    await actor.session.flush()
    return departments


async def list_departments(actor: Actor) -> list[Department]:
    actor.require_staff()
    return list(
        (
            await actor.session.scalars(
                select(Department)
                .where(Department.tenant_id == actor.tenant_id)
                .order_by(Department.name)
            )
        ).all()
    )


async def departments_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Department | None]:
    rows = (
        await actor.session.scalars(
            select(Department).where(
                Department.tenant_id == actor.tenant_id, Department.id.in_(ids)
            )
        )
    ).all()
    found = {d.id: d for d in rows}
    return [found.get(i) for i in ids]


async def department_by_key(actor: Actor, key: str) -> Department:
    department = await actor.session.scalar(
        select(Department).where(Department.tenant_id == actor.tenant_id, Department.key == key)
    )
    if department is None:
        raise BusinessRuleError.single(
            IdentityErrorCode.UNKNOWN_DEPARTMENT, f"Unknown department {key!r}.", "departmentKey"
        )
    return department
