"""Documents and bodies built to hurt the API are refused quickly and clearly: fragment
bombs, malformed bodies, ambiguous documents, NUL characters, anonymous introspection, and
the GraphQL-over-HTTP status codes of `application/graphql-response+json`."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx
import pytest

from tests.support.graphql import GraphQLClient, TenantSession, graphql_codes
from tests.support.stack import STACK_LOGS, Stack

# Answers in about 5 ms here; 1 s is the issue's bound, far above, and the bombs it
# replaces took 4 s (20 levels) to forever (40 levels).
SERVER_TIME_BOUND_SECONDS = 1.0
TIMINGS = STACK_LOGS / "graphql-bombs.json"


def server_milliseconds(request_id: str, timeout: float = 20.0) -> float:
    """The API's own measure of a request (its access log line), not the client's wait."""
    log = STACK_LOGS / "api.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if request_id in line and '"http.request"' in line:
                return float(json.loads(line)["duration_ms"])
        time.sleep(0.1)
    raise AssertionError(f"no access log line for request {request_id}")


def post(
    api: GraphQLClient,
    body: bytes | None = None,
    *,
    json_body: Any = None,
    headers: dict[str, str] | None = None,
    token: str | None = None,
) -> httpx.Response:
    all_headers = {"content-type": "application/json", **(headers or {})}
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    content = body if body is not None else json.dumps(json_body).encode()
    return httpx.post(f"{api.base_url}/graphql", content=content, headers=all_headers, timeout=60)


def assert_no_internals(text: str) -> None:
    for leak in ("Traceback", "INTERNAL_SERVER_ERROR", "asyncpg", "sqlalchemy", "SELECT "):
        assert leak not in text


# --- the bombs ----------------------------------------------------------------------------


def spread_chain(levels: int, fan_out: int = 2) -> str:
    """Each fragment spreads the previous one `fan_out` times: fan_out^levels selections."""
    fragments = ["fragment F0 on Query { __typename }"]
    fragments += [
        f"fragment F{i} on Query {{ {' '.join([f'...F{i - 1}'] * fan_out)} }}"
        for i in range(1, levels + 1)
    ]
    return f"query Bomb {{ ...F{levels} }}\n" + "\n".join(fragments)


def wide_spreads(fragments: int, fields: int, field: str = "__typename") -> str:
    """`fragments` fragments of `fields` same-named fields, all spread into one selection."""
    body = " ".join([field] * fields)
    return (
        "query Wide { "
        + " ".join(f"...W{i}" for i in range(fragments))
        + " }\n"
        + "\n".join(f"fragment W{i} on Query {{ {body} }}" for i in range(fragments))
    )


def aliased_pairs(fragments: int, aliases: int) -> str:
    """Same-named object fields whose sub-selections overlapping-fields must compare."""
    sub = " ".join(f"a{j}: __typename" for j in range(aliases))
    return (
        "query Pairs { "
        + " ".join(f"...P{i}" for i in range(fragments))
        + " }\n"
        + "\n".join(f"fragment P{i} on Query {{ viewer {{ {sub} }} }}" for i in range(fragments))
    )


def nested_literal(depth: int) -> str:
    return "query Deep { node(id: " + "[" * depth + '"x"' + "]" * depth + ") { id } }"


BOMBS: dict[str, dict[str, Any]] = {
    "nested spreads, 20 levels": {"query": spread_chain(20)},
    "nested spreads, 40 levels": {"query": spread_chain(40)},
    "repeated spreads, 6 levels of 6": {"query": spread_chain(6, 6)},
    "repeated spreads inside the limits, 9 levels of 2 (runs)": {"query": spread_chain(9)},
    "fragment cycle": {
        "query": "query C { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    },
    "overlapping fields, 40 fragments of 45": {"query": wide_spreads(40, 45)},
    "overlapping fields with many aliases": {"query": aliased_pairs(40, 40)},
    "variables, 150 declared": {
        "query": "query V(" + " ".join(f"$v{i}: Int" for i in range(150)) + ") { __typename }"
    },
    "variables, a list of 200,000": {
        "query": "query L($ids: [ID!]) { __typename }",
        "variables": {"ids": ["x"] * 200_000},
    },
    "variables, a string of 7 MB": {
        "query": "query S($s: String) { __typename }",
        "variables": {"s": "x" * 7_000_000},
    },
    "input literal nested 60 deep": {"query": nested_literal(60)},
    "variables nested 500 deep": {
        "query": "query N($x: [ID]) { __typename }",
        "variables": {"x": json.loads("[" * 500 + "]" * 500)},
    },
}


def test_every_bomb_is_answered_within_a_second(api: GraphQLClient) -> None:
    requests: dict[str, str] = {}
    for name, body in BOMBS.items():
        requests[name] = uuid.uuid4().hex
        response = post(api, json_body=body, headers={"x-request-id": requests[name]})
        assert response.status_code < 500, (name, response.text[:300])
        assert_no_internals(response.text)
        answer = response.json()
        assert answer.get("errors") or answer.get("data"), name
    timings = {name: server_milliseconds(rid) / 1000 for name, rid in requests.items()}
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(timings, indent=2))
    slow = {name: t for name, t in timings.items() if t > SERVER_TIME_BOUND_SECONDS}
    assert slow == {}, f"bombs answered slowly (all timings in {TIMINGS}): {slow}"
    assert httpx.get(f"{api.base_url}/health/live", timeout=5).status_code == 200


def test_a_spread_bomb_is_refused_as_too_complex_before_validation(api: GraphQLClient) -> None:
    for query in (spread_chain(40), spread_chain(6, 6)):
        response = post(api, json_body={"query": query})
        assert graphql_codes(response.json()) == ["QUERY_TOO_COMPLEX"]
        assert "fragment" in response.json()["errors"][0]["message"].lower()


def test_a_fragment_cycle_is_refused(api: GraphQLClient) -> None:
    response = post(api, json_body=BOMBS["fragment cycle"])
    assert graphql_codes(response.json()) == ["QUERY_TOO_COMPLEX"]
    assert "spreads itself" in response.json()["errors"][0]["message"]


def test_a_small_document_of_fragments_still_runs(api: GraphQLClient) -> None:
    response = post(api, json_body={"query": spread_chain(4)})
    assert response.json() == {"data": {"__typename": "Query"}}


def test_too_many_variables_or_too_deep_inputs_are_too_complex(api: GraphQLClient) -> None:
    for name in (
        "variables, 150 declared",
        "variables nested 500 deep",
        "variables, a list of 200,000",
    ):
        assert graphql_codes(post(api, json_body=BOMBS[name]).json()) == ["QUERY_TOO_COMPLEX"], name


# --- malformed bodies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, reason",
    [
        (b'{"query": "{ __typename \xff\xfe }"}', "UTF-8"),
        (
            b'{"query": "{ __typename }", "variables": {"x": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}}",
            "nested too deeply",
        ),
        (b"5", "JSON object"),
        (b'"{ __typename }"', "JSON object"),
        (b'{"query": "{ __typename }", "operationName": 5}', "operationName"),
    ],
)
def test_a_malformed_body_is_a_bad_request_with_a_reason(
    api: GraphQLClient, body: bytes, reason: str
) -> None:
    response = post(api, body)
    assert response.status_code == 400
    assert reason in response.text
    assert_no_internals(response.text)


# --- ambiguous documents and NUL characters -------------------------------------------------


def test_two_operations_without_an_operation_name_run_neither(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    document = (
        'mutation Rename { updateTenantSettings(input: {name: "Renamed by accident"}) '
        "{ userErrors { code } } } query Read { tenant { name } }"
    )
    response = post(api, json_body={"query": document}, token=tenant.access_token)
    assert graphql_codes(response.json()) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "operationName" in response.json()["errors"][0]["message"]
    assert (
        tenant.client.data("query { tenant { name } }")["tenant"]["name"] != "Renamed by accident"
    )


def test_a_nul_written_as_an_escape_in_the_document_is_a_bad_request(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    log_in = (
        'mutation { logIn(input: {tenantSlug: "demo\\u0000", email: "a@b.example.com", '
        'password: "x"}) { accessToken } }'
    )
    portal = (
        'mutation { portalLogIn(input: {tenantSlug: "x\\u0000", email: "a@b.example.com",'
        ' password: "x"}) { accessToken } }'
    )
    api_client = (
        'mutation { createApiClient(input: {name: "Sync", roleKeys: ["sales\\u0000"]})'
        " { userErrors { code } } }"
    )
    for document, token in ((log_in, None), (portal, None), (api_client, tenant.access_token)):
        response = post(api, json_body={"query": document}, token=token)
        assert response.status_code < 500
        assert graphql_codes(response.json()) == ["BAD_REQUEST"], response.text
        assert "NUL" in response.text
        assert_no_internals(response.text)


# --- introspection ------------------------------------------------------------------------

INTROSPECTION = "query Types { __schema { queryType { name } } }"


def test_anonymous_callers_may_not_introspect_but_staff_may(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    anonymous = post(api, json_body={"query": INTROSPECTION})
    assert graphql_codes(anonymous.json()) == ["UNAUTHENTICATED"]
    assert "data" not in anonymous.json() or anonymous.json()["data"] is None
    assert post(api, json_body={"query": "query { __typename }"}).json()["data"] == {
        "__typename": "Query"
    }
    staff = tenant.client.data(INTROSPECTION)
    assert staff["__schema"]["queryType"]["name"] == "Query"


def test_introspection_can_be_turned_off_for_everyone(stack: Stack, tenant: TenantSession) -> None:
    with stack.another_api("api-no-introspection", {"ORBIT_GRAPHQL_INTROSPECTION": "off"}) as url:
        response = httpx.post(
            f"{url}/graphql",
            json={"query": INTROSPECTION},
            timeout=30,
            headers={"authorization": f"Bearer {tenant.access_token}"},
        )
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["FORBIDDEN"]


# --- application/graphql-response+json ----------------------------------------------------

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}


@pytest.mark.parametrize(
    "body",
    [
        {"query": "query Broken { __typename"},
        {"query": "query Unknown { nonsense }"},
        {"query": "query Needs($id: ID!) { __typename }", "variables": {"id": None}},
        {"query": spread_chain(40)},
    ],
)
def test_request_errors_are_400_without_data_for_graphql_response_json(
    api: GraphQLClient, body: dict[str, Any]
) -> None:
    strict = post(api, json_body=body, headers=GRAPHQL_RESPONSE)
    assert strict.status_code == 400
    assert strict.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in strict.json() and strict.json()["errors"]
    classic = post(api, json_body=body, headers={"accept": "application/json"})
    assert classic.status_code == 200
    assert classic.headers["content-type"].startswith("application/json")
    assert classic.json()["data"] is None


def test_a_field_error_keeps_200_and_data_for_graphql_response_json(api: GraphQLClient) -> None:
    response = post(api, json_body={"query": "query { viewer { kind } }"}, headers=GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert "data" in response.json()
    assert graphql_codes(response.json()) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/graphql-response+json", "application/graphql-response+json"),
        (
            "application/graphql-response+json, application/json;q=0.9",
            "application/graphql-response+json",
        ),
        ("application/json, application/graphql-response+json;q=0.5", "application/json"),
    ],
)
def test_the_response_media_type_follows_accept(
    api: GraphQLClient, accept: str | None, expected: str
) -> None:
    headers = {"accept": accept} if accept else {}
    response = httpx.post(
        f"{api.base_url}/graphql",
        json={"query": "{ __typename }"},
        headers={"content-type": "application/json", **headers},
        timeout=30,
    )
    if accept is None:  # httpx adds */* on its own; send the request without any Accept
        with httpx.Client(timeout=30) as client:
            del client.headers["accept"]
            response = client.post(f"{api.base_url}/graphql", json={"query": "{ __typename }"})
            assert "accept" not in response.request.headers
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)


# --- instants past what the database holds ------------------------------------------------


@pytest.mark.parametrize(
    "query, variables",
    [
        (
            "query Q($f: OrderFilterInput) { orders(filter: $f) { edges { cursor } } }",
            {"f": {"createdFrom": "9999-12-31T23:59:59-14:00"}},
        ),
        (
            "query Q($f: OrderFilterInput) { orders(filter: $f) { edges { cursor } } }",
            {"f": {"createdTo": "9999-12-31T23:59:59-14:00"}},
        ),
        (
            "query Q($f: AuditLogFilter) { auditLog(filter: $f) { edges { cursor } } }",
            {"f": {"since": "9999-12-31T23:59:59-14:00"}},
        ),
    ],
)
def test_a_datetime_past_year_9999_in_utc_is_refused_as_input(
    tenant: TenantSession, query: str, variables: dict[str, Any]
) -> None:
    response = tenant.client.raw(query, variables)
    assert response.status_code < 500
    assert_no_internals(response.text)
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
        "GRAPHQL_VALIDATION_FAILED"
    ]
    assert "DateTime" in response.json()["errors"][0]["message"]
