"""Roles and their permissions."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import TenantSession

CREATE_ROLE = """mutation Create($input: CreateRoleInput!) { createRole(input: $input) {
    role { id key name description dataScope isSystem memberCount
           permissions { resource action } }
    userErrors { field code message } } }"""


def permission_list(*labels: str) -> list[dict[str, str]]:
    """Permissions written "resource:action", as the API takes them."""
    return [{"resource": label.split(":")[0], "action": label.split(":")[1]} for label in labels]


def create_role(
    owner: TenantSession, key: str, *permissions: str, scope: str = "ALL", name: str = "Custom role"
) -> dict[str, Any]:
    payload: dict[str, Any] = owner.client.data(
        CREATE_ROLE,
        {
            "input": {
                "key": key,
                "name": name,
                "description": f"{name} for tests",
                "dataScope": scope,
                "permissions": permission_list(*permissions),
            }
        },
    )["createRole"]
    return payload
