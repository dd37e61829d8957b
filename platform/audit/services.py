"""Writing and reading the audit log. Every mutation's service calls `record`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert

from audit.models import AuditEntry
from core import access
from core.context import Actor
from core.ids import new_id
from core.pagination import Page, keyset_page


def _summary(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """Only the fields that changed, each as {from, to}; secrets are never passed in."""
    before, after = before or {}, after or {}
    keys = sorted(set(before) | set(after))
    return {
        k: {"from": before.get(k), "to": after.get(k)}
        for k in keys
        if before.get(k) != after.get(k)
    }


async def record(
    actor: Actor,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    tenant_id: uuid.UUID | None = None,
    actor_label: str | None = None,
    actor_id: uuid.UUID | None = None,
) -> None:
    principal = actor.principal
    actor.session.add(
        AuditEntry(
            tenant_id=tenant_id or actor.tenant_id,
            id=new_id(),
            actor_kind=principal.kind.value if principal else "anonymous",
            actor_id=actor_id or (principal.subject_id if principal else None),
            actor_label=actor_label
            or actor.actor_label
            or (str(principal.subject_id) if principal else "anonymous"),
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id else None,
            changes=_summary(before, after),
            request_id=actor.request_id,
        )
    )


_TABLE = cast(Table, AuditEntry.__table__)
# With RETURNING, SQLAlchemy sends the rows as one multi-row INSERT ("insertmanyvalues");
# built once, as order entry writes its entries through it.
_INSERT_MANY = insert(_TABLE).returning(*_TABLE.primary_key)


@dataclass(frozen=True)
class AuditRecord:
    """One entry of `record_many`: what `record` takes, for one target."""

    action: str
    target_type: str
    target_id: uuid.UUID | str | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


async def record_many(actor: Actor, records: Sequence[AuditRecord]) -> None:
    """`record` for many targets at once (batch paths such as imports): the same entries,
    written by one multi-row INSERT right away rather than one row each at the next flush."""
    if not records:
        return
    principal = actor.principal
    rows = [
        {
            "tenant_id": actor.tenant_id,
            "id": new_id(),
            "actor_kind": principal.kind.value if principal else "anonymous",
            "actor_id": principal.subject_id if principal else None,
            "actor_label": actor.actor_label
            or (str(principal.subject_id) if principal else "anonymous"),
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": str(entry.target_id) if entry.target_id else None,
            "changes": _summary(entry.before, entry.after),
            "request_id": actor.request_id,
        }
        for entry in records
    ]
    await actor.session.execute(_INSERT_MANY, rows)


# Entries every session writes (sign-ins, token refreshes, inbox reads): the console leaves
# them out of its default view so that changes to business records stand out.
ROUTINE_ACTIONS = frozenset(
    {
        "auth.log_in",
        "auth.log_out",
        "auth.refresh",
        "auth.client_credentials",
        "portal.log_in",
        "portal.request_magic_link",
        "notifications.mark_read",
    }
)


@dataclass
class AuditFilter:
    action: str | None = None
    include_routine: bool = True
    actor_id: uuid.UUID | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_entries(
    actor: Actor, flt: AuditFilter, first: int | None, after: str | None
) -> Page[AuditEntry]:
    stmt = await access.restrict(actor, AuditEntry)
    if flt.action:
        stmt = stmt.where(AuditEntry.action == flt.action)
    elif not flt.include_routine:
        stmt = stmt.where(AuditEntry.action.not_in(ROUTINE_ACTIONS))
    if flt.actor_id:
        stmt = stmt.where(AuditEntry.actor_id == flt.actor_id)
    if flt.target_type:
        stmt = stmt.where(AuditEntry.target_type == flt.target_type)
    if flt.target_id:
        stmt = stmt.where(AuditEntry.target_id == flt.target_id)
    if flt.since:
        stmt = stmt.where(AuditEntry.created_at >= flt.since)
    if flt.until:
        stmt = stmt.where(AuditEntry.created_at < flt.until)
    return await keyset_page(actor.session, stmt, [AuditEntry.id], first=first, after=after)


async def recorded_actions(actor: Actor) -> list[str]:
    """Every action the tenant's log holds, alphabetically (the action filter's choices)."""
    rows = await access.restrict(actor, AuditEntry)
    stmt = rows.with_only_columns(AuditEntry.action).distinct()
    return sorted(await actor.session.scalars(stmt))


def is_routine(action: str) -> bool:
    return action in ROUTINE_ACTIONS
