"""GraphQL for the audit log."""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

import audit.services as audit
from audit.models import AuditEntry
from audit.naming import Names, SubjectName, SubjectPage, names_of
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import decode_id, from_row, id_of

ACTOR_TYPES = {"staff": "User", "api_client": "ApiClient", "portal": "Contact"}


def _actor_global_id(entry: AuditEntry) -> strawberry.ID | None:
    type_name = ACTOR_TYPES.get(entry.actor_kind)
    if entry.actor_id is None or type_name is None:
        return None
    return id_of(type_name, entry.actor_id)


@strawberry.enum(name="AuditSubjectPage", description="The console page an audit subject opens on.")
class AuditSubjectPage(Enum):
    ORDER = "order"
    INVOICE = "invoice"
    PAYMENT = "payment"
    CUSTOMER = "customer"


PAGE_TYPES = {
    SubjectPage.ORDER: "Order",
    SubjectPage.INVOICE: "Invoice",
    SubjectPage.PAYMENT: "Payment",
    SubjectPage.CUSTOMER: "Customer",
}


@strawberry.type(
    name="AuditSubject", description="The record an entry is about, as people name it."
)
class AuditSubjectType:
    label: str = strawberry.field(
        description='Its number or name ("SO-000123", "Acme Ltd"); for a record without one '
        "(a comment, an address), its order's number or its customer's name."
    )
    page: AuditSubjectPage | None = strawberry.field(
        description="The page it opens on (its own, or its order's or customer's); null "
        "when it has none."
    )
    page_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Order, Invoice, Payment or Customer that page shows."
    )

    @classmethod
    def of(cls, subject: SubjectName) -> AuditSubjectType:
        page = subject.page
        return cls(
            label=subject.label,
            page=AuditSubjectPage(page.value) if page else None,
            page_id=id_of(PAGE_TYPES[page], subject.page_id) if page and subject.page_id else None,
        )


@strawberry.type(name="AuditAction", description="An action the audit log holds entries of.")
class AuditActionType:
    code: str = strawberry.field(description="The action, e.g. orders.create.")
    routine: bool = strawberry.field(
        description="Written by every session (sign-ins, token refreshes): left out when "
        "the filter's includeRoutine is false."
    )


@strawberry.type(name="AuditEntry", description="One recorded change: who, what, when.")
class AuditEntryType:
    id: strawberry.ID = strawberry.field(description="Entry id.")
    actor_kind: str = strawberry.field(description="staff, api_client, portal or anonymous.")
    actor_id: strawberry.ID | None = strawberry.field(
        description="Global id of the acting User, ApiClient or Contact (filter by it)."
    )
    actor_label: str = strawberry.field(description="Email or name of the actor at the time.")
    actor_name: str | None = strawberry.field(
        description="The actor's current name (user, API client or portal contact), else the "
        "label recorded at the time; null when the system acted (jobs, automation)."
    )
    action: str = strawberry.field(description="What was done, e.g. users.invite.")
    target_type: str = strawberry.field(description="Kind of record changed.")
    target_id: str | None = strawberry.field(description="Id of the record changed.")
    subject: AuditSubjectType | None = strawberry.field(
        description="The record changed, named and linked; null when it is gone or the "
        "reader may not read that kind of record."
    )
    routine: bool = strawberry.field(
        description="A routine entry (sign-in, token refresh), see AuditAction.routine."
    )
    changes: JSON = strawberry.field(description="Changed fields as {field: {from, to}}.")
    request_id: str | None = strawberry.field(description="Request that made the change.")
    created_at: datetime = strawberry.field(description="When.")

    @classmethod
    def of(cls, entry: AuditEntry, names: Names) -> AuditEntryType:
        subject = names.subject_of(entry)
        return from_row(
            cls,
            entry,
            actor_id=_actor_global_id(entry),
            actor_name=names.actor_of(entry),
            subject=AuditSubjectType.of(subject) if subject else None,
            routine=audit.is_routine(entry.action),
            changes=json.loads(json.dumps(entry.changes)),
        )


@strawberry.input(description="Filters for the audit log.")
class AuditLogFilter:
    action: str | None = strawberry.field(default=None, description="Exact action.")
    include_routine: bool = strawberry.field(
        default=True,
        description="False leaves out routine entries (sign-ins, token refreshes) unless "
        "`action` asks for one.",
    )
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
                include_routine=flt.include_routine,
                actor_id=actor_id,
                target_type=flt.target_type,
                target_id=flt.target_id,
                since=flt.since,
                until=flt.until,
            ),
            first,
            after,
        )
        names = await names_of(actor, page.rows)
        return to_connection(page, lambda entry: AuditEntryType.of(entry, names))

    @strawberry.field(
        description="The actions the audit log holds entries of, alphabetically: the "
        "choices of its action filter (audit:read)."
    )
    async def audit_actions(self, info: Info) -> list[AuditActionType]:
        actor = await context_of(info).reader()
        return [
            AuditActionType(code=code, routine=audit.is_routine(code))
            for code in await audit.recorded_actions(actor)
        ]
