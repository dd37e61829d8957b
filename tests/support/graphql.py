"""A GraphQL-over-HTTP client for tests, what every domain's tests read from its answers
(user errors, error codes, global ids), and the tenant and colleagues they act as."""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.stack import Mailbox, body_text

STRONG_PASSWORD = "orbit-Test-passphrase-42"


class GraphQLClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.token = token

    def raw(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        operation_name: str | None = None,
    ) -> httpx.Response:
        all_headers = {**(headers or {})}
        bearer = token or self.token
        if bearer:
            all_headers["Authorization"] = f"Bearer {bearer}"
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name:
            body["operationName"] = operation_name
        return httpx.post(f"{self.base_url}/graphql", json=body, headers=all_headers, timeout=30)

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The full response body (data and errors)."""
        response = self.raw(query, variables, **kwargs)
        result: dict[str, Any] = response.json()
        return result

    def data(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """`data` of a response that must have no errors."""
        result = self.execute(query, variables, **kwargs)
        assert not result.get("errors"), result["errors"]
        data: dict[str, Any] = result["data"]
        return data

    def error_codes(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> list[str]:
        return graphql_codes(self.execute(query, variables, **kwargs))

    def as_(self, token: str) -> GraphQLClient:
        return GraphQLClient(self.base_url, token)


def graphql_codes(body: dict[str, Any]) -> list[str]:
    """The `extensions.code` of each GraphQL error in a response body."""
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def errors_of(payload: dict[str, Any]) -> set[tuple[tuple[str, ...], str]]:
    """A mutation payload's user errors as (field path, code), order aside."""
    return {(tuple(e["field"] or ()), e["code"]) for e in payload["userErrors"]}


def ordered_errors_of(payload: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    """A mutation payload's user errors as (field path, code), in the API's order."""
    return [(tuple(e["field"] or ()), e["code"]) for e in payload["userErrors"]]


def codes_of(payload: dict[str, Any]) -> list[str]:
    """The codes of a mutation payload's user errors, in the API's order."""
    return [e["code"] for e in payload["userErrors"]]


def global_id(type_name: str, row_id: object) -> str:
    """The Relay global id of a row: base64 of "Type:id"."""
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()


def row_id(node_id: str) -> str:
    """The row id inside a Relay global id."""
    padded = node_id + "=" * (-len(node_id) % 4)
    return base64.b64decode(padded).decode().split(":", 1)[1]


def row_uuid(node_id: str) -> uuid.UUID:
    return uuid.UUID(row_id(node_id))


def client_address() -> dict[str, str]:
    """A client address of the caller's own (the stack trusts X-Forwarded-For from
    127.0.0.1), so per-address limits are not shared with other tests."""
    return {
        "X-Forwarded-For": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}."
        f"{uuid.uuid4().int % 250 + 1}"
    }


SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    accessToken refreshToken expiresIn
    tenant { id slug name }
    userErrors { field code message }
  }
}"""

LOG_IN = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { accessToken refreshToken userErrors { field code message } }
}"""

INVITE = """
mutation Invite($input: InviteUserInput!) {
  inviteUser(input: $input) { user { id email status roles } userErrors { field code message } }
}"""

ACCEPT = """
mutation Accept($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { accessToken refreshToken userErrors { field code message } }
}"""


@dataclass
class TenantSession:
    """A signed-up tenant and its owner's session."""

    slug: str
    email: str
    password: str
    access_token: str
    refresh_token: str
    client: GraphQLClient


def unique_slug(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sign_up(
    api: GraphQLClient, slug: str | None = None, name: str = "Acme Trading"
) -> TenantSession:
    slug = slug or unique_slug()
    email = f"owner@{slug}.example.com"
    payload = api.data(
        SIGN_UP,
        {
            "input": {
                "organizationName": name,
                "slug": slug,
                "ownerName": "Olivia Owner",
                "email": email,
                "password": STRONG_PASSWORD,
            }
        },
    )["signUp"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return TenantSession(
        slug,
        email,
        STRONG_PASSWORD,
        payload["accessToken"],
        payload["refreshToken"],
        api.as_(payload["accessToken"]),
    )


def staff_email(tenant: TenantSession, name: str) -> str:
    """A new colleague's address at the tenant, unique across tests."""
    return f"{name}-{uuid.uuid4().hex[:6]}@{tenant.slug}.example.com"


def invitation_token(mailbox: Mailbox, to: str) -> str:
    message = mailbox.wait_for(to, "invit")[-1]
    match = re.search(r"token=([A-Za-z0-9_.\-]+)", body_text(message))
    assert match, body_text(message)
    return match.group(1)


def accept_invitation(client: GraphQLClient, token: str) -> dict[str, Any]:
    """acceptInvitation with the emailed token (committed before its email left)."""
    variables = {"input": {"token": token, "password": STRONG_PASSWORD}}
    payload: dict[str, Any] = client.data(ACCEPT, variables)["acceptInvitation"]
    return payload


def invite_and_join(
    owner: TenantSession,
    mailbox: Mailbox,
    email: str,
    department: str,
    roles: list[str] | None = None,
) -> TenantSession:
    """Invite a colleague, accept from the email the worker sent, return their session."""
    variables: dict[str, Any] = {
        "email": email,
        "name": email.split("@")[0].title(),
        "departmentKey": department,
    }
    if roles is not None:
        variables["roleKeys"] = roles
    result = owner.client.data(INVITE, {"input": variables})["inviteUser"]
    assert result["userErrors"] == [], result["userErrors"]
    token = invitation_token(mailbox, email)
    payload = accept_invitation(owner.client, token)
    assert payload["userErrors"] == [], payload["userErrors"]
    return TenantSession(
        owner.slug,
        email,
        STRONG_PASSWORD,
        payload["accessToken"],
        payload["refreshToken"],
        owner.client.as_(payload["accessToken"]),
    )


def colleague(owner: TenantSession, mailbox: Mailbox, department: str) -> TenantSession:
    """A colleague of the owner's in `department`, joined and signed in."""
    return invite_and_join(
        owner, mailbox, f"{department}-{uuid.uuid4().hex[:6]}@example.com", department
    )
