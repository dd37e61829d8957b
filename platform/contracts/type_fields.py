"""Contracts' fields of the GraphQL `Customer` and `Order` types, added by the composition
root (orbit.schema), so neither customers' nor orders' schema needs to know this domain."""

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


class _Row(Protocol):
    id: uuid.UUID


class _Node(Protocol):
    row: _Row


async def _of_customers(actor: Actor, ids: list[uuid.UUID]) -> list[list[Contract]]:
    return await contracts.contracts_of_customers(actor, ids)


async def _customer_contracts(root: _CustomerNode, info: Info) -> list[ContractType]:
    rows = await context_of(info).loader(_of_customers).load(uuid.UUID(str(root.id)))
    return [ContractType.of(row) for row in rows]


async def _of_orders(actor: Actor, ids: list[uuid.UUID]) -> list[list[Contract]]:
    if not await actor.can("contracts", "read"):
        return [[] for _ in ids]
    return await contracts.contracts_of_targets(actor, contracts.LinkKind.ORDER, ids)


async def _order_contracts(root: _Node, info: Info) -> list[ContractType]:
    rows = await context_of(info).loader(_of_orders).load(root.row.id)
    return [ContractType.of(row) for row in rows]


ORDER_FIELDS: dict[str, StrawberryField] = {
    "contracts": strawberry.field(
        resolver=_order_contracts,
        description="The contracts covering the order (empty without contracts:read).",
    )
}
CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "contracts": strawberry.field(
        resolver=_customer_contracts,
        description="The customer's contracts, newest first (empty without contracts:read).",
    )
}
