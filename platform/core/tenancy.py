"""Request-scoped context: who is acting, for which tenant, under which request id."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum


class PrincipalKind(str, Enum):
    STAFF = "staff"
    API_CLIENT = "api_client"
    PORTAL = "portal"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller. `subject_id` is a user, API client or portal contact id."""

    kind: PrincipalKind
    tenant_id: uuid.UUID
    subject_id: uuid.UUID
    customer_id: uuid.UUID | None = None
    scopes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def casbin_subject(self) -> str:
        prefix = "user" if self.kind is PrincipalKind.STAFF else "client"
        return f"{prefix}:{self.subject_id}"


request_id_var: ContextVar[str | None] = ContextVar("orbit_request_id", default=None)
tenant_id_var: ContextVar[str | None] = ContextVar("orbit_tenant_id", default=None)
operation_var: ContextVar[str] = ContextVar("orbit_operation", default="-")
