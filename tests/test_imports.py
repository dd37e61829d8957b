"""Bulk import through GraphQL and the real worker: customers, products and orders from CSV
and XLSX, dry runs, both commit modes, duplicates, whole-or-nothing orders, permissions and
other tenants."""

from __future__ import annotations

import base64
import csv
import io
import time
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook

from tests.support.catalog import create_product
from tests.support.database import owner_sql, owner_value
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join, sign_up
from tests.support.rbac import create_role
from tests.support.stack import Mailbox, Stack

JOB_FIELDS = """id startedAt finishedAt kind fileName fileFormat mode dryRun status totalRows
  processedRows
  validRows writtenRows duplicateRows errorRows failureCode failureMessage"""
START = f"""mutation Start($input: StartImportInput!) {{ startImport(input: $input) {{
  importJob {{ {JOB_FIELDS} }} userErrors {{ field code message }} }} }}"""
JOB = f"""query Job($id: ID!, $first: Int, $after: String) {{ importJob(id: $id) {{ {JOB_FIELDS}
  issues(first: $first, after: $after) {{ edges {{ node {{ rowNumber column code message }} }}
    pageInfo {{ hasNextPage endCursor }} }} }} }}"""
JOBS = """query Jobs { importJobs(first: 50) { edges { node { id fileName status } } } }"""
NODE = """query Node($id: ID!) { node(id: $id) { id ... on ImportJob { fileName } } }"""
TEMPLATE = """query T($kind: ImportKind!) { importTemplate(kind: $kind) {
  columns { name required } csv } }"""
CUSTOMERS = """query C($search: String) { customers(first: 50, search: $search) {
  edges { node { name externalRef tier tags contacts { email } } } } }"""
PRODUCTS = """query P($search: String) { products(first: 50, search: $search) {
  edges { node { code name unit skus { code minOrderQuantity packSize cost { amount } } } } } }"""
ORDERS = """query O($search: String) { orders(first: 50, filter: {search: $search}) {
  edges { node { number externalRef channel status customer { name }
    lines { skuCode quantity } } } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""

CUSTOMER_HEADER = ["external_ref", "name", "tier", "tags", "contact_name", "contact_email"]
ORDER_HEADER = ["external_ref", "customer_ref", "sku", "quantity", "discount_percent", "notes"]


def csv_base64(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return base64.b64encode(buffer.getvalue().encode()).decode()


def xlsx_base64(rows: list[list[Any]]) -> str:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def start(
    session: TenantSession,
    kind: str,
    content: str,
    *,
    name: str = "data.csv",
    dry_run: bool = False,
    mode: str = "ALL_OR_NOTHING",
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        START,
        {
            "input": {
                "kind": kind,
                "fileName": name,
                "contentBase64": content,
                "dryRun": dry_run,
                "mode": mode,
            }
        },
    )["startImport"]
    return payload


def finished(session: TenantSession, job_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll the job as the console does until the worker is done with it."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = session.client.data(JOB, {"id": job_id, "first": 100})["importJob"]
        if job["status"] in ("COMPLETED", "FAILED"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def run(session: TenantSession, kind: str, content: str, **options: Any) -> dict[str, Any]:
    payload = start(session, kind, content, **options)
    assert payload["userErrors"] == [], payload["userErrors"]
    assert payload["importJob"]["status"] == "QUEUED"
    return finished(session, payload["importJob"]["id"])


def issues(job: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    return [
        (e["node"]["rowNumber"], e["node"]["column"], e["node"]["code"])
        for e in job["issues"]["edges"]
    ]


def customers_named(session: TenantSession, search: str) -> list[dict[str, Any]]:
    edges = session.client.data(CUSTOMERS, {"search": search})["customers"]["edges"]
    return [e["node"] for e in edges]


def orders_matching(session: TenantSession, search: str) -> list[dict[str, Any]]:
    edges = session.client.data(ORDERS, {"search": search})["orders"]["edges"]
    return [e["node"] for e in edges]


@pytest.fixture(scope="module")
def owner(api: GraphQLClient) -> TenantSession:
    """One tenant for the module: two SKUs and two customers (imported)."""
    session = sign_up(api, name="Import Trading")
    create_product(session, "BOLT", "Bolt", "10.00", cost="6.00", taxRate="0.1")
    create_product(
        session,
        "BOX",
        "Box of ten",
        "50.00",
        cost="30.00",
        taxRate="0.1",
        minOrderQuantity="2",
        packSize="2",
    )
    job = run(
        session,
        "CUSTOMERS",
        csv_base64(
            [
                CUSTOMER_HEADER,
                ["BASE-1", "Base Buyer One", "", "", "", ""],
                ["BASE-2", "Base Buyer Two", "", "", "", ""],
            ]
        ),
    )
    assert job["writtenRows"] == 2, job
    return session


def test_template_lists_the_columns_of_each_kind(owner: TenantSession) -> None:
    template = owner.client.data(TEMPLATE, {"kind": "ORDERS"})["importTemplate"]
    names = [c["name"] for c in template["columns"]]
    assert names[:4] == ["external_ref", "customer_ref", "sku", "quantity"]
    assert template["csv"].splitlines()[0] == ",".join(names)


def test_customers_dry_run_writes_nothing_then_commit_then_duplicates(owner: TenantSession) -> None:
    content = csv_base64(
        [
            CUSTOMER_HEADER,
            ["CUS-1", "Lakeside Foods", "vip", "key;b2b", "Ann Lake", "ann@lakeside.example"],
            ["CUS-2", "Hillside Tools", "", "", "", ""],
        ]
    )
    dry = run(owner, "CUSTOMERS", content, dry_run=True)
    assert (dry["status"], dry["dryRun"], dry["validRows"], dry["writtenRows"]) == (
        "COMPLETED",
        True,
        2,
        0,
    )
    assert customers_named(owner, "Lakeside") == []

    job = run(owner, "CUSTOMERS", content)
    assert (job["status"], job["writtenRows"], job["errorRows"]) == ("COMPLETED", 2, 0)
    [lakeside] = customers_named(owner, "Lakeside")
    assert lakeside["externalRef"] == "CUS-1" and lakeside["tier"] == "vip"
    assert lakeside["tags"] == ["b2b", "key"]
    assert lakeside["contacts"] == [{"email": "ann@lakeside.example"}]

    again = run(owner, "CUSTOMERS", content, mode="VALID_ROWS")
    assert (again["status"], again["duplicateRows"], again["writtenRows"]) == ("COMPLETED", 2, 0)
    assert issues(again) == [(2, "external_ref", "DUPLICATE"), (3, "external_ref", "DUPLICATE")]
    assert len(customers_named(owner, "Lakeside")) == 1


def test_customers_from_xlsx_report_bad_rows_by_row_and_column(owner: TenantSession) -> None:
    content = xlsx_base64(
        [
            CUSTOMER_HEADER,
            ["XL-1", "Excel Traders", "wholesale", None, None, None],
            ["XL-2", None, None, None, None, None],
            ["XL-3", "Bad Tier Ltd", "platinum", None, None, None],
        ]
    )
    job = run(owner, "CUSTOMERS", content, name="customers.xlsx", mode="VALID_ROWS")
    assert (job["fileFormat"], job["writtenRows"], job["errorRows"]) == ("xlsx", 1, 2)
    assert issues(job) == [(3, "name", "REQUIRED"), (4, "tier", "INVALID_TIER")]
    assert [c["tier"] for c in customers_named(owner, "Excel Traders")] == ["wholesale"]


def test_products_with_prices_moq_and_pack_size(owner: TenantSession) -> None:
    header = [
        "sku",
        "name",
        "list_price",
        "cost",
        "tax_rate",
        "unit",
        "min_order_quantity",
        "pack_size",
    ]
    content = xlsx_base64(
        [
            header,
            ["CABLE-1", "Cable", 12.5, 7, 0.13, "m", 10, 5],
            ["cable-2", "Cable two", "abc", 7, 0.13, "", "", ""],
            ["BOLT", "Bolt again", 1, 1, 0.1, "", "", ""],
        ]
    )
    job = run(owner, "PRODUCTS", content, name="products.xlsx", mode="VALID_ROWS")
    assert (job["writtenRows"], job["errorRows"], job["duplicateRows"]) == (1, 1, 1)
    assert issues(job) == [(3, "list_price", "INVALID_NUMBER"), (4, "sku", "DUPLICATE")]
    [product] = [
        e["node"] for e in owner.client.data(PRODUCTS, {"search": "CABLE-1"})["products"]["edges"]
    ]
    assert product["unit"] == "m"
    assert Decimal(product["skus"][0]["minOrderQuantity"]) == 10
    assert Decimal(product["skus"][0]["packSize"]) == 5


def test_orders_group_rows_and_a_bad_line_rejects_its_whole_order(owner: TenantSession) -> None:
    content = csv_base64(
        [
            ORDER_HEADER,
            ["PO-A", "BASE-1", "BOLT", "3", "", "first order"],
            ["PO-B", "BASE-2", "BOLT", "1", "", ""],
            ["PO-A", "", "BOX", "4", "", ""],
            ["PO-B", "", "NOPE", "1", "", ""],
            ["PO-C", "BASE-2", "BOX", "3", "", ""],
        ]
    )
    job = run(owner, "ORDERS", content, mode="VALID_ROWS")
    assert (job["writtenRows"], job["errorRows"]) == (2, 3), job
    assert issues(job) == [
        (3, None, "ORDER_REJECTED"),
        (5, "sku", "UNKNOWN_SKU"),
        (6, "quantity", "NOT_PACK_SIZE_MULTIPLE"),
    ]
    [order] = orders_matching(owner, "PO-A")
    assert (order["channel"], order["status"], order["customer"]["name"]) == (
        "IMPORT",
        "DRAFT",
        "Base Buyer One",
    )
    assert [(line["skuCode"], Decimal(line["quantity"])) for line in order["lines"]] == [
        ("BOLT", 3),
        ("BOX", 4),
    ]
    assert orders_matching(owner, "PO-B") == []

    again = run(owner, "ORDERS", content, mode="VALID_ROWS")
    assert again["duplicateRows"] == 2 and again["writtenRows"] == 0
    assert len(orders_matching(owner, "PO-A")) == 1


def test_all_or_nothing_with_one_bad_row_writes_nothing(owner: TenantSession) -> None:
    content = csv_base64(
        [
            ORDER_HEADER,
            ["AON-1", "BASE-1", "BOLT", "1", "", ""],
            ["AON-2", "NO-SUCH-CUSTOMER", "BOLT", "1", "", ""],
        ]
    )
    job = run(owner, "ORDERS", content)
    assert (job["status"], job["failureCode"], job["writtenRows"]) == ("FAILED", "ROWS_REJECTED", 0)
    assert (job["validRows"], job["errorRows"]) == (1, 1)
    assert issues(job) == [(3, "customer_ref", "UNKNOWN_CUSTOMER")]
    assert orders_matching(owner, "AON-") == []


def _sequence(number: str) -> int:
    return int(number.rsplit("-", 1)[-1])


def test_a_batch_writes_exactly_its_valid_orders_with_gapless_numbers_and_events(
    owner: TenantSession, stack: Stack
) -> None:
    first = run(
        owner, "ORDERS", csv_base64([ORDER_HEADER, ["GAP-0", "BASE-1", "BOLT", "1", "", ""]])
    )
    assert first["writtenRows"] == 1, first
    [before] = orders_matching(owner, "GAP-0")
    content = csv_base64(
        [
            ORDER_HEADER,
            ["GAP-1", "BASE-1", "BOLT", "2", "", ""],
            ["GAP-2", "BASE-1", "BOX", "3", "", ""],
            ["GAP-3", "BASE-2", "BOLT", "1", "", ""],
            ["GAP-4", "NO-SUCH-CUSTOMER", "BOLT", "1", "", ""],
            ["GAP-5", "BASE-2", "BOLT", "1", "", ""],
            ["GAP-5", "", "BOX", "2", "", ""],
            ["GAP-0", "BASE-1", "BOLT", "1", "", ""],
        ]
    )
    job = run(owner, "ORDERS", content, mode="VALID_ROWS")
    assert (job["status"], job["writtenRows"], job["errorRows"], job["duplicateRows"]) == (
        "COMPLETED",
        4,
        2,
        1,
    ), job
    assert issues(job) == [
        (3, "quantity", "NOT_PACK_SIZE_MULTIPLE"),
        (5, "customer_ref", "UNKNOWN_CUSTOMER"),
        (8, "external_ref", "DUPLICATE"),
    ]
    written = {o["externalRef"]: o for o in orders_matching(owner, "GAP-")}
    assert sorted(written) == ["GAP-0", "GAP-1", "GAP-3", "GAP-5"]
    numbers = [written[ref]["number"] for ref in ("GAP-1", "GAP-3", "GAP-5")]
    start_at = _sequence(before["number"]) + 1
    assert [_sequence(n) for n in numbers] == [start_at, start_at + 1, start_at + 2]
    assert [line["skuCode"] for line in written["GAP-5"]["lines"]] == ["BOLT", "BOX"]

    audit = owner.client.data(AUDIT, {"action": "orders.create"})["auditLog"]["edges"]
    audited = {e["node"]["changes"]["number"]["to"] for e in audit}
    assert set(numbers) <= audited
    # Other tests' tenants have orders with the same numbers: look in this tenant only.
    events = owner_sql(
        stack,
        "SELECT e.id FROM outbox_events e JOIN tenants t "
        "ON t.id = e.tenant_id WHERE t.slug = $1 AND e.type = 'order.created' "
        "AND e.payload->>'number' = ANY($2::text[])",
        owner.slug,
        numbers,
    )
    assert len(events) == 3
    deadline = time.monotonic() + 30
    # Delivered: the relay has dealt with each event and taken it off the queue.
    while owner_value(
        stack,
        "SELECT count(*) FROM event_queue WHERE event_id = ANY($1)",
        [e["id"] for e in events],
    ):
        assert time.monotonic() < deadline, "order.created events were not delivered"
        time.sleep(0.2)


def test_orders_from_xlsx_dry_run_then_commit(owner: TenantSession) -> None:
    content = xlsx_base64(
        [ORDER_HEADER, ["XO-1", "BASE-2", "BOLT", 2, 5, None], ["XO-1", None, "BOX", 2, None, None]]
    )
    dry = run(owner, "ORDERS", content, name="orders.xlsx", dry_run=True)
    assert (dry["status"], dry["validRows"], dry["writtenRows"]) == ("COMPLETED", 2, 0)
    assert orders_matching(owner, "XO-1") == []
    job = run(owner, "ORDERS", content, name="orders.xlsx")
    assert (job["status"], job["writtenRows"]) == ("COMPLETED", 2)
    [order] = orders_matching(owner, "XO-1")
    assert len(order["lines"]) == 2
    audit = owner.client.data(AUDIT, {"action": "imports.finish"})["auditLog"]["edges"]
    assert any(e["node"]["changes"]["written"]["to"] == 2 for e in audit), audit


def test_two_imports_of_the_same_file_at_once_create_each_customer_once(
    owner: TenantSession,
) -> None:
    rows = [
        CUSTOMER_HEADER,
        *([f"TWIN-{i}", f"Twin Company {i}", "", "", "", ""] for i in range(30)),
    ]
    content = csv_base64(rows)
    first = start(owner, "CUSTOMERS", content, mode="VALID_ROWS")["importJob"]["id"]
    second = start(owner, "CUSTOMERS", content, mode="VALID_ROWS")["importJob"]["id"]
    jobs = [finished(owner, first), finished(owner, second)]
    assert sum(j["writtenRows"] for j in jobs) == 30
    assert sum(j["duplicateRows"] for j in jobs) == 30
    assert len(customers_named(owner, "Twin Company")) == 30


def test_two_imports_of_the_same_orders_at_once_write_each_once_without_gaps(
    owner: TenantSession,
) -> None:
    content = csv_base64(
        [ORDER_HEADER, *([f"RACE-{i:02}", "BASE-1", "BOLT", "1", "", ""] for i in range(20))]
    )
    first = start(owner, "ORDERS", content, mode="VALID_ROWS")["importJob"]["id"]
    second = start(owner, "ORDERS", content, mode="VALID_ROWS")["importJob"]["id"]
    jobs = [finished(owner, first), finished(owner, second)]
    assert sum(j["writtenRows"] for j in jobs) == 20, jobs
    assert sum(j["duplicateRows"] for j in jobs) == 20, jobs
    numbers = sorted(_sequence(o["number"]) for o in orders_matching(owner, "RACE-"))
    assert numbers == list(range(numbers[0], numbers[0] + 20))


def test_bad_files_are_refused_when_starting(owner: TenantSession) -> None:
    def codes(content: str, name: str = "data.csv", kind: str = "CUSTOMERS") -> list[str]:
        payload = start(owner, kind, content, name=name)
        assert payload["importJob"] is None
        return [e["code"] for e in payload["userErrors"]]

    assert codes(base64.b64encode(b"%PDF-1.4 ...").decode(), "scan.pdf") == ["UNKNOWN_FORMAT"]
    assert codes("not base64!") == ["INVALID_CONTENT"]
    assert codes(csv_base64([["name"], ["Only a name"]])) == ["MISSING_COLUMNS"]
    assert codes(csv_base64([CUSTOMER_HEADER])) == ["EMPTY_FILE"]
    assert codes(base64.b64encode(b"PK\x03\x04garbage").decode(), "x.xlsx") == ["UNREADABLE_FILE"]


def test_issues_are_paginated_by_row(owner: TenantSession) -> None:
    content = csv_base64([CUSTOMER_HEADER, *([f"PAGE-{i}", "", "", "", "", ""] for i in range(3))])
    job_id = run(owner, "CUSTOMERS", content, dry_run=True)["id"]
    page = owner.client.data(JOB, {"id": job_id, "first": 2})["importJob"]["issues"]
    assert [e["node"]["rowNumber"] for e in page["edges"]] == [2, 3]
    rest = owner.client.data(
        JOB, {"id": job_id, "first": 2, "after": page["pageInfo"]["endCursor"]}
    )["importJob"]
    assert [e["node"]["rowNumber"] for e in rest["issues"]["edges"]] == [4]


def test_permissions(owner: TenantSession, mailbox: Mailbox) -> None:
    content = csv_base64([CUSTOMER_HEADER, ["PERM-1", "Sales Own Co", "", "", "", ""]])
    warehouse = invite_and_join(owner, mailbox, "imports.wh@example.com", "warehouse")
    assert warehouse.client.error_codes(
        START, {"input": {"kind": "CUSTOMERS", "fileName": "a.csv", "contentBase64": content}}
    ) == ["FORBIDDEN"]
    assert warehouse.client.error_codes(JOBS) == ["FORBIDDEN"]

    sales = invite_and_join(owner, mailbox, "imports.sales@example.com", "sales")
    product_file = csv_base64(
        [["sku", "name", "list_price", "cost", "tax_rate"], ["SALES-1", "x", "1", "1", "0"]]
    )
    assert sales.client.error_codes(
        START, {"input": {"kind": "PRODUCTS", "fileName": "p.csv", "contentBase64": product_file}}
    ) == ["FORBIDDEN"]
    job = run(sales, "CUSTOMERS", content)
    assert job["writtenRows"] == 1
    assert [c["name"] for c in customers_named(sales, "Sales Own Co")] == ["Sales Own Co"]
    # A sales rep (own data scope) lists only the imports they started.
    listed = sales.client.data(JOBS)["importJobs"]["edges"]
    assert [e["node"]["id"] for e in listed] == [job["id"]]


def test_another_tenants_job_is_not_found(owner: TenantSession, api: GraphQLClient) -> None:
    job_id = run(
        owner, "CUSTOMERS", csv_base64([CUSTOMER_HEADER, ["X-1", "", "", "", "", ""]]), dry_run=True
    )["id"]
    stranger = sign_up(api, name="Stranger Imports")
    assert stranger.client.error_codes(JOB, {"id": job_id}) == ["NOT_FOUND"]
    assert stranger.client.error_codes(NODE, {"id": job_id}) == ["NOT_FOUND"]
    assert stranger.client.data(JOBS)["importJobs"]["edges"] == []


def test_a_department_scoped_importer_lists_the_imports_they_started(
    owner: TenantSession, mailbox: Mailbox
) -> None:
    """Import jobs belong to whoever started them, not to a department: a role scoped to its
    department reaches its own imports, as one scoped to its own records does."""
    create_role(
        owner,
        "dept_importer",
        "imports:run",
        "imports:read",
        "customers:read",
        "customers:write",
        scope="DEPARTMENT",
        name="Department importer",
    )
    importer = invite_and_join(
        owner, mailbox, "imports.dept@example.com", "sales", roles=["dept_importer"]
    )
    content = csv_base64([CUSTOMER_HEADER, ["DEPT-1", "Dept Own Co", "", "", "", ""]])
    job = run(importer, "CUSTOMERS", content, dry_run=True)
    listed = importer.client.data(JOBS)["importJobs"]["edges"]
    assert [e["node"]["id"] for e in listed] == [job["id"]]
    assert importer.client.data(JOB, {"id": job["id"]})["importJob"]["id"] == job["id"]
