"""`orbit serve --workers N`: several API processes behind one port behave as one API
(sign-up, log-in and an order across processes, policy changes heard by all of them), and
/metrics adds up every process's figures."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.support.graphql import GraphQLClient, sign_up
from tests.support.orders import confirmed_order, open_shop
from tests.support.stack import Stack, free_port, wait_ready

REQUESTS = 40
# Two processes each build the app at start-up: slow on a busy two-core machine.
pytestmark = pytest.mark.timeout(300)


def requests_counted(metrics: str) -> float:
    """All GraphQL requests the API's access metric has counted."""
    return sum(
        float(value)
        for value in re.findall(
            r'^orbit_http_requests_total\{[^}]*route="/graphql"[^}]*\} ([0-9.e+]+)$',
            metrics,
            re.MULTILINE,
        )
    )


def test_several_api_processes_serve_as_one(stack: Stack) -> None:
    name, port = "api-two-processes", free_port()
    log = stack.logs / f"{name}.log"
    earlier_runs = log.read_text() if log.exists() else ""
    process = stack.start(
        name, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, log)
        api = GraphQLClient(url)
        shop = open_shop(api)
        order = confirmed_order(shop.owner, shop)
        assert order["status"] == "CONFIRMED"
        for _ in range(REQUESTS):
            assert shop.owner.client.data("query { viewer { kind } }")["viewer"]["kind"]
        other = sign_up(api)
        assert other.client.data("query { viewer { kind } }")["viewer"]["kind"]

        metrics = httpx.get(f"{url}/metrics", timeout=10).text
        assert requests_counted(metrics) >= REQUESTS
        children = [
            line
            for line in log.read_text().removeprefix(earlier_runs).splitlines()
            if "Started server process" in line
        ]
        assert len(children) == 2, "two API processes started"
    finally:
        stack.stop(name)
    assert process.returncode == 0
