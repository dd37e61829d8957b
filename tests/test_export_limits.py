"""An export over the row limit is refused by the worker with EXPORT_TOO_LARGE, and one at
the limit is written: an API and a worker of their own (their own Redis namespace, the
same database) run with ORBIT_EXPORT_MAX_ROWS lowered."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from tests.support.exports import finished_export, start_export
from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.orders import confirmed_order, open_shop
from tests.support.stack import Stack

LIMIT = 2


@contextmanager
def exports_limited_to(stack: Stack, rows: int) -> Iterator[str]:
    """The URL of an API whose exports a worker limited to `rows` rows writes."""
    limited = {
        "ORBIT_EXPORT_MAX_ROWS": str(rows),
        "ORBIT_REDIS_NAMESPACE": f"orbit-test-exports-{uuid.uuid4().hex[:8]}",
    }
    stack.start("worker-limited-exports", "worker", extra_env=limited)
    try:
        with stack.another_api("api-limited-exports", limited) as url:
            yield url
    finally:
        stack.stop("worker-limited-exports")


def on(url: str, session: TenantSession) -> TenantSession:
    """The same signed-in session, talking to the API at `url`."""
    return replace(session, client=GraphQLClient(url, session.access_token))


def test_an_export_over_the_row_limit_fails_with_export_too_large(
    api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api, stock="1000")
    for _ in range(LIMIT):
        confirmed_order(shop.owner, shop)

    with exports_limited_to(stack, LIMIT) as url:
        owner = on(url, shop.owner)
        at_limit = start_export(owner, "ORDERS", "CSV")
        assert at_limit["userErrors"] == []
        written = finished_export(owner, at_limit["export"]["id"])

        confirmed_order(shop.owner, shop)
        over = start_export(owner, "ORDERS", "CSV")
        assert over["userErrors"] == []
        refused = finished_export(owner, over["export"]["id"])

    assert (written["status"], written["rowCount"]) == ("DONE", LIMIT)
    assert refused["status"] == "FAILED"
    assert refused["failureCode"] == "EXPORT_TOO_LARGE"
    assert refused["failureMessage"] == "The list has more than 2 rows; narrow its filters."
    assert refused["downloadUrl"] is None
