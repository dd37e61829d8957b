"""An integrator gets an API client from the tenant admin, exchanges its credentials for a
token at /oauth/token (OAuth 2.0 client-credentials grant) and calls /graphql under the
roles it was given; revoking or rotating takes effect at once."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.support.api_clients import CREATE_API_CLIENT, Client, create_client
from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, global_id, invite_and_join, sign_up
from tests.support.stack import Mailbox, Stack

LIST = """query ApiClients { apiClients(first: 50) {
  edges { node { id name clientId status roles lastUsedAt revokedAt } } } }"""
REVOKE = """mutation Revoke($id: ID!) { revokeApiClient(apiClientId: $id) {
  apiClient { id status revokedAt } userErrors { field code } } }"""
ROTATE = """mutation Rotate($id: ID!) { rotateApiClientSecret(apiClientId: $id) {
  apiClient { id clientId } clientSecret userErrors { field code } } }"""
VIEWER = "query Viewer { viewer { kind roles user { id } } }"
USERS = "query Users { users(first: 10) { edges { node { id email } } } }"
NODE = "query Node($id: ID!) { node(id: $id) { id ... on User { email } } }"


def token_request(
    api: GraphQLClient, data: dict[str, str], *, basic: tuple[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    return httpx.post(f"{api.base_url}/oauth/token", data=data, auth=basic, timeout=30, **kwargs)


def client_token(api: GraphQLClient, client: Client) -> str:
    response = token_request(
        api, {"grant_type": "client_credentials"}, basic=(client.client_id, client.secret)
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert "errors" not in body and "data" not in body
    if error == "invalid_client":
        assert response.headers["www-authenticate"].startswith("Basic ")


def test_secret_is_shown_once_and_stored_only_as_an_argon2_hash(
    tenant: TenantSession, stack: Stack
) -> None:
    payload = tenant.client.data(
        CREATE_API_CLIENT, {"input": {"name": " ERP sync ", "roleKeys": ["sales"]}}
    )
    created = payload["createApiClient"]
    client = created["apiClient"]

    assert created["userErrors"] == []
    assert client["name"] == "ERP sync" and client["status"] == "ACTIVE"
    assert client["roles"] == ["sales"] and client["lastUsedAt"] is None
    assert client["clientId"].startswith("orbit_")
    secret = created["clientSecret"]
    assert len(secret) >= 40

    listing = tenant.client.raw(LIST)
    assert client["clientId"] in listing.text and secret not in listing.text
    [row] = owner_sql(
        stack, "SELECT secret_hash FROM api_clients WHERE client_id = $1", client["clientId"]
    )
    assert row["secret_hash"].startswith("$argon2id$") and secret not in row["secret_hash"]
    audit = owner_sql(
        stack,
        "SELECT action, changes::text AS changes FROM audit_log WHERE target_type = 'api_client'",
    )
    assert "api_clients.create" in {entry["action"] for entry in audit}
    assert all(secret not in entry["changes"] for entry in audit)


def test_invalid_input_creates_nothing(tenant: TenantSession) -> None:
    blank = tenant.client.data(CREATE_API_CLIENT, {"input": {"name": "  ", "roleKeys": []}})
    unknown = tenant.client.data(
        CREATE_API_CLIENT, {"input": {"name": "BI", "roleKeys": ["wizard"]}}
    )

    assert {(tuple(e["field"]), e["code"]) for e in blank["createApiClient"]["userErrors"]} == {
        (("name",), "REQUIRED"),
        (("roleKeys",), "ROLE_REQUIRED"),
    }
    assert [e["code"] for e in unknown["createApiClient"]["userErrors"]] == ["UNKNOWN_ROLE"]
    assert blank["createApiClient"]["clientSecret"] is None
    assert tenant.client.data(LIST)["apiClients"]["edges"] == []


def test_basic_auth_and_form_post_both_issue_a_bearer_token(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    client = create_client(tenant, ["sales"])

    basic = token_request(
        api, {"grant_type": "client_credentials"}, basic=(client.client_id, client.secret)
    )
    posted = token_request(
        api,
        {
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": client.secret,
        },
    )

    for response in (basic, posted):
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] > 0
        assert "refresh_token" not in body
        assert response.headers["cache-control"] == "no-store"
        viewer = api.data(VIEWER, token=body["access_token"])["viewer"]
        assert viewer == {"kind": "API_CLIENT", "roles": ["sales"], "user": None}
    [listed] = tenant.client.data(LIST)["apiClients"]["edges"]
    assert listed["node"]["lastUsedAt"] is not None


def test_the_clients_roles_decide_what_its_token_may_do(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    sales_client = api.as_(client_token(api, create_client(tenant, ["sales"])))

    emails = [e["node"]["email"] for e in sales_client.data(USERS)["users"]["edges"]]
    assert emails == [tenant.email]
    assert sales_client.error_codes(
        CREATE_API_CLIENT, {"input": {"name": "Escalation", "roleKeys": ["admin"]}}
    ) == ["FORBIDDEN"]
    assert sales_client.error_codes(LIST) == ["FORBIDDEN"]
    assert tenant.client.data(LIST)["apiClients"]["edges"][0]["node"]["name"] == "ERP sync"


def test_bad_credentials_are_invalid_client(api: GraphQLClient, tenant: TenantSession) -> None:
    client = create_client(tenant, ["sales"])
    grant = {"grant_type": "client_credentials"}
    unknown_id = f"orbit_{uuid.uuid4().hex}_{'0' * 24}"

    assert_oauth_error(
        token_request(api, grant, basic=(client.client_id, "wrong")), 401, "invalid_client"
    )
    assert_oauth_error(
        token_request(api, {**grant, "client_id": client.client_id, "client_secret": "wrong"}),
        401,
        "invalid_client",
    )
    assert_oauth_error(
        token_request(api, grant, basic=(unknown_id, client.secret)), 401, "invalid_client"
    )
    assert_oauth_error(
        token_request(api, grant, basic=("not-a-client-id", "x")), 401, "invalid_client"
    )
    assert_oauth_error(token_request(api, grant), 401, "invalid_client")


def test_malformed_token_requests_get_oauth_errors(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    client = create_client(tenant, ["sales"])
    credentials = (client.client_id, client.secret)

    assert_oauth_error(token_request(api, {}, basic=credentials), 400, "invalid_request")
    assert_oauth_error(
        token_request(api, {"grant_type": "password"}, basic=credentials),
        400,
        "unsupported_grant_type",
    )
    assert_oauth_error(
        token_request(
            api, {"grant_type": "client_credentials", "scope": "orders:write"}, basic=credentials
        ),
        400,
        "invalid_scope",
    )
    assert_oauth_error(
        token_request(
            api,
            {"grant_type": "client_credentials", "client_secret": client.secret},
            basic=credentials,
        ),
        400,
        "invalid_request",
    )
    assert_oauth_error(
        token_request(
            api,
            {},
            basic=credentials,
            content="grant_type=client_credentials&grant_type=client_credentials",
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        400,
        "invalid_request",
    )
    as_json = httpx.post(
        f"{api.base_url}/oauth/token",
        json={"grant_type": "client_credentials"},
        auth=credentials,
        timeout=30,
    )
    assert_oauth_error(as_json, 400, "invalid_request")


def test_revoking_ends_the_clients_issued_tokens_at_once(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    client = create_client(tenant, ["sales"])
    token = client_token(api, client)
    assert api.data(VIEWER, token=token)["viewer"]["kind"] == "API_CLIENT"

    revoked = tenant.client.data(REVOKE, {"id": client.id})["revokeApiClient"]

    assert revoked["userErrors"] == []
    assert revoked["apiClient"]["status"] == "REVOKED" and revoked["apiClient"]["revokedAt"]
    assert api.error_codes(VIEWER, token=token) == ["UNAUTHENTICATED"]
    assert_oauth_error(
        token_request(
            api, {"grant_type": "client_credentials"}, basic=(client.client_id, client.secret)
        ),
        401,
        "invalid_client",
    )
    again = tenant.client.data(REVOKE, {"id": client.id})["revokeApiClient"]
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_REVOKED"]
    rotate = tenant.client.data(ROTATE, {"id": client.id})["rotateApiClientSecret"]
    assert [e["code"] for e in rotate["userErrors"]] == ["CLIENT_REVOKED"]
    assert rotate["clientSecret"] is None


def test_rotating_the_secret_retires_the_old_one(api: GraphQLClient, tenant: TenantSession) -> None:
    client = create_client(tenant, ["sales"])

    rotated = tenant.client.data(ROTATE, {"id": client.id})["rotateApiClientSecret"]

    assert rotated["userErrors"] == [] and rotated["apiClient"]["clientId"] == client.client_id
    new_secret = rotated["clientSecret"]
    assert new_secret and new_secret != client.secret
    assert_oauth_error(
        token_request(
            api, {"grant_type": "client_credentials"}, basic=(client.client_id, client.secret)
        ),
        401,
        "invalid_client",
    )
    assert client_token(api, Client(client.id, client.client_id, new_secret))


def test_a_client_cannot_tell_another_tenants_objects_exist(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    other = sign_up(api, name="Other Corp")
    other_owner_id = other.client.data(VIEWER)["viewer"]["user"]["id"]
    own_owner_id = tenant.client.data(VIEWER)["viewer"]["user"]["id"]
    client = create_client(tenant, ["sales"])
    as_client = api.as_(client_token(api, client))

    assert as_client.data(NODE, {"id": own_owner_id})["node"]["email"] == tenant.email
    assert as_client.error_codes(NODE, {"id": other_owner_id}) == ["NOT_FOUND"]
    assert as_client.error_codes(NODE, {"id": global_id("User", uuid.uuid4())}) == ["NOT_FOUND"]
    assert other.client.error_codes(REVOKE, {"id": client.id}) == ["NOT_FOUND"]
    assert other.client.error_codes(NODE, {"id": client.id}) == ["NOT_FOUND"]
    assert tenant.client.data(NODE, {"id": client.id})["node"]["id"] == client.id


def test_staff_without_api_client_permissions_are_forbidden(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    client = create_client(tenant, ["sales"])
    seller = invite_and_join(tenant, mailbox, f"sam@{tenant.slug}.example.com", "sales")

    assert seller.client.error_codes(LIST) == ["FORBIDDEN"]
    assert seller.client.error_codes(
        CREATE_API_CLIENT, {"input": {"name": "Mine", "roleKeys": ["sales"]}}
    ) == ["FORBIDDEN"]
    assert seller.client.error_codes(REVOKE, {"id": client.id}) == ["FORBIDDEN"]
    assert seller.client.error_codes(ROTATE, {"id": client.id}) == ["FORBIDDEN"]
    assert tenant.client.data(LIST)["apiClients"]["edges"][0]["node"]["status"] == "ACTIVE"


def test_repeated_failed_client_authentications_are_throttled_per_address(
    api: GraphQLClient, stack: Stack, tenant: TenantSession
) -> None:
    """Every attempt costs an argon2 check: an address that keeps failing is refused for a
    while (429), even with the right secret, while other addresses are served."""
    client = create_client(tenant, ["sales"])
    grant = {"grant_type": "client_credentials"}
    attacker = {"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250 + 1}"}
    limit = int(stack.env.get("ORBIT_LOGIN_MAX_FAILURES_PER_IP", "30"))

    def attempt(secret: str, headers: dict[str, str]) -> httpx.Response:
        return httpx.post(
            f"{api.base_url}/oauth/token",
            data=grant,
            headers=headers,
            auth=(client.client_id, secret),
            timeout=30,
        )

    for _ in range(limit):
        assert_oauth_error(attempt("wrong", attacker), 401, "invalid_client")
    refused = attempt(client.secret, attacker)

    assert refused.status_code == 429
    assert refused.json()["error"] == "temporarily_unavailable"
    assert int(refused.headers["retry-after"]) > 0
    other = {"X-Forwarded-For": "198.51.100.7"}
    assert attempt(client.secret, other).json()["token_type"] == "Bearer"
