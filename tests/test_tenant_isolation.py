"""Tenant isolation, proven twice.

1. The database alone: connected as the application's own role with no application code in
   between, a transaction bound to tenant A reads and writes nothing of tenant B, and a
   transaction bound to no tenant sees nothing at all. Every table with a `tenant_id`
   column is checked, found from PostgreSQL's catalog, so tables added later are covered.
2. The API: a tenant-A token never learns whether a tenant-B object exists, and tokens
   naming a missing or suspended tenant are refused.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from tests.support.database import (
    APP_ROLE,
    app_dsn,
    column,
    owner_dsn,
    owner_fetch,
    owner_sql,
    run_async,
)
from tests.support.graphql import LOG_IN, GraphQLClient, TenantSession, global_id, row_id, sign_up
from tests.support.stack import Stack

# Tables that carry a tenant_id but hold no tenant data, each with the reason. They are
# deliberately outside row-level security; adding one here is an architecture decision.
PLATFORM_TABLES = {
    "event_queue": "the worker's cross-tenant schedule of due outbox events: event id, "
    "tenant id and due time only; the event itself stays in outbox_events",
    "approval_reminder_queue": "the reminder job's cross-tenant schedule: step id, tenant id "
    "and due time only; the step stays in approval_steps",
    "shipment_deadlines": "the late-shipment job's cross-tenant schedule: order id, tenant id "
    "and due time only; the order stays in orders",
    "receivable_reminder_queue": "the overdue-reminder job's cross-tenant schedule: "
    "receivable id, tenant id and due time only; the receivable "
    "stays in receivables",
    "ticket_sla_due": "the SLA breach check's cross-tenant schedule: ticket id, metric, "
    "tenant id and due time only; the clock stays in ticket_sla_clocks",
    "ticket_survey_due": "the survey job's cross-tenant schedule: survey id, tenant id and "
    "send time only; the survey stays in ticket_surveys",
    "subscription_due": "the renewal jobs' cross-tenant schedule: subscription id, tenant id "
    "and the times of its next renewal order, period end, reminder and card retry only; the "
    "subscription stays in subscriptions",
    "contract_due": "the contract day's cross-tenant schedule: contract id, tenant id and "
    "the next day to look at it only; the contract stays in contracts",
    "quote_expiry_due": "the quote expiry job's cross-tenant schedule: quote id, tenant id "
    "and last valid day only; the quote stays in quotes",
}

AppCheck = Callable[..., Awaitable[None]]
TENANT_QUERY = "query TenantId { tenant { id slug } }"
USERS = "query UserIds { users(first: 50) { edges { node { id email } } } }"
INVITE = """mutation Invite($input: InviteUserInput!) {
  inviteUser(input: $input) { user { id } userErrors { code } } }"""
UPDATE_SETTINGS = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { code } } }"""
NODE = "query Node($id: ID!) { node(id: $id) { id ... on User { email name } } }"
UPDATE_USER = """mutation UpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) { user { id name } userErrors { code } } }"""
DEACTIVATE = """mutation Deactivate($id: ID!) {
  deactivateUser(userId: $id) { user { id status } userErrors { code } } }"""
RESEND = """mutation Resend($id: ID!) {
  resendInvitation(userId: $id) { user { id } userErrors { code } } }"""
VIEWER = "query Viewer { viewer { kind user { email } } }"


@dataclass
class SeededTenant:
    session: TenantSession
    tenant_id: str
    invitee: str


def seed_tenant(api: GraphQLClient, name: str) -> SeededTenant:
    """Leave rows in as many tables as the API reaches: sign-up (tenant, departments, roles,
    policies, owner, session), invitations (users, invitations, outbox), a log-in and a
    settings change (sessions, audit entries). What the worker later adds is welcome."""
    owner = sign_up(api, name=name)
    tenant_id = owner.client.data(TENANT_QUERY)["tenant"]["id"]
    invitees = [f"sam@{owner.slug}.example.com", f"wes@{owner.slug}.example.com"]
    for email, department in zip(invitees, ("sales", "warehouse"), strict=True):
        invited = owner.client.data(
            INVITE,
            {
                "input": {
                    "email": email,
                    "name": email.split("@")[0].title(),
                    "departmentKey": department,
                }
            },
        )
        assert invited["inviteUser"]["userErrors"] == []
    login = api.data(
        LOG_IN,
        {"input": {"tenantSlug": owner.slug, "email": owner.email, "password": owner.password}},
    )["logIn"]
    assert login["userErrors"] == []
    settings = owner.client.data(UPDATE_SETTINGS, {"input": {"timeZone": "Europe/Berlin"}})
    assert settings["updateTenantSettings"]["userErrors"] == []
    return SeededTenant(owner, tenant_id, invitees[0])


@pytest.fixture(scope="module")
def tenant_a(api: GraphQLClient) -> SeededTenant:
    return seed_tenant(api, "Alpha Supplies")


@pytest.fixture(scope="module")
def tenant_b(api: GraphQLClient) -> SeededTenant:
    return seed_tenant(api, "Beta Wholesale")


# --- the catalog --------------------------------------------------------------------------

TABLES_WITH_TENANT_ID = """
SELECT c.relname FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"""


async def tenant_tables(stack: Stack) -> list[str]:
    tables = [
        t
        for t in column(await owner_fetch(stack, TABLES_WITH_TENANT_ID))
        if t not in PLATFORM_TABLES
    ]
    assert len(tables) >= 10, f"expected the foundation's tenant tables, found {tables}"
    return tables


async def check_every_tenant_table_forces_row_level_security_on_app_tenant_id(stack: Stack) -> None:
    rows = await owner_fetch(
        stack,
        """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               coalesce(array_agg(p.polname) FILTER (WHERE p.polname IS NOT NULL), '{}') AS all,
               coalesce(array_agg(p.polname) FILTER (
                   WHERE p.polpermissive AND p.polcmd = '*'
                     AND pg_get_expr(p.polqual, p.polrelid) LIKE '%app.tenant_id%'
                     AND coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') IN
                         ('', pg_get_expr(p.polqual, p.polrelid))), '{}') AS tenant_policies
        FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE c.relname = ANY($1::text[]) GROUP BY c.oid, c.relname""",
        await tenant_tables(stack),
    )
    problems = []
    for row in rows:
        if not (row["relrowsecurity"] and row["relforcerowsecurity"]):
            problems.append(f"{row['relname']}: row-level security not enabled and forced")
        if not row["tenant_policies"]:
            problems.append(f"{row['relname']}: no policy on current_setting('app.tenant_id')")
        # Permissive policies are OR-ed, so any other one could widen what a tenant sees.
        others = set(row["all"]) - set(row["tenant_policies"])
        if others:
            problems.append(f"{row['relname']}: policies not bound to the tenant: {others}")
    assert problems == []


def test_every_tenant_table_forces_row_level_security_on_app_tenant_id(stack: Stack) -> None:
    run_async(check_every_tenant_table_forces_row_level_security_on_app_tenant_id(stack))


CONSTRAINTS = """
SELECT c.relname AS table, k.conname AS name, k.contype::text AS kind,
       k.confrelid::regclass::text AS ref,
       array(SELECT attname FROM unnest(k.conkey) WITH ORDINALITY x(n, i)
             JOIN pg_attribute ON attrelid = k.conrelid AND attnum = x.n ORDER BY x.i) AS cols,
       array(SELECT attname FROM unnest(k.confkey) WITH ORDINALITY x(n, i)
             JOIN pg_attribute ON attrelid = k.confrelid AND attnum = x.n ORDER BY x.i) AS refs
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
WHERE c.relname = ANY($1::text[]) AND k.contype IN ('p', 'u', 'f')
UNION ALL
SELECT c.relname, i.indexrelid::regclass::text, 'unique index', '-',
       array(SELECT attname FROM unnest(i.indkey::int2[]) x(n)
             JOIN pg_attribute ON attrelid = c.oid AND attnum = x.n), '{}'
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relname = ANY($1::text[]) AND i.indisunique
  AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)"""


async def key_problems(conn: asyncpg.Connection, tables: list[str]) -> list[str]:
    """Keys and tenant-to-tenant foreign keys of `tables` that do not carry tenant_id."""
    problems = []
    rows = await conn.fetch(CONSTRAINTS, tables)
    for row in rows:
        cols, where = list(row["cols"]), f"{row['table']}.{row['name']}"
        if row["kind"] != "f":
            if "tenant_id" not in cols:
                problems.append(f"{where}: key without tenant_id")
        elif row["ref"] in tables:
            refs = list(row["refs"])
            pairs = dict(zip(cols, refs, strict=True))
            if pairs.get("tenant_id") != "tenant_id":
                problems.append(f"{where}: foreign key to {row['ref']} not through tenant_id")
    primary = {r["table"] for r in rows if r["kind"] == "p"}
    return problems + [f"{t}: no primary key" for t in tables if t not in primary]


async def check_tenant_id_is_in_every_key_and_tenant_to_tenant_foreign_key(stack: Stack) -> None:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        assert await key_problems(conn, await tenant_tables(stack)) == []
    finally:
        await conn.close()


def test_tenant_id_is_in_every_key_and_tenant_to_tenant_foreign_key(stack: Stack) -> None:
    run_async(check_tenant_id_is_in_every_key_and_tenant_to_tenant_foreign_key(stack))


async def check_the_key_check_reports_keys_that_leave_the_tenant_out(stack: Stack) -> None:
    """The check above can fail: tables breaking each rule, created in a transaction that
    is rolled back, are each reported."""
    conn = await asyncpg.connect(owner_dsn(stack))
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.execute("""
            CREATE TABLE probe_parent (tenant_id uuid NOT NULL, id uuid NOT NULL,
                PRIMARY KEY (tenant_id, id), CONSTRAINT probe_parent_id UNIQUE (id));
            CREATE TABLE probe_child (tenant_id uuid NOT NULL, id uuid NOT NULL,
                parent_id uuid, CONSTRAINT probe_child_pk PRIMARY KEY (id),
                CONSTRAINT probe_child_parent FOREIGN KEY (parent_id)
                    REFERENCES probe_parent (id));
            CREATE UNIQUE INDEX probe_child_parent_once ON probe_child (parent_id);""")
        problems = await key_problems(conn, ["probe_parent", "probe_child"])
    finally:
        await tx.rollback()
        await conn.close()
    assert sorted(problems) == [
        "probe_child.probe_child_parent: foreign key to probe_parent not through tenant_id",
        "probe_child.probe_child_parent_once: key without tenant_id",
        "probe_child.probe_child_pk: key without tenant_id",
        "probe_parent.probe_parent_id: key without tenant_id",
    ]


def test_the_key_check_reports_keys_that_leave_the_tenant_out(stack: Stack) -> None:
    run_async(check_the_key_check_reports_keys_that_leave_the_tenant_out(stack))


def test_application_role_cannot_bypass_row_level_security(stack: Stack) -> None:
    role = owner_sql(
        stack, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", APP_ROLE
    )
    assert [tuple(r) for r in role] == [(False, False)]
    inherited = owner_sql(
        stack,
        """
        SELECT r.rolname FROM pg_roles r
        WHERE (r.rolsuper OR r.rolbypassrls) AND pg_has_role($1, r.oid, 'USAGE')""",
        APP_ROLE,
    )
    assert column(inherited) == []
    owned = owner_sql(
        stack,
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND pg_has_role($1, c.relowner, 'USAGE')""",
        APP_ROLE,
    )
    assert column(owned) == []


def test_no_view_or_function_can_read_around_the_policies(stack: Stack) -> None:
    views = owner_sql(
        stack,
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND (c.relkind = 'm' OR (c.relkind = 'v' AND
              NOT coalesce('security_invoker=true' = ANY(c.reloptions), false)))""",
    )
    assert column(views) == []
    definers = owner_sql(
        stack,
        """
        SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosecdef""",
    )
    assert column(definers) == []


# --- row-level security alone, as the application role -----------------------------------

SYNTHETIC_VALUES = {
    "uuid": "gen_random_uuid()::text",
    "boolean": "'false'",
    "jsonb": "'{}'",
    "json": "'{}'",
    "timestamp with time zone": "now()::text",
    "timestamp without time zone": "now()::text",
    "date": "current_date::text",
    "integer": "'0'",
    "bigint": "'0'",
    "smallint": "'0'",
    "numeric": "'1'",  # amounts are often checked to be positive
    "text": "md5(random()::text)",
    "bytea": "'x'",
    "integer[]": "'{1}'",
}
# Columns whose checks the type's synthetic value would fail.
SYNTHETIC_COLUMN_VALUES = {
    "size_bytes": "'1'",  # stored files are never empty
    "initial_term_months": "'1'",  # a contract's term is at least a month
    "version": "'1'",  # quote versions count from 1
}


async def _fill_empty_tables(conn: asyncpg.Connection, tables: list[str], tenant_id: str) -> None:
    """Tables no API fills yet get one synthetic row per tenant, so the checks below still
    exercise them; foreign keys point at the same tenant's rows."""
    pending = list(tables)
    for _ in range(len(tables)):
        for table in list(pending):
            has_rows = await conn.fetchval(
                f'SELECT count(*) FROM "{table}" WHERE tenant_id = $1', uuid.UUID(tenant_id)
            )
            if has_rows or await _insert_synthetic_row(conn, table, tenant_id):
                pending.remove(table)
    assert pending == [], f"could not seed rows for {pending}"


async def _nullable(conn: asyncpg.Connection, table: str, columns: list[str]) -> bool:
    required = await conn.fetchval(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = $1::regclass "
        "AND attname = ANY($2::text[]) AND attnotnull",
        table,
        columns,
    )
    return bool(columns) and required == 0


async def _insert_synthetic_row(conn: asyncpg.Connection, table: str, tenant_id: str) -> bool:
    values: dict[str, str] = {"tenant_id": f"'{tenant_id}'"}
    foreign_keys = await conn.fetch(
        """
        SELECT confrelid::regclass::text AS ref,
               array(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i)
                     JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY i) AS cols,
               array(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, i)
                     JOIN pg_attribute ON attrelid = confrelid AND attnum = k.n ORDER BY i) AS refs
        FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass""",
        table,
    )
    for fk in foreign_keys:
        # A table's reference to its own rows (an exchange order's original) stays empty.
        if fk["ref"] in ("tenants", table):
            continue
        referenced = await conn.fetchrow(
            f"SELECT {', '.join(f'{c}::text AS {c}' for c in fk['refs'])} FROM {fk['ref']} "
            "WHERE tenant_id = $1 LIMIT 1",
            uuid.UUID(tenant_id),
        )
        if referenced is None:
            if await _nullable(conn, table, [c for c in fk["cols"] if c != "tenant_id"]):
                continue  # an optional reference (two tables pointing at each other)
            return False
        for local, remote in zip(fk["cols"], fk["refs"], strict=True):
            values[local] = "'" + referenced[remote] + "'"
    required = await conn.fetch(
        """
        SELECT attname, format_type(atttypid, NULL) AS type, atttypmod - 4 AS length
        FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
          AND attnotnull AND NOT atthasdef AND attidentity = '' AND attgenerated = ''""",
        table,
    )
    for col in required:
        if col["attname"] in values:
            continue
        if col["attname"] in SYNTHETIC_COLUMN_VALUES:
            values[col["attname"]] = SYNTHETIC_COLUMN_VALUES[col["attname"]]
        elif col["type"] == "character varying":
            values[col["attname"]] = f"left(md5(random()::text), {max(col['length'], 1)})"
        else:
            values[col["attname"]] = SYNTHETIC_VALUES[col["type"]]
    types = {
        r["attname"]: r["type"]
        for r in await conn.fetch(
            "SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute "
            "WHERE attrelid = $1::regclass AND attnum > 0",
            table,
        )
    }
    names = list(values)
    await conn.execute(
        f'INSERT INTO "{table}" ({", ".join(names)}) VALUES '
        f"({', '.join(f'({values[n]})::{types[n]}' for n in names)})"
    )
    return True


async def seed_every_table(stack: Stack, *tenants: SeededTenant) -> list[str]:
    tables = await tenant_tables(stack)
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        for seeded in tenants:
            await _fill_empty_tables(conn, tables, seeded.tenant_id)
    finally:
        await conn.close()
    return tables


@pytest.fixture(scope="module")
def seeded_tables(stack: Stack, tenant_a: SeededTenant, tenant_b: SeededTenant) -> list[str]:
    return run_async(seed_every_table(stack, tenant_a, tenant_b))


def as_application(stack: Stack, check: AppCheck, *args: Any) -> None:
    """Run `check(*args, connection)` on a connection of the application's own role."""

    async def run() -> None:
        conn = await asyncpg.connect(app_dsn(stack))
        try:
            await check(*args, conn)
        finally:
            await conn.close()

    run_async(run())


async def bind(conn: asyncpg.Connection, tenant_id: str) -> None:
    await conn.execute("SELECT set_config('app.tenant_id', $1, true)", tenant_id)


async def owner_counts(stack: Stack, tables: list[str], tenant_id: str) -> dict[str, int]:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        return {
            t: await conn.fetchval(
                f'SELECT count(*) FROM "{t}" WHERE tenant_id = $1', uuid.UUID(tenant_id)
            )
            for t in tables
        }
    finally:
        await conn.close()


async def check_a_bound_transaction_reads_only_its_own_tenant(
    stack: Stack,
    seeded_tables: list[str],
    tenant_a: SeededTenant,
    tenant_b: SeededTenant,
    app_conn: asyncpg.Connection,
) -> None:
    rows_of_b = await owner_counts(stack, seeded_tables, tenant_b.tenant_id)
    assert min(rows_of_b.values()) > 0, rows_of_b
    before = await owner_counts(stack, seeded_tables, tenant_a.tenant_id)
    seen: dict[str, tuple[int, list[str]]] = {}
    async with app_conn.transaction():
        await bind(app_conn, tenant_a.tenant_id)
        for table in seeded_tables:
            rows = await app_conn.fetch(f'SELECT DISTINCT tenant_id::text FROM "{table}"')
            seen[table] = (await app_conn.fetchval(f'SELECT count(*) FROM "{table}"'), column(rows))
    after = await owner_counts(stack, seeded_tables, tenant_a.tenant_id)
    # The worker may add rows of A meanwhile; never a row of B.
    wrong = {
        t: (count, tenants)
        for t, (count, tenants) in seen.items()
        if tenants != [tenant_a.tenant_id] or not before[t] <= count <= after[t]
    }
    assert wrong == {}


def test_a_bound_transaction_reads_only_its_own_tenant(
    stack: Stack, seeded_tables: list[str], tenant_a: SeededTenant, tenant_b: SeededTenant
) -> None:
    as_application(
        stack,
        check_a_bound_transaction_reads_only_its_own_tenant,
        stack,
        seeded_tables,
        tenant_a,
        tenant_b,
    )


async def check_a_bound_transaction_cannot_change_or_delete_another_tenants_rows(
    stack: Stack,
    seeded_tables: list[str],
    tenant_a: SeededTenant,
    tenant_b: SeededTenant,
    app_conn: asyncpg.Connection,
) -> None:
    before = await owner_counts(stack, seeded_tables, tenant_b.tenant_id)
    affected: dict[str, list[str]] = {}
    tx = app_conn.transaction()
    await tx.start()
    try:
        await bind(app_conn, tenant_a.tenant_id)
        for table in seeded_tables:
            b = uuid.UUID(tenant_b.tenant_id)
            affected[table] = [
                await app_conn.execute(
                    f'UPDATE "{table}" SET tenant_id = tenant_id WHERE tenant_id = $1', b
                ),
                await app_conn.execute(
                    f'UPDATE "{table}" SET tenant_id = tenant_id WHERE tenant_id <> $1',
                    uuid.UUID(tenant_a.tenant_id),
                ),
                await app_conn.execute(f'DELETE FROM "{table}" WHERE tenant_id = $1', b),
            ]
    finally:
        await tx.rollback()
    assert affected == {t: ["UPDATE 0", "UPDATE 0", "DELETE 0"] for t in seeded_tables}
    after = await owner_counts(stack, seeded_tables, tenant_b.tenant_id)
    assert [t for t in seeded_tables if after[t] < before[t]] == []  # the worker may add


def test_a_bound_transaction_cannot_change_or_delete_another_tenants_rows(
    stack: Stack, seeded_tables: list[str], tenant_a: SeededTenant, tenant_b: SeededTenant
) -> None:
    as_application(
        stack,
        check_a_bound_transaction_cannot_change_or_delete_another_tenants_rows,
        stack,
        seeded_tables,
        tenant_a,
        tenant_b,
    )


async def _one_row_as_json(stack: Stack, table: str, tenant_id: str) -> dict[str, Any]:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        raw = await conn.fetchval(
            f'SELECT row_to_json(t)::text FROM "{table}" t WHERE tenant_id = $1 LIMIT 1',
            uuid.UUID(tenant_id),
        )
    finally:
        await conn.close()
    row: dict[str, Any] = json.loads(raw)
    if "id" in row:
        row["id"] = str(uuid.uuid4())
    return row


async def _refused_write(conn: asyncpg.Connection, sql: str, *args: Any) -> str:
    """Run `sql` in a savepoint; the error's SQLSTATE and message, or 'accepted'."""
    try:
        async with conn.transaction():
            await conn.execute(sql, *args)
    except asyncpg.PostgresError as error:
        return f"{error.sqlstate}: {error}"
    return "accepted"


async def check_a_bound_transaction_cannot_write_rows_for_another_tenant(
    stack: Stack,
    seeded_tables: list[str],
    tenant_a: SeededTenant,
    tenant_b: SeededTenant,
    app_conn: asyncpg.Connection,
) -> None:
    outcomes: dict[str, list[str]] = {}
    tx = app_conn.transaction()
    await tx.start()
    try:
        await bind(app_conn, tenant_a.tenant_id)
        for table in seeded_tables:
            b_row = await _one_row_as_json(stack, table, tenant_b.tenant_id)
            insert = await _refused_write(
                app_conn,
                f'INSERT INTO "{table}" SELECT * FROM json_populate_record('
                f'NULL::"{table}", $1::json)',
                json.dumps(b_row),
            )
            move = await _refused_write(
                app_conn, f'UPDATE "{table}" SET tenant_id = $1', uuid.UUID(tenant_b.tenant_id)
            )
            outcomes[table] = [insert, move]
    finally:
        await tx.rollback()
    rls = "42501: new row violates row-level security policy for table"
    failures = {
        t: o
        for t, o in outcomes.items()
        if not all(outcome.startswith(f'{rls} "{t}"') for outcome in o)
    }
    assert failures == {}


def test_a_bound_transaction_cannot_write_rows_for_another_tenant(
    stack: Stack, seeded_tables: list[str], tenant_a: SeededTenant, tenant_b: SeededTenant
) -> None:
    as_application(
        stack,
        check_a_bound_transaction_cannot_write_rows_for_another_tenant,
        stack,
        seeded_tables,
        tenant_a,
        tenant_b,
    )


async def check_a_transaction_bound_to_no_tenant_sees_nothing(
    seeded_tables: list[str], tenant_a: SeededTenant, app_conn: asyncpg.Connection
) -> None:
    async def visible() -> dict[str, int]:
        async with app_conn.transaction():
            return {
                t: await app_conn.fetchval(f'SELECT count(*) FROM "{t}"') for t in seeded_tables
            }

    never_bound = await visible()
    async with app_conn.transaction():
        await bind(app_conn, tenant_a.tenant_id)
        assert await app_conn.fetchval('SELECT count(*) FROM "users"') > 0
    # The binding was transaction-local: the pooled connection forgets it at commit.
    after_a_bound_one = await visible()
    nothing = dict.fromkeys(seeded_tables, 0)
    assert (never_bound, after_a_bound_one) == (nothing, nothing)
    insert = await _refused_write(
        app_conn,
        "INSERT INTO departments (tenant_id, id, key, name) "
        "VALUES ($1, gen_random_uuid(), 'probe', 'Probe')",
        uuid.UUID(tenant_a.tenant_id),
    )
    assert insert.startswith("42501: new row violates row-level security policy")


def test_a_transaction_bound_to_no_tenant_sees_nothing(
    stack: Stack, seeded_tables: list[str], tenant_a: SeededTenant
) -> None:
    as_application(
        stack, check_a_transaction_bound_to_no_tenant_sees_nothing, seeded_tables, tenant_a
    )


# --- the API ------------------------------------------------------------------------------


def user_ids(session: TenantSession) -> dict[str, str]:
    edges = session.client.data(USERS)["users"]["edges"]
    return {e["node"]["email"]: e["node"]["id"] for e in edges}


def test_another_tenants_object_is_indistinguishable_from_a_missing_one(
    tenant_a: SeededTenant, tenant_b: SeededTenant
) -> None:
    client = tenant_a.session.client
    b_user = user_ids(tenant_b.session)[tenant_b.invitee]
    missing = global_id("User", str(uuid.uuid4()))
    cases: list[tuple[str, Any]] = [
        (NODE, lambda i: {"id": i}),
        (UPDATE_USER, lambda i: {"input": {"userId": i, "name": "Mallory"}}),
        (DEACTIVATE, lambda i: {"id": i}),
        (RESEND, lambda i: {"id": i}),
    ]
    for query, variables in cases:
        foreign = client.execute(query, variables(b_user))
        assert [e["extensions"]["code"] for e in foreign["errors"]] == ["NOT_FOUND"], foreign
        assert foreign == client.execute(query, variables(missing))
    users_of_b = tenant_b.session.client.data(
        "query { users(first: 50) { edges { node { email name status } } } }"
    )["users"]
    invitee = [e["node"] for e in users_of_b["edges"] if e["node"]["email"] == tenant_b.invitee]
    assert invitee == [{"email": tenant_b.invitee, "name": "Sam", "status": "INVITED"}]


def test_own_tenants_object_is_found_by_the_same_query(tenant_a: SeededTenant) -> None:
    """The NOT_FOUND above is about the tenant, not a broken query."""
    a_user = user_ids(tenant_a.session)[tenant_a.invitee]
    node = tenant_a.session.client.data(NODE, {"id": a_user})["node"]
    assert node["email"] == tenant_a.invitee


def signed_token(stack: Stack, tenant_id: str, subject_id: str) -> str:
    key = OctKey.import_key(stack.env["ORBIT_JWT_SECRET"].encode())
    now = int(time.time())
    claims = {
        "iss": "orbit",
        "sub": subject_id,
        "tid": tenant_id,
        "knd": "staff",
        "iat": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex[:16],
    }
    return jwt.encode({"alg": "HS256"}, claims, key, algorithms=["HS256"])


def test_tokens_naming_an_unknown_tenant_or_a_foreign_subject_are_refused(
    stack: Stack, api: GraphQLClient, tenant_a: SeededTenant, tenant_b: SeededTenant
) -> None:
    b_owner = row_id(user_ids(tenant_b.session)[tenant_b.session.email])
    a_owner = row_id(user_ids(tenant_a.session)[tenant_a.session.email])
    valid = signed_token(stack, tenant_a.tenant_id, a_owner)
    assert api.data(VIEWER, token=valid)["viewer"]["user"]["email"] == tenant_a.session.email
    refused = [
        signed_token(stack, str(uuid.uuid4()), str(uuid.uuid4())),
        signed_token(stack, str(uuid.uuid4()), a_owner),
        signed_token(stack, tenant_a.tenant_id, b_owner),
    ]
    for token in refused:
        result = api.execute(VIEWER, token=token)
        assert result.get("data") is None, result
        assert [e["extensions"]["code"] for e in result["errors"]] == ["UNAUTHENTICATED"]


def test_a_suspended_tenant_is_locked_out(stack: Stack, api: GraphQLClient) -> None:
    tenant = sign_up(api, name="Gamma Retail")
    assert api.data(VIEWER, token=tenant.access_token)["viewer"]["kind"] == "STAFF"
    owner_sql(stack, "UPDATE tenants SET status = 'suspended' WHERE slug = $1", tenant.slug)

    assert api.error_codes(VIEWER, token=tenant.access_token) == ["UNAUTHENTICATED"]
    login = api.data(
        LOG_IN,
        {"input": {"tenantSlug": tenant.slug, "email": tenant.email, "password": tenant.password}},
    )["logIn"]
    assert [e["code"] for e in login["userErrors"]] == ["TENANT_SUSPENDED"]
    assert login["accessToken"] is None
    refresh = api.data(
        """mutation R($t: String!) { refreshToken(refreshToken: $t) {
        accessToken userErrors { code } } }""",
        {"t": tenant.refresh_token},
    )["refreshToken"]
    assert refresh["accessToken"] is None and refresh["userErrors"] != []
