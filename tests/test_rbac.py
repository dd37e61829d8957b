"""Tenant admins edit roles, their permissions and data scope, and assign them; what a user
may do follows at once, and every change is audited."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import asyncpg

from tests.support.api_clients import CREATE_API_CLIENT
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join, sign_up
from tests.support.rbac import CREATE_ROLE, create_role, permission_list
from tests.support.stack import ORBIT, Mailbox, Stack, run_async

ROLES = """query Roles { roles { id key name description dataScope isSystem memberCount
    permissions { resource action } } }"""
CATALOG = "query Catalog { permissionCatalog { resource description actions } }"
VIEWER = """query Viewer { viewer { roles dataScope permissions { resource action }
    user { id } } }"""
USERS = "query Users { users(first: 5) { edges { node { id } } } }"
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
    edges { node { action targetType targetId changes } } } }"""
RENAME_TENANT = """mutation Rename($name: String!) {
  updateTenantSettings(input: {name: $name}) { tenant { name } userErrors { code } } }"""
UPDATE_ROLE = """mutation Update($input: UpdateRoleInput!) { updateRole(input: $input) {
    role { id key name dataScope permissions { resource action } }
    userErrors { field code message } } }"""
DELETE_ROLE = """mutation Delete($id: ID!) { deleteRole(roleId: $id) {
    deletedRoleId userErrors { field code message } } }"""
ASSIGN = """mutation Assign($input: AssignRolesInput!) { assignRoles(input: $input) {
    subjectId roleKeys userErrors { field code message } } }"""
ROLE_NODE = "query Node($id: ID!) { node(id: $id) { id ... on Role { key name } } }"
API_CLIENT_NODE = "query Node($id: ID!) { node(id: $id) { ... on ApiClient { roles } } }"

SALES = {
    ("users", "read"),
    ("settings", "read"),
    ("customers", "read"),
    ("customers", "write"),
    ("customers", "portal"),
    ("inventory", "read"),
    ("products", "read"),
    ("price_books", "read"),
    ("orders", "read"),
    ("orders", "write"),
    ("orders", "submit"),
    ("orders", "cancel"),
    ("order_changes", "read"),
    ("order_changes", "request"),
    ("imports", "read"),
    ("imports", "run"),
    ("comments", "write"),
    ("invoices", "read"),
    ("refunds", "read"),
    ("refunds", "request"),
    ("quotes", "read"),
    ("quotes", "write"),
    ("contracts", "read"),
    ("contracts", "write"),
    ("subscriptions", "read"),
    ("subscriptions", "write"),
}


def pairs(permissions: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(p["resource"], p["action"]) for p in permissions}


def roles_by_key(client: GraphQLClient) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in client.data(ROLES)["roles"]}


def user_errors(payload: dict[str, Any]) -> set[tuple[str, str | None]]:
    return {
        (e["code"], ".".join(e["field"]) if e["field"] else None) for e in payload["userErrors"]
    }


def own_user_id(session: TenantSession) -> str:
    user_id: str = session.client.data(VIEWER)["viewer"]["user"]["id"]
    return user_id


def assign(owner: TenantSession, subject_id: str, *role_keys: str) -> dict[str, Any]:
    payload: dict[str, Any] = owner.client.data(
        ASSIGN, {"input": {"subjectId": subject_id, "roleKeys": list(role_keys)}}
    )["assignRoles"]
    return payload


def test_default_roles_carry_the_catalog_permissions(tenant: TenantSession) -> None:
    roles = roles_by_key(tenant.client)
    catalog = tenant.client.data(CATALOG)["permissionCatalog"]
    every_permission = {(c["resource"], a) for c in catalog for a in c["actions"]}

    assert set(roles) == {"admin", "manager", "sales", "warehouse", "finance", "support"}
    assert {"users", "roles", "audit", "customers"} <= {c["resource"] for c in catalog}
    assert all(c["description"] and c["actions"] for c in catalog)
    assert pairs(roles["admin"]["permissions"]) == every_permission
    assert roles["admin"]["isSystem"] and roles["admin"]["memberCount"] == 1
    assert roles["admin"]["dataScope"] == "ALL"
    assert pairs(roles["sales"]["permissions"]) == SALES
    assert roles["sales"]["dataScope"] == "OWN" and not roles["sales"]["isSystem"]
    assert roles["support"]["dataScope"] == "ALL"
    assert ("roles", "read") in pairs(roles["manager"]["permissions"])
    assert ("roles", "write") not in pairs(roles["manager"]["permissions"])
    assert all(
        pair in every_permission for role in roles.values() for pair in pairs(role["permissions"])
    )


def test_a_new_role_changes_what_its_holder_may_do(tenant: TenantSession, mailbox: Mailbox) -> None:
    clerk = invite_and_join(tenant, mailbox, f"clerk@{tenant.slug}.example.com", "warehouse")
    before = clerk.client.data(VIEWER)["viewer"]
    assert before["roles"] == ["warehouse"] and before["dataScope"] == "ALL"
    assert clerk.client.data(USERS)["users"]["edges"]
    assert clerk.client.error_codes(RENAME_TENANT, {"name": "Clerk Co"}) == ["FORBIDDEN"]

    created = create_role(
        tenant,
        "office-admin",
        "settings:read",
        "settings:write",
        "audit:read",
        scope="DEPARTMENT",
        name="Office admin",
    )
    assert created["userErrors"] == []
    assert created["role"]["memberCount"] == 0 and created["role"]["dataScope"] == "DEPARTMENT"
    assigned = assign(tenant, before["user"]["id"], "office-admin")
    assert assigned["userErrors"] == [] and assigned["roleKeys"] == ["office-admin"]

    after = clerk.client.data(VIEWER)["viewer"]
    assert after["roles"] == ["office-admin"] and after["dataScope"] == "DEPARTMENT"
    assert pairs(after["permissions"]) == {
        ("settings", "read"),
        ("settings", "write"),
        ("audit", "read"),
    }
    renamed = clerk.client.data(RENAME_TENANT, {"name": "Clerk Co"})["updateTenantSettings"]
    assert renamed == {"tenant": {"name": "Clerk Co"}, "userErrors": []}
    assert clerk.client.error_codes(USERS) == ["FORBIDDEN"]
    assert roles_by_key(tenant.client)["office-admin"]["memberCount"] == 1

    updated = tenant.client.data(
        UPDATE_ROLE,
        {
            "input": {
                "roleId": created["role"]["id"],
                "dataScope": "OWN",
                "permissions": permission_list("users:read"),
            }
        },
    )["updateRole"]
    assert updated["userErrors"] == [] and updated["role"]["name"] == "Office admin"
    assert clerk.client.data(USERS)["users"]["edges"]
    assert clerk.client.error_codes(RENAME_TENANT, {"name": "Clerk Co"}) == ["FORBIDDEN"]
    assert clerk.client.data(VIEWER)["viewer"]["dataScope"] == "OWN"


def test_only_role_writers_edit_roles(tenant: TenantSession, mailbox: Mailbox) -> None:
    seller = invite_and_join(tenant, mailbox, f"seller@{tenant.slug}.example.com", "sales")
    boss = invite_and_join(tenant, mailbox, f"boss@{tenant.slug}.example.com", "management")
    sales_role = roles_by_key(tenant.client)["sales"]
    role_input = {
        "key": "sneaky",
        "name": "Sneaky",
        "dataScope": "ALL",
        "permissions": permission_list("roles:write"),
    }

    assert seller.client.error_codes(ROLES) == ["FORBIDDEN"]
    assert seller.client.error_codes(CATALOG) == ["FORBIDDEN"]
    assert boss.client.data(ROLES)["roles"]
    for member in (seller, boss):
        assert member.client.error_codes(CREATE_ROLE, {"input": role_input}) == ["FORBIDDEN"]
        assert member.client.error_codes(
            UPDATE_ROLE,
            {"input": {"roleId": sales_role["id"], "permissions": permission_list("roles:write")}},
        ) == ["FORBIDDEN"]
        assert member.client.error_codes(DELETE_ROLE, {"id": sales_role["id"]}) == ["FORBIDDEN"]
        assert member.client.error_codes(
            ASSIGN, {"input": {"subjectId": own_user_id(member), "roleKeys": ["admin"]}}
        ) == ["FORBIDDEN"]
    assert seller.client.data(VIEWER)["viewer"]["roles"] == ["sales"]
    assert pairs(roles_by_key(tenant.client)["sales"]["permissions"]) == SALES
    assert "sneaky" not in roles_by_key(tenant.client)


def test_invalid_role_edits_are_user_errors_and_change_nothing(tenant: TenantSession) -> None:
    roles = roles_by_key(tenant.client)
    owner_id = own_user_id(tenant)

    assert user_errors(create_role(tenant, "Bad Key!", "users:read")) == {("INVALID_KEY", "key")}
    assert user_errors(create_role(tenant, "sales", "users:read")) == {("ROLE_KEY_TAKEN", "key")}
    unknown = create_role(tenant, "rocketeer", "users:read", "rockets:launch", "users:fly")
    assert user_errors(unknown) == {("UNKNOWN_PERMISSION", "permissions")}
    assert "rockets:launch" in unknown["userErrors"][0]["message"]
    nameless = tenant.client.data(
        CREATE_ROLE,
        {"input": {"key": "nameless", "name": " ", "dataScope": "OWN", "permissions": []}},
    )["createRole"]
    assert user_errors(nameless) == {("INVALID_NAME", "name")}

    locked = tenant.client.data(
        UPDATE_ROLE,
        {
            "input": {
                "roleId": roles["admin"]["id"],
                "permissions": permission_list("users:read"),
                "dataScope": "OWN",
            }
        },
    )["updateRole"]
    assert user_errors(locked) == {
        ("ADMIN_ROLE_LOCKED", "permissions"),
        ("ADMIN_ROLE_LOCKED", "dataScope"),
    }
    renamed = tenant.client.data(
        UPDATE_ROLE, {"input": {"roleId": roles["admin"]["id"], "name": "Administrators"}}
    )["updateRole"]
    assert renamed["userErrors"] == [] and renamed["role"]["name"] == "Administrators"

    system = tenant.client.data(DELETE_ROLE, {"id": roles["admin"]["id"]})["deleteRole"]
    assert user_errors(system) == {("ROLE_LOCKED", "roleId")}
    assert create_role(tenant, "helper", "users:read")["userErrors"] == []
    assert assign(tenant, owner_id, "admin", "helper")["userErrors"] == []
    in_use = tenant.client.data(DELETE_ROLE, {"id": roles_by_key(tenant.client)["helper"]["id"]})
    assert user_errors(in_use["deleteRole"]) == {("ROLE_IN_USE", "roleId")}

    assert user_errors(assign(tenant, owner_id, "sales")) == {
        ("CANNOT_REMOVE_OWN_ADMIN", "roleKeys")
    }
    assert user_errors(assign(tenant, owner_id, "admin", "ghost")) == {("UNKNOWN_ROLE", "roleKeys")}

    after = roles_by_key(tenant.client)
    assert set(after) == set(roles) | {"helper"}
    assert pairs(after["admin"]["permissions"]) == pairs(roles["admin"]["permissions"])
    assert after["admin"]["dataScope"] == "ALL"
    assert tenant.client.data(VIEWER)["viewer"]["roles"] == ["admin", "helper"]


def test_an_unused_role_can_be_deleted(tenant: TenantSession) -> None:
    role = create_role(tenant, "temp", "users:read")["role"]
    sales = roles_by_key(tenant.client)["sales"]

    deleted = tenant.client.data(DELETE_ROLE, {"id": role["id"]})["deleteRole"]
    assert deleted == {"deletedRoleId": role["id"], "userErrors": []}
    assert tenant.client.data(DELETE_ROLE, {"id": sales["id"]})["deleteRole"]["userErrors"] == []
    assert {"temp", "sales"}.isdisjoint(roles_by_key(tenant.client))
    assert tenant.client.error_codes(ROLE_NODE, {"id": role["id"]}) == ["NOT_FOUND"]
    recreated = create_role(tenant, "temp", "audit:read")
    assert recreated["userErrors"] == []
    assert pairs(recreated["role"]["permissions"]) == {("audit", "read")}


def test_concurrent_role_edits_apply_one_after_the_other(tenant: TenantSession) -> None:
    owner_id = own_user_id(tenant)
    role_sets = [
        ["admin", "sales"],
        ["admin", "finance"],
        ["admin", "support"],
        ["admin", "warehouse"],
    ] * 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(
                lambda keys: tenant.client.execute(
                    ASSIGN, {"input": {"subjectId": owner_id, "roleKeys": keys}}
                ),
                role_sets,
            )
        )
    assert all(
        not r.get("errors") and r["data"]["assignRoles"]["userErrors"] == [] for r in results
    )
    assert tenant.client.data(VIEWER)["viewer"]["roles"] in role_sets

    doomed = create_role(tenant, "doomed", "users:read")["role"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        deleting = pool.submit(tenant.client.data, DELETE_ROLE, {"id": doomed["id"]})
        assigning = pool.submit(assign, tenant, owner_id, "admin", "doomed")
        deleted, assigned = deleting.result()["deleteRole"], assigning.result()
    roles_now = tenant.client.data(VIEWER)["viewer"]["roles"]
    if deleted["userErrors"]:
        assert user_errors(deleted) == {("ROLE_IN_USE", "roleId")}
        assert roles_now == ["admin", "doomed"]
    else:
        assert user_errors(assigned) == {("UNKNOWN_ROLE", "roleKeys")}
        assert "doomed" not in roles_by_key(tenant.client) and "doomed" not in roles_now


def test_two_admins_cannot_remove_each_other_at_once(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    deputy = invite_and_join(
        tenant, mailbox, f"deputy@{tenant.slug}.example.com", "management", roles=["admin"]
    )
    owner_id, deputy_id = own_user_id(tenant), own_user_id(deputy)

    def demote(actor: TenantSession, subject_id: str) -> set[str]:
        """What stopped the demotion: a userError code, or the GraphQL error code."""
        result = actor.client.execute(
            ASSIGN, {"input": {"subjectId": subject_id, "roleKeys": ["manager"]}}
        )
        if result.get("errors"):
            return {e["extensions"]["code"] for e in result["errors"]}
        return {e["code"] for e in result["data"]["assignRoles"]["userErrors"]}

    with ThreadPoolExecutor(max_workers=2) as pool:
        owner_demoting, deputy_demoting = pool.map(
            lambda pair: demote(*pair), [(tenant, deputy_id), (deputy, owner_id)]
        )

    # One wins; the other finds itself no longer an admin, or the last one left.
    outcomes = sorted([owner_demoting, deputy_demoting], key=len)
    assert outcomes[0] == set() and outcomes[1] in ({"LAST_ADMIN"}, {"FORBIDDEN"})
    survivor = tenant if not owner_demoting else deputy
    assert survivor.client.data(VIEWER)["viewer"]["roles"] == ["admin"]
    assert roles_by_key(survivor.client)["admin"]["memberCount"] == 1


def test_roles_resolve_as_nodes(tenant: TenantSession) -> None:
    sales = roles_by_key(tenant.client)["sales"]
    node = tenant.client.data(ROLE_NODE, {"id": sales["id"]})["node"]
    assert node == {"id": sales["id"], "key": "sales", "name": "Sales"}


def test_other_tenants_objects_are_not_found(api: GraphQLClient, tenant: TenantSession) -> None:
    other = sign_up(api)
    other_owner_id = own_user_id(other)
    other_sales = roles_by_key(other.client)["sales"]
    create_role(tenant, "probe", "users:read")

    assert tenant.client.error_codes(
        ASSIGN, {"input": {"subjectId": other_owner_id, "roleKeys": ["probe"]}}
    ) == ["NOT_FOUND"]
    assert tenant.client.error_codes(
        UPDATE_ROLE, {"input": {"roleId": other_sales["id"], "permissions": []}}
    ) == ["NOT_FOUND"]
    assert tenant.client.error_codes(DELETE_ROLE, {"id": other_sales["id"]}) == ["NOT_FOUND"]
    assert tenant.client.error_codes(ROLE_NODE, {"id": other_sales["id"]}) == ["NOT_FOUND"]
    assert tenant.client.error_codes(
        ASSIGN, {"input": {"subjectId": other_sales["id"], "roleKeys": ["probe"]}}
    ) == ["NOT_FOUND"]
    assert tenant.client.error_codes(
        ASSIGN, {"input": {"subjectId": "not-a-global-id", "roleKeys": []}}
    ) == ["NOT_FOUND"]

    assert other.client.data(VIEWER)["viewer"]["roles"] == ["admin"]
    assert pairs(roles_by_key(other.client)["sales"]["permissions"]) == SALES


def test_api_clients_are_assigned_roles_like_users(tenant: TenantSession) -> None:
    created = tenant.client.data(
        CREATE_API_CLIENT, {"input": {"name": "Warehouse sync", "roleKeys": ["warehouse"]}}
    )["createApiClient"]
    assert created["userErrors"] == []
    client_id = created["apiClient"]["id"]

    assigned = assign(tenant, client_id, "finance", "sales")
    assert assigned == {"subjectId": client_id, "roleKeys": ["finance", "sales"], "userErrors": []}
    assert tenant.client.data(API_CLIENT_NODE, {"id": client_id})["node"]["roles"] == [
        "finance",
        "sales",
    ]
    assert roles_by_key(tenant.client)["finance"]["memberCount"] == 1


def test_role_changes_are_in_the_audit_log(tenant: TenantSession) -> None:
    role = create_role(tenant, "auditor", "audit:read", scope="OWN", name="Auditor")["role"]
    tenant.client.data(
        UPDATE_ROLE,
        {
            "input": {
                "roleId": role["id"],
                "dataScope": "ALL",
                "permissions": permission_list("audit:read", "users:read"),
            }
        },
    )
    assign(tenant, own_user_id(tenant), "admin", "auditor")
    assign(tenant, own_user_id(tenant), "admin")
    tenant.client.data(DELETE_ROLE, {"id": role["id"]})

    def entries(action: str) -> list[dict[str, Any]]:
        edges = tenant.client.data(AUDIT, {"action": action})["auditLog"]["edges"]
        return [e["node"] for e in edges]

    [created] = entries("roles.create")
    assert created["targetType"] == "role"
    assert created["changes"]["permissions"]["to"] == ["audit:read"]
    assert created["changes"]["dataScope"]["to"] == "own"
    [updated] = entries("roles.update")
    assert updated["changes"]["dataScope"] == {"from": "own", "to": "all"}
    assert updated["changes"]["permissions"] == {
        "from": ["audit:read"],
        "to": ["audit:read", "users:read"],
    }
    assigned = entries("roles.assign")
    assert {tuple(e["changes"]["roles"]["to"]) for e in assigned} == {
        ("admin", "auditor"),
        ("admin",),
    }
    [deleted] = entries("roles.delete")
    assert deleted["changes"]["key"] == {"from": "auditor", "to": None}
    # A rejected change writes no audit entry either.
    assign(tenant, own_user_id(tenant), "sales")
    assert len(entries("roles.assign")) == 2


def test_migrate_gives_admins_permissions_the_catalog_gained(
    stack: Stack, tenant: TenantSession
) -> None:
    """A release that adds a resource runs `orbit migrate`; existing admins get it."""

    async def drop_admin_grant() -> None:
        conn = await asyncpg.connect(stack.owner_url)
        try:
            await conn.execute(
                "DELETE FROM casbin_rules WHERE v0 = 'role:admin'"
                " AND v1 = 'events' AND v2 = 'retry'"
            )
        finally:
            await conn.close()

    def admin_permissions() -> set[tuple[str, str]]:
        viewer = tenant.client.data(VIEWER)["viewer"]
        return {(p["resource"], p["action"]) for p in viewer["permissions"]}

    run_async(drop_admin_grant())
    role = next(r for r in tenant.client.data(ROLES)["roles"] if r["key"] == "admin")
    tenant.client.data(UPDATE_ROLE, {"input": {"roleId": role["id"], "name": "Administrator"}})
    assert ("events", "retry") not in admin_permissions()

    subprocess.run([ORBIT, "migrate"], env=stack.env, check=True, capture_output=True)
    tenant.client.data(UPDATE_ROLE, {"input": {"roleId": role["id"], "name": "Administrator"}})

    assert ("events", "retry") in admin_permissions()
