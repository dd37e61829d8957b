"""Contracts' fields of the GraphQL `Customer` type, added by the composition root
(orbit.schema), so customers' schema needs not know this domain."""

from __future__ import annotations

import uuid
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

import contracts.services as contracts
from contracts.models import Contract
from contracts.types_schema import ContractType
from core.context import Actor
from core.gql.context import context_of


class _CustomerNode(Protocol):
    id: str


async def _of_customers(actor: Actor, ids: list[uuid.UUID]) -> list[list[Contract]]:
    return await contracts.contracts_of_customers(actor, ids)


async def _customer_contracts(root: _CustomerNode, info: Info) -> list[ContractType]:
    rows = await context_of(info).loader(_of_customers).load(uuid.UUID(str(root.id)))
    return [ContractType.of(row) for row in rows]


CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "contracts": strawberry.field(
        resolver=_customer_contracts,
        description="The customer's contracts, newest first (empty without contracts:read).",
    )
}
