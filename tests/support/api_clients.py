"""API clients: machine callers with their own roles and secrets."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.graphql import TenantSession

CREATE_API_CLIENT = """mutation Create($input: CreateApiClientInput!) {
  createApiClient(input: $input) {
    apiClient { id name clientId status roles createdAt lastUsedAt revokedAt }
    clientSecret
    userErrors { field code message }
  }
}"""


@dataclass
class Client:
    id: str
    client_id: str
    secret: str


def create_client(owner: TenantSession, roles: list[str], name: str = "ERP sync") -> Client:
    payload = owner.client.data(CREATE_API_CLIENT, {"input": {"name": name, "roleKeys": roles}})
    created = payload["createApiClient"]
    assert created["userErrors"] == [], created["userErrors"]
    return Client(
        created["apiClient"]["id"], created["apiClient"]["clientId"], created["clientSecret"]
    )
