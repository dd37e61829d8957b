"""GraphQL for the audit log."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

import audit.services as audit
from audit.models import AuditEntry
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import decode_id, from_row, id_of

ACTOR_TYPES = {"staff": "User", "api_client": "ApiClient", "portal": "Contact"}


def _actor_global_id(entry: AuditEntry) -> strawberry.ID | None:
    type_name = ACTOR_TYPES.get(entry.actor_kind)
    if entry.actor_id is None or type_name is None:
        return None
    return id_of(type_name, entry.actor_id)


@strawberry.type(name="AuditEntry", description="One recorded change: who, what, when.")
class AuditEntryType:
    id: strawberry.ID = strawberry.field(description="Entry id.")
    actor_kind: str = strawberry.field(description="staff, api_client, portal or anonymous.")
    actor_id: strawberry.ID | None = strawberry.field(
        description="Global id of the acting User, ApiClient or Contact (filter by it)."
    )
    actor_label: str = strawberry.field(description="Email or name of the actor at the time.")
    action: str = strawberry.field(description="What was done, e.g. users.invite.")
    target_type: str = strawberry.field(description="Kind of record changed.")
    target_id: str | None = strawberry.field(description="Id of the record changed.")
    changes: JSON = strawberry.field(description="Changed fields as {field: {from, to}}.")
    request_id: str | None = strawberry.field(description="Request that made the change.")
    created_at: datetime = strawberry.field(description="When.")

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryType:
        return from_row(
            cls,
            entry,
            actor_id=_actor_global_id(entry),
            changes=json.loads(json.dumps(entry.changes)),
        )


@strawberry.input(description="Filters for the audit log.")
class AuditLogFilter:
    action: str | None = strawberry.field(default=None, description="Exact action.")
    actor_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of a User, ApiClient or Contact, as `actorId` of an entry gives it.",
    )
    target_type: str | None = strawberry.field(default=None, description="Kind of record.")
    target_id: str | None = strawberry.field(default=None, description="Id of the record.")
    since: datetime | None = strawberry.field(default=None, description="At or after.")
    until: datetime | None = strawberry.field(default=None, description="Before.")


@strawberry.type
class Query:
    @strawberry.field(description="The audit log, newest first (audit:read).")
    async def audit_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: AuditLogFilter | None = None,
    ) -> Connection[AuditEntryType]:
        flt = filter or AuditLogFilter()
        actor = await context_of(info).reader()
        actor_id = decode_id(flt.actor_id, *ACTOR_TYPES.values()) if flt.actor_id else None
        page = await audit.list_entries(
            actor,
            audit.AuditFilter(
                action=flt.action,
                actor_id=actor_id,
                target_type=flt.target_type,
                target_id=flt.target_id,
                since=flt.since,
                until=flt.until,
            ),
            first,
            after,
        )
        return to_connection(page, AuditEntryType.of)
