"""Staff record customers and their contacts; every list and lookup honours the caller's
data scope (own records, their department, or everything)."""

from __future__ import annotations

import httpx

from tests.support.customers import (
    CREATE_CUSTOMER,
    CUSTOMER_FIELDS,
    GRANT_PORTAL,
    VIEWER_ID,
    contact,
    create_customer,
    unique_email,
)
from tests.support.graphql import GraphQLClient, TenantSession, errors_of, invite_and_join, sign_up
from tests.support.rbac import create_role
from tests.support.stack import Mailbox

UPDATE_CUSTOMER = f"""mutation UpdateCustomer($input: UpdateCustomerInput!) {{
  updateCustomer(input: $input) {{ customer {{ {CUSTOMER_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
CONTACT_FIELDS = "id name email phone portalEnabled"
ADD_CONTACT = f"""mutation AddContact($input: AddContactInput!) {{
  addContact(input: $input) {{ contact {{ {CONTACT_FIELDS} }} userErrors {{ field code }} }} }}"""
UPDATE_CONTACT = f"""mutation UpdateContact($input: UpdateContactInput!) {{
  updateContact(input: $input) {{ contact {{ {CONTACT_FIELDS} }}
    userErrors {{ field code }} }} }}"""
CUSTOMERS = """query Customers($first: Int, $after: String, $search: String) {
  customers(first: $first, after: $after, search: $search) {
    edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }"""
NODE = f"query Node($id: ID!) {{ node(id: $id) {{ id ... on Customer {{ {CUSTOMER_FIELDS} }} }} }}"
CONTACT_NODE = "query Node($id: ID!) { node(id: $id) { id ... on Contact { email } } }"
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { actorKind actorLabel targetType changes } } } }"""


def visible_names(session: TenantSession) -> set[str]:
    edges = session.client.data(CUSTOMERS, {"first": 100})["customers"]["edges"]
    return {edge["node"]["name"] for edge in edges}


def test_staff_create_a_customer_owned_by_them_with_contacts(tenant: TenantSession) -> None:
    buyer = unique_email("buyer")
    created = create_customer(
        tenant, "Initech", [contact(buyer.upper(), "Bill Buyer", "+1 555 0100")]
    )

    me = tenant.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    assert created["owner"] == {"id": me, "email": tenant.email}
    assert created["department"] == {"key": "management"}
    assert created["status"] == "ACTIVE"
    assert [
        (c["name"], c["email"], c["phone"], c["portalEnabled"]) for c in created["contacts"]
    ] == [("Bill Buyer", buyer, "+1 555 0100", False)]
    fetched = tenant.client.data(NODE, {"id": created["id"]})["node"]
    assert fetched == created
    contact_node = tenant.client.data(CONTACT_NODE, {"id": created["contacts"][0]["id"]})
    assert contact_node["node"]["email"] == buyer
    audit = tenant.client.data(AUDIT, {"action": "customers.create"})["auditLog"]["edges"]
    assert audit[0]["node"]["actorKind"] == "staff"
    assert audit[0]["node"]["changes"]["name"] == {"from": None, "to": "Initech"}


def test_customers_and_contacts_can_be_changed(tenant: TenantSession) -> None:
    created = create_customer(tenant, "Umbrella", [contact(unique_email("first"))])
    renamed = tenant.client.data(
        UPDATE_CUSTOMER,
        {
            "input": {
                "customerId": created["id"],
                "name": "Umbrella Corp",
                "status": "INACTIVE",
                "departmentKey": "sales",
            }
        },
    )["updateCustomer"]
    assert renamed["userErrors"] == []
    assert (
        renamed["customer"]["name"],
        renamed["customer"]["status"],
        renamed["customer"]["department"]["key"],
    ) == ("Umbrella Corp", "INACTIVE", "sales")

    second = unique_email("second")
    added = tenant.client.data(
        ADD_CONTACT, {"input": {"customerId": created["id"], "name": "Sam Second", "email": second}}
    )["addContact"]
    assert added["userErrors"] == [] and added["contact"]["email"] == second
    changed_email = unique_email("changed")
    updated = tenant.client.data(
        UPDATE_CONTACT,
        {
            "input": {
                "contactId": added["contact"]["id"],
                "email": changed_email,
                "phone": "+44 20 7946 0000",
            }
        },
    )["updateContact"]
    assert updated["userErrors"] == []
    assert (updated["contact"]["email"], updated["contact"]["phone"]) == (
        changed_email,
        "+44 20 7946 0000",
    )

    contacts = tenant.client.data(NODE, {"id": created["id"]})["node"]["contacts"]
    assert [c["name"] for c in contacts] == ["Chris Contact", "Sam Second"]
    for action in ("customers.update", "customers.add_contact", "customers.update_contact"):
        assert tenant.client.data(AUDIT, {"action": action})["auditLog"]["edges"], action


def test_bad_input_is_reported_per_field_and_writes_nothing(tenant: TenantSession) -> None:
    taken = unique_email("taken")
    create_customer(tenant, "Existing Co", [contact(taken)])
    before = visible_names(tenant)

    payload = tenant.client.data(
        CREATE_CUSTOMER,
        {
            "input": {
                "name": "  ",
                "contacts": [
                    contact("not-an-email"),
                    contact(taken),
                    contact("", "  "),
                    contact(unique_email("phone"), phone="call me"),
                ],
            }
        },
    )["createCustomer"]
    assert payload["customer"] is None
    assert errors_of(payload) == {
        (("name",), "REQUIRED"),
        (("contacts", "0", "email"), "INVALID_EMAIL"),
        (("contacts", "2", "name"), "REQUIRED"),
        (("contacts", "2", "email"), "INVALID_EMAIL"),
        (("contacts", "3", "phone"), "INVALID_PHONE"),
    }

    twice = unique_email("twice")
    duplicates = tenant.client.data(
        CREATE_CUSTOMER,
        {
            "input": {
                "name": "Dup Ltd",
                "contacts": [contact(taken), contact(twice), contact(twice.upper())],
            }
        },
    )["createCustomer"]
    assert errors_of(duplicates) == {
        (("contacts", "0", "email"), "EMAIL_TAKEN"),
        (("contacts", "2", "email"), "EMAIL_TAKEN"),
    }
    unknown_department = tenant.client.data(
        CREATE_CUSTOMER, {"input": {"name": "Nowhere Inc", "departmentKey": "marketing"}}
    )["createCustomer"]
    assert errors_of(unknown_department) == {(("departmentKey",), "UNKNOWN_DEPARTMENT")}
    assert visible_names(tenant) == before

    customer = create_customer(tenant, "Other Co")
    added = tenant.client.data(
        ADD_CONTACT, {"input": {"customerId": customer["id"], "name": "Copy Cat", "email": taken}}
    )["addContact"]
    assert errors_of(added) == {(("email",), "EMAIL_TAKEN")}
    assert tenant.client.data(NODE, {"id": customer["id"]})["node"]["contacts"] == []


def test_customers_page_by_cursor_and_search(tenant: TenantSession) -> None:
    for name in ("Alpha Foods", "Beta Metals", "Gamma Foods"):
        create_customer(tenant, name, [contact(unique_email(name.split()[0].lower()))])
    first = tenant.client.data(CUSTOMERS, {"first": 2})["customers"]
    assert [e["node"]["name"] for e in first["edges"]] == ["Gamma Foods", "Beta Metals"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = tenant.client.data(CUSTOMERS, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    assert [e["node"]["name"] for e in rest["customers"]["edges"]] == ["Alpha Foods"]
    found = tenant.client.data(CUSTOMERS, {"search": "foods"})["customers"]["edges"]
    assert {e["node"]["name"] for e in found} == {"Alpha Foods", "Gamma Foods"}
    by_contact = tenant.client.data(CUSTOMERS, {"search": "beta-"})["customers"]["edges"]
    assert [e["node"]["name"] for e in by_contact] == ["Beta Metals"]


def test_sales_staff_see_only_the_customers_they_own(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    slug = tenant.slug
    alice = invite_and_join(tenant, mailbox, f"alice@{slug}.example.com", "sales")
    bob = invite_and_join(tenant, mailbox, f"bob@{slug}.example.com", "sales")
    alices = create_customer(alice, "Alice's Account", [contact(unique_email("a"))])
    bobs = create_customer(bob, "Bob's Account", [contact(unique_email("b"))])
    admins = create_customer(tenant, "House Account")

    assert alices["department"] == {"key": "sales"}
    assert visible_names(alice) == {"Alice's Account"}
    assert visible_names(bob) == {"Bob's Account"}
    assert alice.client.error_codes(NODE, {"id": bobs["id"]}) == ["NOT_FOUND"]
    assert alice.client.error_codes(NODE, {"id": admins["id"]}) == ["NOT_FOUND"]
    assert alice.client.error_codes(CONTACT_NODE, {"id": bobs["contacts"][0]["id"]}) == [
        "NOT_FOUND"
    ]
    assert alice.client.error_codes(
        UPDATE_CUSTOMER, {"input": {"customerId": bobs["id"], "name": "Mine now"}}
    ) == ["NOT_FOUND"]
    assert alice.client.error_codes(GRANT_PORTAL, {"id": bobs["contacts"][0]["id"]}) == [
        "NOT_FOUND"
    ]

    bob_id = bob.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    handed_over = alice.client.data(
        CREATE_CUSTOMER, {"input": {"name": "Gift", "ownerId": bob_id}}
    )["createCustomer"]
    assert errors_of(handed_over) == {(("ownerId",), "OUTSIDE_DATA_SCOPE")}
    assert visible_names(bob) == {"Bob's Account"}
    assert {"Alice's Account", "Bob's Account", "House Account"} <= visible_names(tenant)


def test_a_department_scoped_role_sees_its_departments_customers(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    slug = tenant.slug
    create_role(
        tenant,
        "helpdesk",
        "customers:read",
        "customers:write",
        "users:read",
        scope="DEPARTMENT",
        name="Helpdesk",
    )
    sam = invite_and_join(tenant, mailbox, f"sam@{slug}.example.com", "support", ["helpdesk"])
    sue = invite_and_join(tenant, mailbox, f"sue@{slug}.example.com", "support", ["helpdesk"])
    seller = invite_and_join(tenant, mailbox, f"sid@{slug}.example.com", "sales")
    sues = create_customer(sue, "Helpdesk Client")
    sellers = create_customer(seller, "Sales Lead")
    moved = create_customer(tenant, "Escalated", departmentKey="support")

    assert visible_names(sam) == {"Helpdesk Client", "Escalated"}
    assert sam.client.data(NODE, {"id": sues["id"]})["node"]["name"] == "Helpdesk Client"
    assert sam.client.error_codes(NODE, {"id": sellers["id"]}) == ["NOT_FOUND"]
    assert visible_names(tenant) >= {"Helpdesk Client", "Sales Lead", "Escalated"}

    reassigned = tenant.client.data(
        UPDATE_CUSTOMER, {"input": {"customerId": moved["id"], "departmentKey": "finance"}}
    )["updateCustomer"]
    assert reassigned["userErrors"] == []
    assert visible_names(sam) == {"Helpdesk Client"}


def test_the_built_in_support_role_reaches_every_customer(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    """A support agent answers whoever calls: the default Support role sees every customer
    (it had its department's only, which in a new tenant is none)."""
    slug = tenant.slug
    agent = invite_and_join(tenant, mailbox, f"sky@{slug}.example.com", "support")
    seller = invite_and_join(tenant, mailbox, f"sol@{slug}.example.com", "sales")
    sellers = create_customer(seller, "Sales Client")
    create_customer(tenant, "House Client")

    assert visible_names(agent) >= {"Sales Client", "House Client"}
    assert agent.client.data(NODE, {"id": sellers["id"]})["node"]["name"] == "Sales Client"


def test_api_clients_reach_customers_only_with_an_all_records_role(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    create_customer(tenant, "Integrated Co")

    def client_session(role: str) -> GraphQLClient:
        created = tenant.client.data(
            """mutation C($input: CreateApiClientInput!) {
          createApiClient(input: $input) { apiClient { clientId } clientSecret
            userErrors { code } } }""",
            {"input": {"name": f"{role} sync", "roleKeys": [role]}},
        )["createApiClient"]
        response = httpx.post(
            f"{api.base_url}/oauth/token",
            data={"grant_type": "client_credentials"},
            timeout=30,
            auth=(created["apiClient"]["clientId"], created["clientSecret"]),
        )
        return api.as_(response.json()["access_token"])

    manager, seller = client_session("manager"), client_session("sales")
    names = {e["node"]["name"] for e in manager.data(CUSTOMERS)["customers"]["edges"]}
    assert names == {"Integrated Co"}
    assert seller.data(CUSTOMERS)["customers"]["edges"] == []


def test_another_tenants_customers_are_not_found(api: GraphQLClient, tenant: TenantSession) -> None:
    theirs = create_customer(tenant, "Private Co", [contact(unique_email("private"))])
    other = sign_up(api)
    assert other.client.error_codes(NODE, {"id": theirs["id"]}) == ["NOT_FOUND"]
    assert other.client.error_codes(CONTACT_NODE, {"id": theirs["contacts"][0]["id"]}) == [
        "NOT_FOUND"
    ]
    assert other.client.error_codes(GRANT_PORTAL, {"id": theirs["contacts"][0]["id"]}) == [
        "NOT_FOUND"
    ]
    assert other.client.error_codes(
        ADD_CONTACT,
        {"input": {"customerId": theirs["id"], "name": "Intruder", "email": unique_email("x")}},
    ) == ["NOT_FOUND"]
    assert visible_names(other) == set()
