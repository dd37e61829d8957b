"""The importing user's permissions, decided once per transaction of a job.

The services check permissions for every row they write; asking Casbin each time costs more
than the row's SQL. Within one transaction of one job the answers cannot usefully change,
so they are remembered there (a new transaction asks again)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from core.context import Authorizer, DataScope, Services
from core.tenancy import Principal


class RememberingAuthorizer:
    def __init__(self, inner: Authorizer) -> None:
        self.inner = inner
        self._allows: dict[tuple[Principal, str, str], bool] = {}
        self._permissions: dict[Principal, set[tuple[str, str]]] = {}
        self._roles: dict[Principal, list[str]] = {}
        self._scopes: dict[Principal, DataScope] = {}

    async def allows(self, principal: Principal, resource: str, action: str) -> bool:
        key = (principal, resource, action)
        if key not in self._allows:
            self._allows[key] = await self.inner.allows(principal, resource, action)
        return self._allows[key]

    async def permissions(self, principal: Principal) -> set[tuple[str, str]]:
        if principal not in self._permissions:
            self._permissions[principal] = await self.inner.permissions(principal)
        return set(self._permissions[principal])

    async def roles_of(self, principal: Principal) -> list[str]:
        if principal not in self._roles:
            self._roles[principal] = await self.inner.roles_of(principal)
        return list(self._roles[principal])

    async def data_scope(self, principal: Principal) -> DataScope:
        if principal not in self._scopes:
            self._scopes[principal] = await self.inner.data_scope(principal)
        return self._scopes[principal]

    async def publish_change(self, tenant_id: uuid.UUID) -> None:
        await self.inner.publish_change(tenant_id)


def remembering(services: Services) -> Services:
    """The same services, with permission answers remembered (see the module docstring)."""
    return replace(services, authorizer=RememberingAuthorizer(services.authorizer))
