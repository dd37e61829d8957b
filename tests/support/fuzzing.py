"""Property-based fuzzing of the GraphQL API: documents for every root field drawn from the
schema by hypothesis-graphql, sent over HTTP by an owner or an anonymous caller, and the
checks that an answer (and the API's log of it) shows no internal failure."""

from __future__ import annotations

import functools
import itertools
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql
import httpx
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from tests.support.graphql import GraphQLClient, TenantSession, global_id
from tests.support.orders import ADDRESS

REPO = Path(__file__).resolve().parents[2]
SCHEMA = graphql.build_schema((REPO / "schema.graphql").read_text())

# Mutations that could lock the fuzzing owner out of the rest of the run: end their own
# session (logOut), deactivate or demote a user (the owner among them), or rewrite and delete
# roles. Fuzzed ids are random or those `seed` made (a warehouse, a product, a customer, an
# order: never a user or a role), so none of them can reach the owner today; they still run
# last, so that an id strategy that one day does reach the owner cannot end the owner's run
# early and hide failures of the fields fuzzed after them.
LOCKOUT_RISKS = (
    "logOut",
    "deactivateUser",
    "updateUser",
    "assignRoles",
    "updateRole",
    "deleteRole",
)

# `--hypothesis-profile=long`: many more examples per root field, random ones each run
# (Hypothesis prints the seed that reproduces a failure), shrunk to a minimal document.
# Profiles are looked up when pytest starts, before any test module is imported: this module
# must be loaded first, by an import in tests/conftest.py or with `-p tests.support.fuzzing`.
LONG_PROFILE = "long"
HEALTH_CHECKS = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]
settings.register_profile(
    LONG_PROFILE,
    max_examples=200,
    deadline=None,
    database=None,
    phases=[phase for phase in Phase if phase is not Phase.explain],
    suppress_health_check=HEALTH_CHECKS,
)

# What an answer must never show: a Python stack trace or SQL / driver internals.
LEAKS = ("Traceback", 'File "', "SELECT ", "INSERT ", "asyncpg", "sqlalchemy")
ERROR_LEVELS = {"error", "critical", "exception"}


@dataclass(frozen=True)
class RootField:
    """One field of the Query or Mutation type."""

    operation: str  # "query" or "mutation"
    name: str

    def __str__(self) -> str:
        return f"{self.operation.title()}.{self.name}"


def root_fields() -> list[RootField]:
    """Every root field of the schema, the lockout risks last."""
    assert SCHEMA.query_type is not None and SCHEMA.mutation_type is not None
    fields = [RootField("query", name) for name in SCHEMA.query_type.fields]
    fields += [
        RootField("mutation", name)
        for name in SCHEMA.mutation_type.fields
        if name not in LOCKOUT_RISKS
    ]
    return fields + [RootField("mutation", name) for name in LOCKOUT_RISKS]


# --- documents ------------------------------------------------------------------------------


@functools.cache
def documents(root: RootField, known_ids: tuple[str, ...]) -> st.SearchStrategy[str]:
    """GraphQL documents selecting `root` with arbitrary arguments and sub-selections."""
    build = queries if root.operation == "query" else mutations
    return _as_text(build(SCHEMA, fields=[root.name], custom_scalars=scalar_strategies(known_ids)))


@st.composite
def _as_text(draw: st.DrawFn, printed_documents: st.SearchStrategy[str]) -> str:
    # A copy: Hypothesis prints a value made by map() as the calls that made it, which for
    # a document's syntax tree takes minutes; the document's text says all a reader needs.
    return draw(printed_documents).encode().decode()


ScalarStrategies = dict[str, st.SearchStrategy[graphql.ValueNode]]


def scalar_strategies(known_ids: tuple[str, ...]) -> ScalarStrategies:
    """Our custom scalars, and IDs that are sometimes real: a well-formed value, an edge case
    the parser must refuse cleanly, or anything at all."""
    return {
        "Decimal": decimals(),
        "Date": dates(),
        "DateTime": datetimes(),
        "Time": times(),
        "JSON": json_values(),
        "ID": ids(known_ids),
    }


def _text() -> st.SearchStrategy[graphql.ValueNode]:
    return st.text(max_size=40).map(nodes.String)


def decimals() -> st.SearchStrategy[graphql.ValueNode]:
    """Half of them edge cases: not finite, out of any column's range, or not numbers."""
    edge_cases = st.sampled_from(
        [
            "NaN",
            "-NaN",
            "sNaN",
            "Infinity",
            "-Infinity",
            "inf",
            "1E+1000000000",
            "-1E+1000000000",
            "1E-1000000000",
            "1e999999",
            "99999999999999999999999999.999999",
            "-0",
            "0.000",
            " 1",
            "1,5",
            "0x10",
        ]
    )
    return st.one_of(
        edge_cases.map(nodes.String),
        st.one_of(
            st.decimals(allow_nan=False, allow_infinity=False, places=4).map(nodes.String),
            st.integers().map(nodes.Int),
            st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
            _text(),
        ),
    )


def dates() -> st.SearchStrategy[graphql.ValueNode]:
    edge_cases = st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "0000-00-00",
            "2024-02-30",
            "-0001-01-01",
            "2024-1-1",
            "99999-01-01",
        ]
    )
    return st.one_of(
        edge_cases.map(nodes.String),
        st.one_of(st.dates().map(lambda d: nodes.String(d.isoformat())), _text()),
    )


def times() -> st.SearchStrategy[graphql.ValueNode]:
    """Times of day (opening hours): half of them edge cases a parser must refuse cleanly."""
    edge_cases = st.sampled_from(["24:00", "23:59:60", "-01:00", "9:5", "00:00:00.5", "12"])
    return st.one_of(
        edge_cases.map(nodes.String),
        st.one_of(st.times().map(lambda t: nodes.String(t.isoformat())), _text()),
    )


def datetimes() -> st.SearchStrategy[graphql.ValueNode]:
    """Half of them edge cases: the ends of Python's range, in far-off time zones."""
    edge_cases = st.sampled_from(
        [
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59",
            "0001-01-01T00:00:00",
            "2024-01-01T25:00:00",
            "2024-01-01T00:00:00+99:00",
        ]
    )
    return st.one_of(
        edge_cases.map(nodes.String),
        st.one_of(
            st.datetimes(timezones=st.none() | st.timezones()).map(
                lambda d: nodes.String(d.isoformat())
            ),
            _text(),
        ),
    )


_NAMES = st.from_regex(r"\A[_A-Za-z][_0-9A-Za-z]{0,8}\Z")


def json_values() -> st.SearchStrategy[graphql.ValueNode]:
    """JSON as GraphQL literals (object keys must be GraphQL names)."""
    leaves = st.one_of(
        st.none().map(lambda _: nodes.Null),
        st.booleans().map(nodes.Boolean),
        st.integers().map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        _text(),
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4).map(nodes.List),
            st.dictionaries(_NAMES, children, max_size=4).map(_object),
        ),
        max_leaves=20,
    )


def _object(values: dict[str, graphql.ValueNode]) -> graphql.ObjectValueNode:
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=value)
            for key, value in values.items()
        ]
    )


def _node_types() -> list[str]:
    node = SCHEMA.type_map["Node"]
    assert isinstance(node, graphql.GraphQLInterfaceType)
    return sorted(t.name for t in SCHEMA.get_possible_types(node))


NODE_TYPES = _node_types()


def ids(known_ids: tuple[str, ...]) -> st.SearchStrategy[graphql.ValueNode]:
    """An id of the tenant's seeded objects, a well-formed global id of nothing (any node
    type, maybe not a UUID), a number, or any text."""
    any_node = st.builds(
        global_id, st.sampled_from(NODE_TYPES), st.uuids().map(str) | st.text(max_size=20)
    )
    known = st.sampled_from(known_ids) if known_ids else st.nothing()
    return st.one_of(known, any_node, st.integers().map(str), st.text(max_size=40)).map(
        nodes.String
    )


# --- callers --------------------------------------------------------------------------------

REFRESH = """mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) { accessToken refreshToken userErrors { code } } }"""
TOKEN_LIFETIME_MARGIN_SECONDS = 600  # refreshed well before the 900 s access token expires


@dataclass
class Caller:
    """Who sends the fuzzed documents: a signed-in owner (whose access token is renewed with
    its refresh token before it expires, for long runs) or nobody."""

    name: str
    api: GraphQLClient
    http: httpx.Client
    client_address: str
    session: TenantSession | None = None
    signed_in_at: float = field(default_factory=time.monotonic)

    def headers(self, request_id: str) -> dict[str, str]:
        # A client address of the run's own: the fuzzed logIn failures throttle this address,
        # not 127.0.0.1, which every other test of the session signs in from.
        headers = {"X-Request-ID": request_id, "X-Forwarded-For": self.client_address}
        if self.session is not None:
            headers["Authorization"] = f"Bearer {self._access_token()}"
        return headers

    def _access_token(self) -> str:
        assert self.session is not None
        if time.monotonic() - self.signed_in_at > TOKEN_LIFETIME_MARGIN_SECONDS:
            payload = self.api.data(REFRESH, {"token": self.session.refresh_token})["refreshToken"]
            assert payload["userErrors"] == [], payload["userErrors"]
            self.session.access_token = payload["accessToken"]
            self.session.refresh_token = payload["refreshToken"]
            self.signed_in_at = time.monotonic()
        return self.session.access_token

    def send(self, document: str, request_id: str) -> httpx.Response:
        return self.http.post(
            f"{self.api.base_url}/graphql",
            json={"query": document},
            headers=self.headers(request_id),
        )


def a_test_net_address() -> str:
    """An address of 198.18.0.0/15 (RFC 2544, never routed) for one fuzzing run."""
    number = uuid.uuid4().int
    return f"198.{18 + number % 2}.{number // 2 % 256}.{number // 512 % 254 + 1}"


# --- checks ---------------------------------------------------------------------------------


def problems_in_answer(response: httpx.Response) -> list[str]:
    """Signs of an internal failure in one answer."""
    problems = [f"HTTP {response.status_code}"] if response.status_code >= 500 else []
    problems += [f"the answer contains {leak!r}" for leak in LEAKS if leak in response.text]
    try:
        body = response.json()
    except ValueError:
        return problems
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
            problems.append(f"INTERNAL_SERVER_ERROR at {error.get('path')}: {error['message']}")
    return problems


class ApiLog:
    """The API process's log from a given point on. The file is shared by every test session
    of the checkout (each appends its own API's lines), so lines are told apart by request id:
    every fuzzed request carries one with the run's prefix."""

    def __init__(self, path: Path, request_id_prefix: str, tenant_id: str) -> None:
        self.path = path
        self.prefix = request_id_prefix
        self.tenant_id = tenant_id
        self.offset = path.stat().st_size if path.exists() else 0
        self._partial = b""

    def _new_lines(self) -> list[str]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            if log.seek(0, 2) < self.offset:  # truncated by a new run of scripts/test
                self.offset, self._partial = 0, b""
            log.seek(self.offset)
            chunk = log.read()
        self.offset += len(chunk)
        *lines, self._partial = (self._partial + chunk).split(b"\n")
        return [line.decode("utf-8", "replace") for line in lines]

    def problems_of(self, request_id: str, timeout: float = 15.0) -> list[str]:
        """Unexpected errors logged up to the access line of `request_id` (the last line the
        API writes for a request, once it has answered)."""
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while not any(_is_access_line(line, request_id) for line in lines):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.path} has no access line for {request_id} after {timeout}s"
                )
            time.sleep(0.001)
            lines += self._new_lines()
        return [line for line in lines if self._is_ours(line) and _is_error(line)]

    def _is_ours(self, line: str) -> bool:
        """Lines of this run's requests, and lines of the fuzzing tenant that name no request.
        Lines naming neither cannot be told from those of another session's API (its start-up
        and shutdown); an exception escaping our app is its 500 answer anyway."""
        entry = _parsed(line)
        if entry is None:
            return False
        request_id = entry.get("request_id")
        if request_id is not None:
            return str(request_id).startswith(self.prefix)
        return entry.get("tenant_id") == self.tenant_id


_EXCEPTION_LINE = re.compile(r"^[\w.]+(: |$)")


def readable(line: str) -> str:
    """A log line with the end of its traceback unescaped: the last frames, the exception
    and what follows it (SQLAlchemy adds the statement and its parameters)."""
    entry = _parsed(line)
    if entry is None or "exception" not in entry:
        return line[:2000]
    trace = str(entry.pop("exception")).splitlines()
    raised_at = max(
        (i for i, text in enumerate(trace) if _EXCEPTION_LINE.match(text)), default=len(trace) - 1
    )
    shown = trace[max(0, raised_at - 6) : raised_at + 6]
    return "\n".join([json.dumps(entry), "  ...", *(f"  {text[:1000]}" for text in shown)])


def _parsed(line: str) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def _is_access_line(line: str, request_id: str) -> bool:
    entry = _parsed(line)
    return (
        entry is not None
        and entry.get("event") == "http.request"
        and (entry.get("request_id") == request_id)
    )


def _is_error(line: str) -> bool:
    entry = _parsed(line) or {}
    return str(entry.get("level")) in ERROR_LEVELS or "exception" in entry or "Traceback" in line


@dataclass
class FuzzRun:
    """The callers, the API's log and what was sent, for one fuzzing run."""

    callers: dict[str, Caller]
    log: ApiLog
    known_ids: tuple[str, ...]
    request_ids: Iterator[int] = field(default_factory=itertools.count)
    requests_sent: int = 0
    fields_fuzzed: set[RootField] = field(default_factory=set)

    def problems(self, caller: Caller, root: RootField, document: str) -> list[str]:
        """Send one document; every sign of an internal failure in its answer and log."""
        request_id = f"{self.log.prefix}{next(self.request_ids)}"
        response = caller.send(document, request_id)
        self.requests_sent += 1
        self.fields_fuzzed.add(root)
        found = problems_in_answer(response)
        found += [f"API log: {readable(line)}" for line in self.log.problems_of(request_id)]
        if found:
            found.append(
                f"request id {request_id}; HTTP {response.status_code}: {response.text[:2000]}"
            )
        return found


# --- a tenant with something to point at ----------------------------------------------------

SEED_DOCUMENT = """
mutation Seed($warehouse: CreateWarehouseInput!, $product: CreateProductInput!,
              $customer: CreateCustomerInput!) {
  createWarehouse(input: $warehouse) { warehouse { id } userErrors { code message } }
  createProduct(input: $product) { product { id skus { id } } userErrors { code message } }
  createCustomer(input: $customer) {
    customer { id addresses { id } } userErrors { code message } }
}"""
SEED_ORDER = """
mutation SeedOrder($order: CreateOrderInput!, $stock: ReceiveStockInput!) {
  receiveStock(input: $stock) { stockLevel { id } userErrors { code message } }
  createOrder(input: $order) { order { id lines { id } } userErrors { code message } }
}"""


def seed(session: TenantSession) -> tuple[str, ...]:
    """A warehouse, a stocked product, a customer and a draft order: the ids fuzzed
    arguments sometimes name, so that validation behind the lookups is reached too."""
    made = session.client.data(
        SEED_DOCUMENT,
        {
            "warehouse": {"code": "MAIN", "name": "Main", "regions": [], "priority": 100},
            "product": {
                "code": "BOLT",
                "name": "Bolt",
                "taxRate": "0.1",
                "listPrice": "10.00",
                "cost": "6.00",
            },
            "customer": {"name": "Harbour Supplies", "addresses": [ADDRESS]},
        },
    )
    _no_user_errors(made)
    warehouse_id = made["createWarehouse"]["warehouse"]["id"]
    sku_id = made["createProduct"]["product"]["skus"][0]["id"]
    customer_id = made["createCustomer"]["customer"]["id"]
    ordered = session.client.data(
        SEED_ORDER,
        {
            "stock": {
                "warehouseId": warehouse_id,
                "skuId": sku_id,
                "quantity": "100",
                "reason": "seed",
            },
            "order": {"customerId": customer_id, "lines": [{"skuId": sku_id, "quantity": "2"}]},
        },
    )
    _no_user_errors(ordered)
    return tuple(sorted(set(_ids_in(made)) | set(_ids_in(ordered))))


def _no_user_errors(data: dict[str, Any]) -> None:
    for name, payload in data.items():
        assert payload["userErrors"] == [], (name, payload["userErrors"])


def _ids_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                yield item
            else:
                yield from _ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids_in(item)


def report(write: Callable[[str], None], run: FuzzRun) -> None:
    write(f"GraphQL fuzzing: {len(run.fields_fuzzed)} root fields, {run.requests_sent} requests")
