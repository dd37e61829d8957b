"""What a service sees: the process's dependencies and the acting principal's unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import Forbidden, Unauthenticated
from core.security import TokenSigner
from core.settings import Settings
from core.tenancy import Principal, PrincipalKind


class DataScope(str, Enum):
    """How far a role's list and lookup queries reach."""

    OWN = "own"
    DEPARTMENT = "department"
    ALL = "all"


class Authorizer(Protocol):
    """Decides permissions (implemented by the rbac domain with Casbin)."""

    async def allows(self, principal: Principal, resource: str, action: str) -> bool: ...

    async def permissions(self, principal: Principal) -> set[tuple[str, str]]: ...

    async def roles_of(self, principal: Principal) -> list[str]: ...

    async def data_scope(self, principal: Principal) -> DataScope: ...

    async def publish_change(self, tenant_id: uuid.UUID) -> None: ...


# Returns the principal's label (an email or a client's name) while it may act, else None.
PrincipalVerifier = Callable[[AsyncSession, Principal], Awaitable[str | None]]
JobEnqueuer = Callable[..., Awaitable[None]]
# The department of the acting staff user (None for others and users in none): data scope.
DepartmentLookup = Callable[["Actor"], Awaitable[uuid.UUID | None]]


@dataclass
class Services:
    """Process-wide dependencies, built once by the composition root."""

    settings: Settings
    db: Database
    redis: Redis
    signer: TokenSigner
    authorizer: Authorizer
    verify_principal: PrincipalVerifier
    enqueue_job: JobEnqueuer
    department_of: DepartmentLookup


@dataclass
class Actor:
    """One unit of work on behalf of a principal (or of nobody, for sign-up and log-in)."""

    services: Services
    session: AsyncSession
    principal: Principal | None = None
    # Work done by the system itself (event handlers) runs bound to a tenant, acting as nobody.
    system_tenant_id: uuid.UUID | None = None
    request_id: str | None = None
    client_ip: str | None = None
    actor_label: str | None = None

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def tenant_id(self) -> uuid.UUID:
        if self.principal is None and self.system_tenant_id is not None:
            return self.system_tenant_id
        return self.require_principal().tenant_id

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated()
        return self.principal

    def require_staff(self) -> Principal:
        """Staff users and API clients act under RBAC; portal customers never do."""
        principal = self.require_principal()
        if principal.kind is PrincipalKind.PORTAL:
            raise Forbidden()
        return principal

    def require_portal(self) -> Principal:
        principal = self.require_principal()
        if principal.kind is not PrincipalKind.PORTAL or principal.customer_id is None:
            raise Forbidden()
        return principal

    async def require(self, resource: str, action: str) -> Principal:
        """Raise FORBIDDEN unless the principal's roles grant `action` on `resource`."""
        principal = self.require_staff()
        if not await self.services.authorizer.allows(principal, resource, action):
            raise Forbidden(f"Missing permission {resource}:{action}.")
        return principal

    async def can(self, resource: str, action: str) -> bool:
        principal = self.principal
        if principal is None or principal.kind is PrincipalKind.PORTAL:
            return False
        return await self.services.authorizer.allows(principal, resource, action)
