"""GraphQL over HTTP as a client meets it: malformed requests, documents over the limits,
bad tokens, permission failures, cursor pagination, global ids, the per-tenant request
budget, and mutations that either happen completely or not at all. Every error carries a
stable code and never shows internals."""

from __future__ import annotations

import base64
import concurrent.futures
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql.language import Lexer, Source, TokenKind
from joserfc import jwt
from joserfc.jwk import OctKey

from tests.support.database import owner_value
from tests.support.graphql import (
    INVITE,
    SIGN_UP,
    STRONG_PASSWORD,
    GraphQLClient,
    TenantSession,
    graphql_codes,
    invite_and_join,
    sign_up,
    unique_slug,
)
from tests.support.stack import Mailbox, Stack

VIEWER = "query Viewer { viewer { kind user { email } } }"
USERS_PAGE = """query UsersPage($first: Int, $after: String) {
  users(first: $first, after: $after) {
    edges { cursor node { id email } }
    pageInfo { hasNextPage endCursor }
  }
}"""
INTERNALS = re.compile(
    r"Traceback|File \"|sqlalchemy|asyncpg|psycopg|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b"
    r"|\bDELETE FROM\b|violates|duplicate key|relation \"",
    re.IGNORECASE,
)


def assert_no_internals(text: str) -> None:
    leaked = INTERNALS.search(text)
    assert leaked is None, f"response reveals internals ({leaked.group(0)!r}): {text[:500]}"


def post(api: GraphQLClient, **kwargs: Any) -> httpx.Response:
    response = httpx.post(f"{api.base_url}/graphql", timeout=30, **kwargs)
    assert_no_internals(response.text)
    return response


# --- the HTTP envelope --------------------------------------------------------------------


def test_a_body_that_is_not_json_is_a_bad_request(api: GraphQLClient) -> None:
    response = post(
        api, content=b'{"query": "{ viewer { kind } "', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON" in response.text


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("text/plain", b'{"query": "{ __typename }"}'),
        ("application/x-www-form-urlencoded", b"query=%7B+__typename+%7D"),
        ("application/xml", b"<query>{ __typename }</query>"),
    ],
)
def test_only_json_bodies_are_accepted(api: GraphQLClient, content_type: str, body: bytes) -> None:
    response = post(api, content=body, headers={"content-type": content_type})
    assert 400 <= response.status_code < 500
    assert "content type" in response.text.lower()


def test_queries_over_get_are_refused(api: GraphQLClient) -> None:
    response = httpx.get(f"{api.base_url}/graphql", params={"query": "{ __typename }"})
    assert 400 <= response.status_code < 500
    assert "__typename" not in response.text
    assert "not allowed" in response.text


def test_a_request_without_a_query_is_a_bad_request(api: GraphQLClient) -> None:
    response = post(api, json={"variables": {}})
    assert response.status_code == 400
    assert "No GraphQL query" in response.text


def test_an_unknown_operation_name_is_a_bad_request(api: GraphQLClient) -> None:
    response = post(api, json={"query": "query Known { __typename }", "operationName": "Other"})
    assert response.status_code == 400
    assert 'Unknown operation named "Other"' in response.text


def test_graphiql_is_served_only_when_the_development_setting_is_on(
    stack: Stack, api: GraphQLClient
) -> None:
    browser = {"accept": "text/html"}
    off = httpx.get(f"{api.base_url}/graphql", headers=browser)
    assert off.status_code >= 400 and "graphiql" not in off.text.lower()
    with stack.another_api("api-graphiql", {"ORBIT_GRAPHIQL": "true"}) as url:
        on = httpx.get(f"{url}/graphql", headers=browser)
    assert on.status_code == 200 and "graphiql" in on.text.lower()


# --- documents ----------------------------------------------------------------------------


def test_a_syntax_error_is_graphql_parse_failed(api: GraphQLClient) -> None:
    result = post(api, json={"query": "query Broken { users( }"}).json()
    assert graphql_codes(result) == ["GRAPHQL_PARSE_FAILED"]
    assert result["errors"][0]["message"].startswith("Syntax Error")


def test_an_unknown_field_is_graphql_validation_failed(api: GraphQLClient) -> None:
    result = post(api, json={"query": "query Q { tenant { nonsense } }"}).json()
    assert graphql_codes(result) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nonsense" in result["errors"][0]["message"]


def nested(depth: int) -> str:
    return "query Deep { " + "a { " * (depth - 1) + "b" + " }" * (depth - 1) + " }"


def test_a_document_deeper_than_twelve_levels_is_too_complex(api: GraphQLClient) -> None:
    assert "QUERY_TOO_COMPLEX" in graphql_codes(post(api, json={"query": nested(14)}).json())
    assert "QUERY_TOO_COMPLEX" not in graphql_codes(post(api, json={"query": nested(13)}).json())


def test_more_than_thirty_aliases_is_too_complex(api: GraphQLClient) -> None:
    def aliases(n: int) -> str:
        return "query Many { " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"

    assert graphql_codes(post(api, json={"query": aliases(31)}).json()) == ["QUERY_TOO_COMPLEX"]
    assert post(api, json={"query": aliases(30)}).json()["data"]["a29"] == "Query"


def document_of(tokens: int) -> str:
    """A cheap document of exactly `tokens` lexical tokens: one list argument grows."""

    def invite(items: int) -> str:
        roles = ", ".join(['"sales"'] * items)
        return (
            'mutation Big { inviteUser(input: {email: "a@b.example.com", name: "A", '
            f'departmentKey: "sales", roleKeys: [{roles}]}}) {{ userErrors {{ code }} }} }}'
        )

    base = count_tokens(invite(0))
    document = invite(tokens - base)
    assert count_tokens(document) == tokens
    return document


def count_tokens(document: str) -> int:
    lexer = Lexer(Source(document))
    count = 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


def test_more_than_two_thousand_tokens_is_too_complex(api: GraphQLClient) -> None:
    assert graphql_codes(post(api, json={"query": document_of(2001)}).json()) == [
        "QUERY_TOO_COMPLEX"
    ]
    assert graphql_codes(post(api, json={"query": document_of(2000)}).json()) == ["UNAUTHENTICATED"]


def test_a_document_too_costly_to_validate_is_too_complex(api: GraphQLClient) -> None:
    repeated = "query Same { " + " ".join(["__typename"] * 1990) + " }"
    assert graphql_codes(post(api, json={"query": repeated}).json()) == ["QUERY_TOO_COMPLEX"]


# --- tokens and permissions ---------------------------------------------------------------


def forged_token(secret: str, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": "orbit",
        "sub": str(uuid.uuid4()),
        "tid": str(uuid.uuid4()),
        "knd": "staff",
        "iat": now,
        "exp": now + 300,
        **overrides,
    }
    return jwt.encode(
        {"alg": "HS256"}, claims, OctKey.import_key(secret.encode()), algorithms=["HS256"]
    )


def test_bad_bearer_tokens_are_http_401_unauthenticated(
    stack: Stack, api: GraphQLClient, tenant: TenantSession
) -> None:
    secret = stack.env["ORBIT_JWT_SECRET"]
    header, payload, _ = tenant.access_token.split(".")
    tampered_claims = base64.urlsafe_b64decode(payload + "==").replace(b'"staff"', b'"portal"')
    tampered = ".".join(
        [
            header,
            base64.urlsafe_b64encode(tampered_claims).decode().rstrip("="),
            tenant.access_token.rsplit(".", 1)[1],
        ]
    )
    bad = {
        "garbage": "Bearer not-a-token",
        "forged with another key": "Bearer " + forged_token("another-secret-" + "x" * 32),
        "expired": "Bearer "
        + forged_token(secret, iat=int(time.time()) - 3600, exp=int(time.time()) - 60),
        "tampered claims": "Bearer " + tampered,
        "unsigned": "Bearer " + tenant.access_token.rsplit(".", 1)[0] + ".",
        "wrong scheme": "Basic " + base64.b64encode(b"user:password").decode(),
        "scheme only": "Bearer",
    }
    for label, authorization in bad.items():
        response = post(api, json={"query": VIEWER}, headers={"authorization": authorization})
        assert response.status_code == 401, label
        assert graphql_codes(response.json()) == ["UNAUTHENTICATED"], label
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_protected_fields_need_a_token(api: GraphQLClient) -> None:
    for query in (
        VIEWER,
        "query Users { users { edges { node { id } } } }",
        "query Audit { auditLog { edges { node { id } } } }",
        "query Tenant { tenant { name } }",
    ):
        result = post(api, json={"query": query}).json()
        assert graphql_codes(result) == ["UNAUTHENTICATED"], query
        assert result["data"] is None


@pytest.fixture(scope="module")
def owner_and_clerk(api: GraphQLClient, mailbox: Mailbox) -> tuple[TenantSession, TenantSession]:
    owner = sign_up(api)
    clerk = invite_and_join(owner, mailbox, f"clerk@{owner.slug}.example.com", "warehouse")
    return owner, clerk


def test_a_missing_permission_is_forbidden(
    owner_and_clerk: tuple[TenantSession, TenantSession],
) -> None:
    _, clerk = owner_and_clerk
    audit = clerk.client.execute("query Audit { auditLog { edges { node { id } } } }")
    invite = clerk.client.execute(
        INVITE,
        {"input": {"email": f"x@{clerk.slug}.example.com", "name": "X", "departmentKey": "sales"}},
    )
    for result in (audit, invite):
        assert graphql_codes(result) == ["FORBIDDEN"], result
        assert result["data"] is None
        assert_no_internals(str(result))
    # The same clerk may do what the warehouse role grants.
    assert clerk.client.data(VIEWER)["viewer"]["user"]["email"] == clerk.email


def test_text_postgresql_cannot_store_is_refused_clearly(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    """Input PostgreSQL itself would reject (a NUL character, an over-long value) is refused
    with a stable code, without driver or SQL text in the answer."""
    nul = api.execute(
        SIGN_UP,
        {
            "input": {
                "organizationName": "Null\u0000Corp",
                "slug": unique_slug(),
                "ownerName": "Nia",
                "email": f"nia@{uuid.uuid4().hex[:6]}.example.com",
                "password": STRONG_PASSWORD,
            }
        },
    )
    too_long = tenant.client.execute(
        INVITE,
        {
            "input": {
                "email": f"long@{tenant.slug}.example.com",
                "name": "N" * 300,
                "departmentKey": "sales",
            }
        },
    )
    for result in (nul, too_long):
        assert_no_internals(str(result))
    assert graphql_codes(nul) == ["BAD_REQUEST"]
    assert "NUL" in nul["errors"][0]["message"]
    assert too_long["data"]["inviteUser"]["userErrors"] == [
        {"field": ["name"], "code": "TOO_LONG", "message": "Use at most 200 characters."}
    ]


# --- pagination and global ids ------------------------------------------------------------


@pytest.fixture(scope="module")
def team(api: GraphQLClient) -> TenantSession:
    """A tenant with its owner and six invited colleagues: seven users."""
    owner = sign_up(api)
    for i in range(6):
        invited = owner.client.data(
            INVITE,
            {
                "input": {
                    "email": f"member{i}@{owner.slug}.example.com",
                    "name": f"Member {i}",
                    "departmentKey": "sales",
                }
            },
        )["inviteUser"]
        assert invited["userErrors"] == []
    return owner


def test_keyset_pages_walk_every_user_once(team: TenantSession) -> None:
    everyone = team.client.data(USERS_PAGE, {"first": 100})["users"]
    all_ids = [e["node"]["id"] for e in everyone["edges"]]
    assert len(all_ids) == 7 and everyone["pageInfo"]["hasNextPage"] is False

    walked: list[str] = []
    pages: list[tuple[int, bool]] = []
    after = None
    while True:
        page = team.client.data(USERS_PAGE, {"first": 2, "after": after})["users"]
        walked += [e["node"]["id"] for e in page["edges"]]
        pages.append((len(page["edges"]), page["pageInfo"]["hasNextPage"]))
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == all_ids
    assert pages == [(2, True), (2, True), (2, True), (1, False)]


def test_page_size_and_cursor_are_validated(team: TenantSession) -> None:
    cursor = team.client.data(USERS_PAGE, {"first": 1})["users"]["pageInfo"]["endCursor"]
    assert graphql_codes(team.client.execute(USERS_PAGE, {"first": 0})) == ["INVALID_PAGE_SIZE"]
    assert graphql_codes(team.client.execute(USERS_PAGE, {"first": 101})) == ["INVALID_PAGE_SIZE"]
    assert graphql_codes(team.client.execute(USERS_PAGE, {"first": -5})) == ["INVALID_PAGE_SIZE"]
    assert len(team.client.data(USERS_PAGE, {"first": 100})["users"]["edges"]) == 7
    garbage = [
        "%%%",
        "bm90IGpzb24=",
        base64.b64encode(b"[1]").decode(),
        base64.b64encode(b'["not-a-uuid"]').decode(),
        base64.b64encode(b"{}").decode(),
        cursor[:-4],
        base64.b64encode(b'["a", "b"]').decode(),
    ]
    for after in garbage:
        result = team.client.execute(USERS_PAGE, {"first": 2, "after": after})
        assert graphql_codes(result) == ["INVALID_CURSOR"], (after, result)


def test_global_ids_are_opaque_and_resolve_through_node(team: TenantSession) -> None:
    node = team.client.data(USERS_PAGE, {"first": 1})["users"]["edges"][0]["node"]
    row_id = base64.b64decode(node["id"]).decode().split(":", 1)[1]
    assert str(uuid.UUID(row_id)) not in node["id"]
    fetched = team.client.data(
        """query Node($id: ID!) {
        node(id: $id) { __typename id ... on User { email } } }""",
        {"id": node["id"]},
    )["node"]
    assert fetched == {"__typename": "User", "id": node["id"], "email": node["email"]}
    lookup = "query Node($id: ID!) { node(id: $id) { id } }"
    for wrong in (
        "not-a-global-id!",
        base64.b64encode(b"User:not-a-uuid").decode(),
        base64.b64encode(f"NoSuchType:{row_id}".encode()).decode(),
        base64.b64encode(f"Department:{row_id}".encode()).decode(),
        base64.b64encode(f"User:{uuid.uuid4()}".encode()).decode(),
    ):
        assert graphql_codes(team.client.execute(lookup, {"id": wrong})) == ["NOT_FOUND"], wrong


# --- the per-tenant request budget --------------------------------------------------------

RATE_LIMIT = 5


@pytest.fixture(scope="module")
def limited_api(stack: Stack) -> Iterator[GraphQLClient]:
    limit = {"ORBIT_TENANT_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT)}
    with stack.another_api("api-rate-limited", limit) as url:
        yield GraphQLClient(url)


def test_a_tenant_over_its_request_budget_gets_429_and_others_do_not(
    api: GraphQLClient, limited_api: GraphQLClient
) -> None:
    busy, quiet = sign_up(api), sign_up(api)
    if time.time() % 60 > 50:  # keep the burst inside one fixed one-minute window
        time.sleep(61 - time.time() % 60)
    statuses = [
        limited_api.raw(VIEWER, token=busy.access_token).status_code for _ in range(RATE_LIMIT)
    ]
    assert statuses == [200] * RATE_LIMIT
    refused = limited_api.raw(VIEWER, token=busy.access_token)
    assert refused.status_code == 429
    assert graphql_codes(refused.json()) == ["RATE_LIMITED"]
    assert int(refused.headers["retry-after"]) > 0
    assert str(RATE_LIMIT) in refused.json()["errors"][0]["message"]

    assert limited_api.data(VIEWER, token=quiet.access_token)["viewer"]["kind"] == "STAFF"


# --- one transaction per mutation ---------------------------------------------------------


def rows_for(stack: Stack, email: str) -> tuple[int, int]:
    tenants = owner_value(stack, "SELECT count(*) FROM tenants WHERE owner_email = $1", email)
    users = owner_value(stack, "SELECT count(*) FROM users WHERE email = $1", email)
    return int(tenants), int(users)


def test_a_refused_sign_up_writes_nothing(
    stack: Stack, api: GraphQLClient, tenant: TenantSession
) -> None:
    email = f"late@{uuid.uuid4().hex[:8]}.example.com"
    payload = api.data(
        SIGN_UP,
        {
            "input": {
                "organizationName": "Late Comer",
                "slug": tenant.slug,
                "ownerName": "Lee",
                "email": email,
                "password": STRONG_PASSWORD,
            }
        },
    )["signUp"]
    assert [e["code"] for e in payload["userErrors"]] == ["SLUG_TAKEN"]
    assert rows_for(stack, email) == (0, 0)


def test_concurrent_sign_ups_for_one_slug_leave_one_tenant(
    stack: Stack, api: GraphQLClient
) -> None:
    slug = unique_slug("race")
    emails = [f"racer{i}@{slug}.example.com" for i in range(6)]

    def attempt(email: str) -> dict[str, Any]:
        return api.execute(
            SIGN_UP,
            {
                "input": {
                    "organizationName": "Race",
                    "slug": slug,
                    "ownerName": "Rae",
                    "email": email,
                    "password": STRONG_PASSWORD,
                }
            },
        )

    with concurrent.futures.ThreadPoolExecutor(len(emails)) as pool:
        results = list(pool.map(attempt, emails))
    outcomes = sorted(
        "ok"
        if not r["data"]["signUp"]["userErrors"]
        else r["data"]["signUp"]["userErrors"][0]["code"]
        for r in results
        if not r.get("errors")
    )
    assert [graphql_codes(r) for r in results if r.get("errors")] == []
    assert outcomes == ["SLUG_TAKEN"] * 5 + ["ok"]
    assert owner_value(stack, "SELECT count(*) FROM tenants WHERE slug = $1", slug) == 1
    assert (
        owner_value(stack, "SELECT count(*) FROM users WHERE email = ANY($1::text[])", emails) == 1
    )


def test_a_mutation_failing_after_its_first_write_leaves_no_trace(team: TenantSession) -> None:
    member = team.client.data(USERS_PAGE, {"first": 1})["users"]["edges"][0]["node"]
    result = team.client.data(
        """mutation Update($input: UpdateUserInput!) {
        updateUser(input: $input) { user { id } userErrors { field code } } }""",
        {
            "input": {
                "userId": member["id"],
                "name": "Renamed Midway",
                "departmentKey": "no-such-department",
            }
        },
    )["updateUser"]
    assert result == {
        "user": None,
        "userErrors": [{"field": ["departmentKey"], "code": "UNKNOWN_DEPARTMENT"}],
    }
    after = team.client.data(
        """query Node($id: ID!) { node(id: $id) { ... on User { name } } }""", {"id": member["id"]}
    )["node"]
    assert after["name"] != "Renamed Midway"
    entries = team.client.data("""query Audit { auditLog(filter: {action: "users.update"}) {
        edges { node { id } } } }""")["auditLog"]["edges"]
    assert entries == []
