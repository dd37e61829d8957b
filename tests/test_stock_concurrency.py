"""Stock under concurrency: available stock never goes below zero, multi-line reservations
over the same SKUs in different orders never deadlock, and a release runs once however
often it is called at the same time.

Orders (which will reserve over HTTP) come later, so these tests drive the inventory
services in-process, exactly as the orders domain calls them: each reservation in its own
transaction on the stack's database, many at once on a shared connection pool.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest

import inventory.services as inventory
from core.context import Actor
from core.errors import BusinessRuleError
from tests.support.catalog import create_sku
from tests.support.graphql import GraphQLClient, TenantSession, sign_up
from tests.support.inventory import (
    MOVEMENTS,
    amounts,
    create_warehouse,
    level_of,
    qty,
    receive,
)
from tests.support.services import StaffUser, as_user, in_process, line
from tests.support.stack import Stack, run_async

Work = Callable[[Actor], Awaitable[Any]]


@pytest.fixture
def owner(api: GraphQLClient) -> TenantSession:
    return sign_up(api, name="Rush Hour Retail")


async def all_at_once_in_process(stack: Stack, staff: StaffUser, works: list[Work]) -> list[Any]:
    """Run every unit of work in its own transaction, released together; business errors
    are returned, anything else (a deadlock) fails the test."""
    async with in_process(stack, pool_size=10) as services:
        start = asyncio.Event()

        async def run(work: Work) -> Any:
            await start.wait()
            try:
                return await as_user(services, staff, work)
            except BusinessRuleError as error:
                return error

        tasks = [asyncio.create_task(run(work)) for work in works]
        await asyncio.sleep(0)
        start.set()
        return await asyncio.gather(*tasks)


def reservation_of(lines: list[inventory.ReservationRequest]) -> Work:
    return lambda actor: inventory.reserve(actor, lines, allow_backorder=False)


def ledger_totals(session: TenantSession, sku_id: str) -> tuple[Decimal, Decimal, int]:
    """Sums of the on-hand and reserved deltas of a SKU, and the number of movements."""
    edges = session.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    nodes = [e["node"] for e in edges]
    return (
        sum((Decimal(n["onHandDelta"]) for n in nodes), Decimal(0)),
        sum((Decimal(n["reservedDelta"]) for n in nodes), Decimal(0)),
        len(nodes),
    )


def test_fifty_concurrent_reservations_for_ten_units_reserve_exactly_ten(
    stack: Stack, owner: TenantSession
) -> None:
    warehouse_id = create_warehouse(owner, "MAIN")
    sku_id = create_sku(owner, "HOT-ITEM")
    receive(owner, warehouse_id, sku_id, "10")
    staff = StaffUser.of(owner)

    outcomes = run_async(
        all_at_once_in_process(
            stack, staff, [reservation_of([line(sku_id, "1")]) for _ in range(50)]
        )
    )

    won = [o for o in outcomes if not isinstance(o, BusinessRuleError)]
    lost = [o for o in outcomes if isinstance(o, BusinessRuleError)]
    assert (len(won), len(lost)) == (10, 40)
    assert {(e.code, e.field) for o in lost for e in o.errors} == {
        ("INSUFFICIENT_STOCK", ("lines", "0", "quantity"))
    }
    assert all("available: 0" in o.errors[0].message for o in lost)
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 10, 0, 0)
    assert ledger_totals(owner, sku_id) == (10, 10, 11)


def test_concurrent_reservations_of_mixed_sizes_never_oversell(
    stack: Stack, owner: TenantSession
) -> None:
    warehouse_id = create_warehouse(owner, "MAIN")
    sku_id = create_sku(owner, "SCARCE")
    receive(owner, warehouse_id, sku_id, "10")
    sizes = [random.choice((1, 2, 3)) for _ in range(30)]

    outcomes = run_async(
        all_at_once_in_process(
            stack,
            StaffUser.of(owner),
            [reservation_of([line(sku_id, str(size))]) for size in sizes],
        )
    )

    reserved = sum(
        size
        for size, o in zip(sizes, outcomes, strict=True)
        if not isinstance(o, BusinessRuleError)
    )
    on_hand, held, available, _ = amounts(level_of(owner, warehouse_id, sku_id))
    assert (on_hand, held) == (10, reserved)
    assert available is not None and 0 <= available < min(sizes)
    for size, outcome in zip(sizes, outcomes, strict=True):
        if isinstance(outcome, BusinessRuleError):
            params = outcome.errors[0].params or {}
            assert Decimal(params["available"]) < size
    assert ledger_totals(owner, sku_id)[:2] == (10, reserved)


def test_multi_line_reservations_over_shared_skus_in_any_order_never_deadlock(
    stack: Stack, owner: TenantSession
) -> None:
    north = create_warehouse(owner, "NORTH", ["NORTH"], priority=10)
    south = create_warehouse(owner, "SOUTH", ["SOUTH"], priority=20)
    skus = [create_sku(owner, f"SHARED-{i}") for i in range(3)]
    for warehouse_id in (north, south):
        for sku_id in skus:
            receive(owner, warehouse_id, sku_id, "100")
    orders = []
    for index in range(16):
        shuffled = random.sample(skus, k=len(skus))
        region = "NORTH" if index % 2 else "SOUTH"
        orders.append([line(sku_id, "2", region=region) for sku_id in shuffled])

    outcomes = run_async(
        all_at_once_in_process(
            stack, StaffUser.of(owner), [reservation_of(lines) for lines in orders]
        )
    )

    assert [o for o in outcomes if isinstance(o, BusinessRuleError)] == []
    for sku_id in skus:
        assert [amounts(level_of(owner, w, sku_id))[:3] for w in (north, south)] == [
            (100, 16, 84),
            (100, 16, 84),
        ]


def test_a_release_called_many_times_at_once_gives_stock_back_once(
    stack: Stack, owner: TenantSession
) -> None:
    warehouse_id = create_warehouse(owner, "MAIN")
    sku_id = create_sku(owner, "RETURNED")
    receive(owner, warehouse_id, sku_id, "10")
    staff = StaffUser.of(owner)
    reference = uuid.uuid4()
    run_async(
        all_at_once_in_process(
            stack, staff, [reservation_of([line(sku_id, "4", reference=reference)])]
        )
    )

    run_async(
        all_at_once_in_process(
            stack, staff, [lambda actor: inventory.release(actor, [reference]) for _ in range(10)]
        )
    )

    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 0, 10, 0)
    reserved_deltas = [
        qty(e["node"]["reservedDelta"])
        for e in owner.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    ]
    assert reserved_deltas == [-4, 4, 0]
