"""The bare-stack floor for createOrder: Litestar + Strawberry + asyncpg, served by uvicorn
as `orbit serve` is, with no Orbit code. It takes createOrder's input (customer, lines of SKU
and quantity, submit), sends createOrder's statements (create_order_sql.py) through an
asyncpg pool and answers createOrder's payload. Whatever Orbit spends above this app's CPU
per order is Orbit's own, not the stack's.

Strawberry runs with its parser and validation caches on; clients send constant documents
with variables. The principal comes from two headers (X-Tenant-Id, X-User-Id) and is
checked by the statements themselves (the principal read), not by a token.

    .venv/bin/python bench/floor_app.py --dsn postgresql://… --port 8100 --workers 1
"""

from __future__ import annotations

import argparse
import base64
import enum
import gc
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import strawberry
import uvicorn
from litestar import Litestar, Request
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.litestar import make_graphql_controller

sys.path.insert(0, str(Path(__file__).resolve().parent))

from create_order_sql import OrderRefused, OrderRequest, create_order

DSN_STATE = "floor_dsn"
POOL_SIZE = 10  # as Orbit's engine: pool_size 10


@strawberry.enum
class OrderChannel(enum.Enum):
    CONSOLE = "console"
    PORTAL = "portal"
    API = "api"
    IMPORT = "import"
    MARKETPLACE = "marketplace"


@strawberry.enum
class OrderStatus(enum.Enum):
    PENDING_APPROVAL = "pending_approval"
    CONFIRMED = "confirmed"


@strawberry.input
class OrderLineInput:
    sku_id: strawberry.ID | None = None
    quantity: Decimal | None = None


@strawberry.input
class CreateOrderInput:
    customer_id: strawberry.ID | None = None
    lines: list[OrderLineInput] = strawberry.field(default_factory=list)
    channel: OrderChannel = OrderChannel.CONSOLE
    submit: bool = False


@strawberry.type
class Order:
    id: strawberry.ID
    number: str
    status: OrderStatus


@strawberry.type
class UserError:
    field: str
    code: str


@strawberry.type
class CreateOrderPayload:
    order: Order | None
    user_errors: list[UserError]


def raw_id(global_id: str | None, field: str) -> uuid.UUID:
    """The UUID inside a Relay global id (base64 of `Type:uuid`)."""
    try:
        padded = (global_id or "") + "=" * (-len(global_id or "") % 4)
        return uuid.UUID(base64.b64decode(padded).decode().split(":", 1)[1])
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        raise OrderRefused(field, "INVALID_ID") from error


def global_id(type_name: str, value: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(base64.b64encode(f"{type_name}:{value}".encode()).decode())


def order_request(info: strawberry.Info, data: CreateOrderInput) -> OrderRequest:
    headers = info.context["request"].headers
    try:
        tenant, user = uuid.UUID(headers["x-tenant-id"]), uuid.UUID(headers["x-user-id"])
    except (KeyError, ValueError) as error:
        raise OrderRefused("", "UNAUTHENTICATED") from error
    lines = []
    for index, line in enumerate(data.lines):
        if line.quantity is None or line.quantity <= 0:
            raise OrderRefused(f"lines.{index}.quantity", "INVALID_QUANTITY")
        lines.append((raw_id(line.sku_id, f"lines.{index}.skuId"), line.quantity))
    if not lines:
        raise OrderRefused("lines", "NO_LINES")
    return OrderRequest(tenant, user, raw_id(data.customer_id, "customerId"), lines)


@strawberry.type
class Query:
    @strawberry.field
    def ready(self) -> bool:
        return True


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_order(
        self, info: strawberry.Info, input: CreateOrderInput
    ) -> CreateOrderPayload:
        pool: asyncpg.Pool = info.context["request"].app.state.pool
        try:
            request = order_request(info, input)
            async with pool.acquire() as conn:
                created = await create_order(conn, request)
        except OrderRefused as refused:
            return CreateOrderPayload(
                order=None, user_errors=[UserError(field=refused.field, code=refused.code)]
            )
        order = Order(
            id=global_id("Order", created.id),
            number=created.number,
            status=OrderStatus(created.status),
        )
        return CreateOrderPayload(order=order, user_errors=[])


# Instances, so the caches outlive a request (as the API's schema does).
EXTENSIONS: list[Any] = [ParserCache(maxsize=512), ValidationCache(maxsize=512)]
SCHEMA = strawberry.Schema(query=Query, mutation=Mutation, extensions=EXTENSIONS)


async def context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    return {"request": request}


def create_app() -> Litestar:
    import os

    dsn = os.environ["FLOOR_DATABASE_URL"]

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=POOL_SIZE)
        # The same collector tuning as the API's (orbit/cli.py), so neither side pays
        # pauses the other does not.
        gc.collect()
        gc.freeze()
        gc.set_threshold(100_000, 50, 100)
        try:
            yield
        finally:
            await app.state.pool.close()

    controller = make_graphql_controller(
        SCHEMA, path="/graphql", context_getter=context, graphql_ide=None
    )
    return Litestar(route_handlers=[controller], lifespan=[lifespan], debug=False)


def main() -> None:
    import os

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dsn", required=True, help="the database, as the application role")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    os.environ["FLOOR_DATABASE_URL"] = args.dsn
    uvicorn.run(
        "floor_app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,
        app_dir=str(Path(__file__).resolve().parent),
    )


if __name__ == "__main__":
    main()
