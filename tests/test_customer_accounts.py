"""Customer accounts: tier, tags, region, payment terms, credit limit, company phone and
email, external reference, notes, and ship-to / bill-to addresses with one default per kind;
search across them within the caller's data scope; the portal never sees credit terms."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support.customers import VIEWER_ID, contact, unique_email
from tests.support.database import owner_sql, owner_value
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    errors_of,
    invite_and_join,
    row_id,
    row_uuid,
    sign_up,
)
from tests.support.metrics import statements_so_far
from tests.support.portal import PORTAL_VIEWER, portal_customer, sign_in_by_link
from tests.support.stack import Mailbox, Stack

ADDRESS_FIELDS = """id kind label recipient phone line1 line2 city region postalCode country
  isDefault"""
ACCOUNT_FIELDS = f"""id name tier tags region phone email externalRef notes
  paymentTerms {{ kind netDays }} creditLimit {{ amount currency }}
  addresses {{ {ADDRESS_FIELDS} }} defaultShipTo {{ id }} defaultBillTo {{ id }}"""
CREATE = f"""mutation CreateCustomer($input: CreateCustomerInput!) {{
  createCustomer(input: $input) {{ customer {{ {ACCOUNT_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation UpdateCustomer($input: UpdateCustomerInput!) {{
  updateCustomer(input: $input) {{ customer {{ {ACCOUNT_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
SET_TAGS = """mutation SetTags($input: SetCustomerTagsInput!) { setCustomerTags(input: $input) {
  customer { id tags } userErrors { field code } } }"""
ADD_ADDRESS = f"""mutation AddAddress($input: AddCustomerAddressInput!) {{
  addCustomerAddress(input: $input) {{ address {{ {ADDRESS_FIELDS} }}
    customer {{ id defaultShipTo {{ id }} defaultBillTo {{ id }} }}
    userErrors {{ field code }} }} }}"""
UPDATE_ADDRESS = f"""mutation UpdateAddress($input: UpdateCustomerAddressInput!) {{
  updateCustomerAddress(input: $input) {{ address {{ {ADDRESS_FIELDS} }}
    userErrors {{ field code }} }} }}"""
SET_DEFAULT = """mutation SetDefault($id: ID!) { setDefaultCustomerAddress(addressId: $id) {
  address { id isDefault } customer { defaultShipTo { id } } userErrors { field code } } }"""
REMOVE_ADDRESS = """mutation RemoveAddress($id: ID!) { removeCustomerAddress(addressId: $id) {
  removedAddressId customer { defaultShipTo { id } addresses { id } }
  userErrors { field code } } }"""
NODE = f"query Node($id: ID!) {{ node(id: $id) {{ id ... on Customer {{ {ACCOUNT_FIELDS} }} }} }}"
ADDRESS_NODE = """query Node($id: ID!) { node(id: $id) { id
  ... on CustomerAddress { city isDefault } } }"""
SEARCH = """query Search($search: String, $filter: CustomerFilter, $first: Int, $after: String) {
  customers(search: $search, filter: $filter, first: $first, after: $after) {
    edges { node { name } } pageInfo { hasNextPage endCursor } } }"""
TIERS = "query Tiers { customerTiers }"
TENANT = "query Tenant { tenant { currency } }"
SETTINGS = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { code } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""


def address(kind: str = "SHIP_TO", city: str = "Shanghai", **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "recipient": "Receiving Dock",
        "line1": "88 Century Avenue",
        "city": city,
        "country": "CN",
        **fields,
    }


def create_account(session: TenantSession, name: str, **fields: Any) -> dict[str, Any]:
    payload = session.client.data(CREATE, {"input": {"name": name, **fields}})["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    customer: dict[str, Any] = payload["customer"]
    return customer


def found(session: TenantSession, **variables: Any) -> list[str]:
    edges = session.client.data(SEARCH, {"first": 100, **variables})["customers"]["edges"]
    return sorted(edge["node"]["name"] for edge in edges)


def add_address(session: TenantSession, customer_id: str, **fields: Any) -> dict[str, Any]:
    payload = session.client.data(
        ADD_ADDRESS, {"input": {"customerId": customer_id, **address(**fields)}}
    )["addCustomerAddress"]
    assert payload["userErrors"] == [], payload["userErrors"]
    result: dict[str, Any] = payload
    return result


# --- fields ------------------------------------------------------------------------------------


def test_every_account_field_round_trips(tenant: TenantSession) -> None:
    assert tenant.client.data(TENANT)["tenant"]["currency"] == "USD"
    ref = f"ERP-{uuid.uuid4().hex[:6]}"
    created = create_account(
        tenant,
        "Initech",
        tier="vip",
        tags=[" Key  Account ", "VIP", "vip"],
        region="east-china",
        phone="+86 21 5555 0100",
        email="Sales@Initech.Example.com",
        externalRef=ref,
        notes="Prefers deliveries before noon.",
        paymentTerms={"kind": "NET", "netDays": 30},
        creditLimit="50000.5",
        addresses=[
            address(label="Main dock"),
            address(city="Suzhou", isDefault=True),
            address("BILL_TO", city="Beijing", postalCode="100000"),
        ],
    )

    assert (
        created["tier"],
        created["tags"],
        created["region"],
        created["phone"],
        created["email"],
        created["externalRef"],
        created["notes"],
    ) == (
        "vip",
        ["key account", "vip"],
        "east-china",
        "+86 21 5555 0100",
        "sales@initech.example.com",
        ref,
        "Prefers deliveries before noon.",
    )
    assert created["paymentTerms"] == {"kind": "NET", "netDays": 30}
    assert created["creditLimit"] == {"amount": "50000.50", "currency": "USD"}
    shanghai, suzhou, beijing = created["addresses"]
    assert (shanghai["label"], shanghai["isDefault"], suzhou["isDefault"]) == (
        "Main dock",
        False,
        True,
    )
    assert (beijing["kind"], beijing["postalCode"], beijing["isDefault"]) == (
        "BILL_TO",
        "100000",
        True,
    )
    assert created["defaultShipTo"] == {"id": suzhou["id"]}
    assert created["defaultBillTo"] == {"id": beijing["id"]}
    assert tenant.client.data(NODE, {"id": created["id"]})["node"] == created

    updated = tenant.client.data(
        UPDATE,
        {
            "input": {
                "customerId": created["id"],
                "tier": "wholesale",
                "region": "CN-31",
                "phone": "",
                "email": "",
                "externalRef": f"{ref}-B",
                "notes": "",
                "tags": ["Distributor"],
                "paymentTerms": {"kind": "PREPAID"},
                "creditLimit": "0",
            }
        },
    )["updateCustomer"]
    assert updated["userErrors"] == []
    customer = updated["customer"]
    assert (
        customer["tier"],
        customer["region"],
        customer["phone"],
        customer["email"],
        customer["externalRef"],
        customer["notes"],
        customer["tags"],
    ) == ("wholesale", "CN-31", None, None, f"{ref}-B", None, ["distributor"])
    assert customer["paymentTerms"] == {"kind": "PREPAID", "netDays": None}
    assert customer["creditLimit"] == {"amount": "0.00", "currency": "USD"}
    assert tenant.client.data(NODE, {"id": created["id"]})["node"] == customer

    changes = tenant.client.data(AUDIT, {"action": "customers.update"})["auditLog"]["edges"][0]
    assert changes["node"]["changes"]["creditLimit"] == {
        "from": {"amount": "50000.50", "currency": "USD"},
        "to": {"amount": "0.00", "currency": "USD"},
    }
    assert tenant.client.data(TIERS)["customerTiers"] == ["standard", "vip", "wholesale"]


def test_a_new_customer_starts_standard_prepaid_without_credit(tenant: TenantSession) -> None:
    customer = create_account(tenant, "Plain Co")
    assert (
        customer["tier"],
        customer["tags"],
        customer["addresses"],
        customer["defaultShipTo"],
        customer["paymentTerms"],
        customer["creditLimit"],
    ) == (
        "standard",
        [],
        [],
        None,
        {"kind": "PREPAID", "netDays": None},
        {"amount": "0.00", "currency": "USD"},
    )


def test_the_credit_limit_is_in_the_tenants_currency(tenant: TenantSession) -> None:
    changed = tenant.client.data(SETTINGS, {"input": {"currency": "JPY"}})
    assert changed["updateTenantSettings"]["userErrors"] == []
    customer = create_account(tenant, "Tokyo Trading", creditLimit="1200000")
    assert customer["creditLimit"] == {"amount": "1200000", "currency": "JPY"}
    fractional = tenant.client.data(
        UPDATE, {"input": {"customerId": customer["id"], "creditLimit": "1000.5"}}
    )["updateCustomer"]
    assert errors_of(fractional) == {(("creditLimit",), "INVALID_CREDIT_LIMIT")}


def test_bad_account_input_is_reported_per_field_and_writes_nothing(tenant: TenantSession) -> None:
    taken = f"ERP-{uuid.uuid4().hex[:6]}"
    existing = create_account(tenant, "Existing Co", externalRef=taken)
    payload = tenant.client.data(
        CREATE,
        {
            "input": {
                "name": "Broken Co",
                "tier": "platinum",
                "creditLimit": "-1",
                "region": "east china!",
                "email": "not-an-email",
                "phone": "call me",
                "tags": ["ok", "a,b", " "],
                "paymentTerms": {"kind": "NET"},
                "externalRef": taken,
                "addresses": [address(country="XX"), address(recipient=" ", line1="", city="")],
            }
        },
    )["createCustomer"]
    assert payload["customer"] is None
    assert errors_of(payload) == {
        (("tier",), "INVALID_TIER"),
        (("creditLimit",), "INVALID_CREDIT_LIMIT"),
        (("region",), "INVALID_REGION"),
        (("email",), "INVALID_EMAIL"),
        (("phone",), "INVALID_PHONE"),
        (("tags", "1"), "INVALID_TAG"),
        (("tags", "2"), "INVALID_TAG"),
        (("paymentTerms", "netDays"), "INVALID_PAYMENT_TERMS"),
        (("addresses", "0", "country"), "INVALID_COUNTRY"),
        (("addresses", "1", "recipient"), "REQUIRED"),
        (("addresses", "1", "line1"), "REQUIRED"),
        (("addresses", "1", "city"), "REQUIRED"),
    }
    duplicate = tenant.client.data(CREATE, {"input": {"name": "Copy Co", "externalRef": taken}})
    assert errors_of(duplicate["createCustomer"]) == {(("externalRef",), "EXTERNAL_REF_TAKEN")}
    prepaid_days = tenant.client.data(
        UPDATE,
        {
            "input": {
                "customerId": existing["id"],
                "paymentTerms": {"kind": "PREPAID", "netDays": 30},
            }
        },
    )
    assert errors_of(prepaid_days["updateCustomer"]) == {
        (("paymentTerms", "netDays"), "INVALID_PAYMENT_TERMS")
    }
    too_long = tenant.client.data(
        UPDATE,
        {"input": {"customerId": existing["id"], "paymentTerms": {"kind": "NET", "netDays": 400}}},
    )
    assert errors_of(too_long["updateCustomer"]) == {
        (("paymentTerms", "netDays"), "INVALID_PAYMENT_TERMS")
    }
    assert found(tenant) == ["Existing Co"]
    assert tenant.client.data(NODE, {"id": existing["id"]})["node"]["paymentTerms"] == {
        "kind": "PREPAID",
        "netDays": None,
    }

    other = create_account(tenant, "Other Co")
    claimed = tenant.client.data(
        UPDATE, {"input": {"customerId": other["id"], "externalRef": taken}}
    )["updateCustomer"]
    assert errors_of(claimed) == {(("externalRef",), "EXTERNAL_REF_TAKEN")}
    too_many = tenant.client.data(
        SET_TAGS, {"input": {"customerId": other["id"], "tags": [f"tag {i}" for i in range(21)]}}
    )
    assert errors_of(too_many["setCustomerTags"]) == {(("tags",), "TOO_MANY_TAGS")}


def test_an_external_reference_is_claimed_once_under_concurrency(tenant: TenantSession) -> None:
    ref = f"SHOP-{uuid.uuid4().hex[:6]}"

    def attempt(index: int) -> dict[str, Any]:
        payload: dict[str, Any] = tenant.client.data(
            CREATE, {"input": {"name": f"Racer {index}", "externalRef": ref}}
        )["createCustomer"]
        return payload

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(attempt, range(6)))
    winners = [r for r in results if r["customer"]]
    assert len(winners) == 1
    assert all(
        errors_of(r) == {(("externalRef",), "EXTERNAL_REF_TAKEN")}
        for r in results
        if not r["customer"]
    )
    assert len(found(tenant, filter={"search": "Racer"})) == 1


def test_tags_are_replaced_as_a_set(tenant: TenantSession) -> None:
    customer = create_account(tenant, "Tagged Co", tags=["old"])
    payload = tenant.client.data(
        SET_TAGS,
        {"input": {"customerId": customer["id"], "tags": ["Export", " export ", "Key   Account"]}},
    )
    assert payload["setCustomerTags"] == {
        "customer": {"id": customer["id"], "tags": ["export", "key account"]},
        "userErrors": [],
    }
    audit = tenant.client.data(AUDIT, {"action": "customers.set_tags"})["auditLog"]["edges"]
    assert audit[0]["node"]["changes"]["tags"] == {"from": ["old"], "to": ["export", "key account"]}


# --- credit terms need customers:credit ----------------------------------------------------------


def test_credit_terms_are_set_by_finance_not_by_sales(
    tenant: TenantSession, mailbox: Mailbox, stack: Stack
) -> None:
    slug = tenant.slug
    seller = invite_and_join(tenant, mailbox, f"sal@{slug}.example.com", "sales")
    cashier = invite_and_join(tenant, mailbox, f"fin@{slug}.example.com", "finance")
    assert seller.client.error_codes(
        CREATE, {"input": {"name": "Greedy Co", "creditLimit": "100000"}}
    ) == ["FORBIDDEN"]
    account = create_account(seller, "Modest Co", tier="vip", tags=["new"])
    assert seller.client.error_codes(
        UPDATE,
        {"input": {"customerId": account["id"], "paymentTerms": {"kind": "NET", "netDays": 60}}},
    ) == ["FORBIDDEN"]

    granted = cashier.client.data(
        UPDATE,
        {
            "input": {
                "customerId": account["id"],
                "creditLimit": "25000",
                "paymentTerms": {"kind": "NET", "netDays": 45},
            }
        },
    )["updateCustomer"]
    assert granted["userErrors"] == []
    assert (granted["customer"]["creditLimit"], granted["customer"]["paymentTerms"]) == (
        {"amount": "25000.00", "currency": "USD"},
        {"kind": "NET", "netDays": 45},
    )
    assert cashier.client.error_codes(
        UPDATE, {"input": {"customerId": account["id"], "name": "Renamed by finance"}}
    ) == ["FORBIDDEN"]

    events = owner_sql(
        stack,
        "SELECT type, payload FROM outbox_events WHERE "
        "payload->>'customerId' = $1 ORDER BY created_at",
        row_id(account["id"]),
    )
    assert [row["type"] for row in events] == ["customer.created", "customer.credit_terms_changed"]
    assert '"netDays": 45' in events[1]["payload"]


# --- addresses ---------------------------------------------------------------------------------


def test_each_kind_has_one_default_address(tenant: TenantSession) -> None:
    customer = create_account(tenant, "Addressed Co")
    first = add_address(tenant, customer["id"], label="HQ")
    assert first["address"]["isDefault"] is True
    assert first["customer"]["defaultShipTo"] == {"id": first["address"]["id"]}
    second = add_address(tenant, customer["id"], city="Hangzhou")
    assert second["address"]["isDefault"] is False
    billing = add_address(tenant, customer["id"], kind="BILL_TO", country="de")
    assert (billing["address"]["country"], billing["address"]["isDefault"]) == ("DE", True)

    moved = tenant.client.data(SET_DEFAULT, {"id": second["address"]["id"]})
    assert moved["setDefaultCustomerAddress"]["customer"]["defaultShipTo"] == {
        "id": second["address"]["id"]
    }
    node = tenant.client.data(NODE, {"id": customer["id"]})["node"]
    assert [(a["city"], a["isDefault"]) for a in node["addresses"]] == [
        ("Shanghai", False),
        ("Hangzhou", True),
        ("Shanghai", True),
    ]
    assert node["defaultBillTo"] == {"id": billing["address"]["id"]}

    edited = tenant.client.data(
        UPDATE_ADDRESS,
        {
            "input": {
                "addressId": first["address"]["id"],
                "line2": "Floor 12",
                "label": "",
                "country": "usa",
            }
        },
    )["updateCustomerAddress"]
    assert errors_of(edited) == {(("country",), "INVALID_COUNTRY")}
    edited = tenant.client.data(
        UPDATE_ADDRESS,
        {
            "input": {
                "addressId": first["address"]["id"],
                "line2": "Floor 12",
                "label": "",
                "postalCode": "200120",
            }
        },
    )["updateCustomerAddress"]
    assert edited["userErrors"] == []
    assert (
        edited["address"]["line2"],
        edited["address"]["label"],
        edited["address"]["postalCode"],
        edited["address"]["isDefault"],
    ) == ("Floor 12", None, "200120", False)

    removed = tenant.client.data(REMOVE_ADDRESS, {"id": second["address"]["id"]})
    payload = removed["removeCustomerAddress"]
    assert payload["removedAddressId"] == second["address"]["id"]
    assert payload["customer"]["defaultShipTo"] == {"id": first["address"]["id"]}
    assert tenant.client.error_codes(ADDRESS_NODE, {"id": second["address"]["id"]}) == ["NOT_FOUND"]
    for action in (
        "customers.add_address",
        "customers.update_address",
        "customers.set_default_address",
        "customers.remove_address",
    ):
        entries = tenant.client.data(AUDIT, {"action": action})["auditLog"]["edges"]
        assert entries[0]["node"]["targetType"] == "customer_address", action


def test_concurrent_default_changes_leave_exactly_one_default(
    tenant: TenantSession, stack: Stack
) -> None:
    customer = create_account(
        tenant, "Busy Docks", addresses=[address(city=f"Dock {i}") for i in range(6)]
    )
    ids = [a["id"] for a in customer["addresses"]]

    def set_default(address_id: str) -> list[Any]:
        payload = tenant.client.data(SET_DEFAULT, {"id": address_id})
        errors: list[Any] = payload["setDefaultCustomerAddress"]["userErrors"]
        return errors

    def add_default(index: int) -> list[Any]:
        payload = tenant.client.data(
            ADD_ADDRESS,
            {
                "input": {
                    "customerId": customer["id"],
                    **address(city=f"New {index}", isDefault=True),
                }
            },
        )
        errors: list[Any] = payload["addCustomerAddress"]["userErrors"]
        return errors

    for action, arguments in ((set_default, ids * 2), (add_default, list(range(6)))):
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(action, arguments)) == [[]] * len(arguments)
        addresses = tenant.client.data(NODE, {"id": customer["id"]})["node"]["addresses"]
        assert sum(a["isDefault"] for a in addresses) == 1
    defaults = owner_value(
        stack,
        "SELECT count(*) FROM customer_addresses WHERE "
        "customer_id = $1 AND kind = 'ship_to' AND is_default",
        row_uuid(customer["id"]),
    )
    assert defaults == 1


def test_address_limits_and_required_fields(tenant: TenantSession) -> None:
    customer = create_account(tenant, "Careful Co")
    payload = tenant.client.data(
        ADD_ADDRESS,
        {
            "input": {
                "customerId": customer["id"],
                **address(recipient="", country="ZZ", phone="n/a", postalCode="1" * 21),
            }
        },
    )
    assert errors_of(payload["addCustomerAddress"]) == {
        (("recipient",), "REQUIRED"),
        (("country",), "INVALID_COUNTRY"),
        (("phone",), "INVALID_PHONE"),
        (("postalCode",), "TOO_LONG"),
    }
    assert tenant.client.data(NODE, {"id": customer["id"]})["node"]["addresses"] == []


# --- search ------------------------------------------------------------------------------------


def test_search_matches_name_phone_email_contact_and_tag(tenant: TenantSession) -> None:
    me = tenant.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    create_account(
        tenant,
        "Northwind Traders",
        phone="+86 138-0013-8000",
        email="info@northwind.example.com",
        tier="wholesale",
        region="east-china",
    )
    create_account(
        tenant,
        "Contoso",
        contacts=[contact("buyer@contoso-mail.example.com", "Bea Buyer", "+49 30 1234567")],
    )
    create_account(tenant, "Fabrikam", tags=["VIP", "export"])
    create_account(tenant, "Vipers Club", region="CN-31", tags=["export"])
    create_account(tenant, "100% Cotton")

    assert found(tenant, search="northwind") == ["Northwind Traders"]
    assert found(tenant, filter={"search": "138 0013"}) == ["Northwind Traders"]
    assert found(tenant, filter={"search": "INFO@northwind"}) == ["Northwind Traders"]
    assert found(tenant, filter={"search": "contoso-mail"}) == ["Contoso"]
    assert found(tenant, filter={"search": "bea buy"}) == ["Contoso"]
    assert found(tenant, filter={"search": "30 1234567"}) == ["Contoso"]
    assert found(tenant, filter={"search": "vip"}) == ["Fabrikam", "Vipers Club"]
    assert found(tenant, filter={"search": "%"}) == ["100% Cotton"]
    assert found(tenant, filter={"tags": ["Vip"]}) == ["Fabrikam"]
    assert found(tenant, filter={"tags": ["export", "vip"]}) == ["Fabrikam"]
    assert found(tenant, filter={"tags": ["export"]}) == ["Fabrikam", "Vipers Club"]
    assert found(tenant, filter={"tier": "wholesale"}) == ["Northwind Traders"]
    assert found(tenant, filter={"region": "CN-31"}) == ["Vipers Club"]
    assert found(tenant, filter={"ownerId": me, "search": "con"}) == ["Contoso"]
    assert found(tenant, search="club", filter={"tags": ["export"]}) == ["Vipers Club"]

    first = tenant.client.data(SEARCH, {"filter": {"tags": ["export"]}, "first": 1})
    page = first["customers"]
    assert [e["node"]["name"] for e in page["edges"]] == ["Vipers Club"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = tenant.client.data(
        SEARCH, {"filter": {"tags": ["export"]}, "first": 1, "after": page["pageInfo"]["endCursor"]}
    )["customers"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Fabrikam"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_search_never_reaches_beyond_the_data_scope(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    slug = tenant.slug
    alice = invite_and_join(tenant, mailbox, f"ann@{slug}.example.com", "sales")
    bob = invite_and_join(tenant, mailbox, f"ben@{slug}.example.com", "sales")
    bobs = create_account(
        bob,
        "Bob's Secret Account",
        phone="+1 555 0199 777",
        tags=["hot"],
        email="secret@bobs.example.com",
        contacts=[contact(unique_email("bobs-buyer"), "Hidden Buyer")],
        addresses=[address()],
    )
    create_account(alice, "Alice's Account", tags=["hot"])
    bob_id = bob.client.data(VIEWER_ID)["viewer"]["user"]["id"]

    assert found(bob, filter={"search": "0199777"}) == ["Bob's Secret Account"]
    for criteria in (
        {"search": "0199777"},
        {"search": "secret@bobs"},
        {"search": "hidden buyer"},
        {"ownerId": bob_id},
    ):
        assert found(alice, filter=criteria) == [], criteria
    assert found(alice, filter={"tags": ["hot"]}) == ["Alice's Account"]
    assert found(alice, search="bob") == []
    address_id = bobs["addresses"][0]["id"]
    assert alice.client.error_codes(ADDRESS_NODE, {"id": address_id}) == ["NOT_FOUND"]
    assert alice.client.error_codes(SET_DEFAULT, {"id": address_id}) == ["NOT_FOUND"]
    assert alice.client.error_codes(
        SET_TAGS, {"input": {"customerId": bobs["id"], "tags": []}}
    ) == ["NOT_FOUND"]


# --- isolation -----------------------------------------------------------------------------------


def test_another_tenants_addresses_and_tags_are_not_found(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    theirs = create_account(tenant, "Private Co", tags=["secret"], addresses=[address()])
    address_id = theirs["addresses"][0]["id"]
    other = sign_up(api)

    assert other.client.error_codes(ADDRESS_NODE, {"id": address_id}) == ["NOT_FOUND"]
    assert other.client.error_codes(SET_DEFAULT, {"id": address_id}) == ["NOT_FOUND"]
    assert other.client.error_codes(REMOVE_ADDRESS, {"id": address_id}) == ["NOT_FOUND"]
    assert other.client.error_codes(
        UPDATE_ADDRESS, {"input": {"addressId": address_id, "city": "Elsewhere"}}
    ) == ["NOT_FOUND"]
    assert other.client.error_codes(
        ADD_ADDRESS, {"input": {"customerId": theirs["id"], **address()}}
    ) == ["NOT_FOUND"]
    assert other.client.error_codes(
        SET_TAGS, {"input": {"customerId": theirs["id"], "tags": ["mine"]}}
    ) == ["NOT_FOUND"]
    assert other.client.error_codes(
        UPDATE, {"input": {"customerId": theirs["id"], "tier": "vip"}}
    ) == ["NOT_FOUND"]
    assert found(other, filter={"tags": ["secret"]}) == []
    assert tenant.client.data(ADDRESS_NODE, {"id": address_id})["node"]["city"] == "Shanghai"


# --- the portal ----------------------------------------------------------------------------------

INTROSPECT = """query Type($name: String!) { __type(name: $name) {
  fields { name type { name kind ofType { name kind ofType { name kind } } } } } }"""
STAFF_ONLY = {"creditLimit", "paymentTerms", "owner", "notes", "department", "externalRef"}


def _named(type_ref: dict[str, Any] | None) -> str | None:
    while type_ref is not None and type_ref.get("name") is None:
        type_ref = type_ref.get("ofType")
    return type_ref["name"] if type_ref else None


def portal_fields(api: GraphQLClient) -> dict[str, set[str]]:
    """Every object type a portal viewer reaches, with its field names."""
    seen: dict[str, set[str]] = {}
    pending = ["PortalViewer"]
    while pending:
        name = pending.pop()
        described = api.data(INTROSPECT, {"name": name})["__type"]
        if name in seen or not described or described["fields"] is None:
            continue
        seen[name] = {f["name"] for f in described["fields"]}
        pending += [
            n
            for f in described["fields"]
            if (n := _named(f["type"])) not in seen and n is not None and not n.startswith("__")
        ]
    return seen


def test_the_portal_never_shows_credit_terms_owner_or_notes(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    reachable = portal_fields(tenant.client)  # introspection is for staff and API clients
    assert {"PortalViewer", "PortalCustomer", "PortalContact"} <= set(reachable)
    assert "Customer" not in reachable
    assert {
        name: fields & STAFF_ONLY for name, fields in reachable.items() if fields & STAFF_ONLY
    } == {}

    customer = portal_customer(tenant, "Portal Buyer Co")
    create_result = tenant.client.data(
        UPDATE,
        {
            "input": {
                "customerId": customer.customer_id,
                "creditLimit": "9000",
                "notes": "Slow payer",
            }
        },
    )
    assert create_result["updateCustomer"]["userErrors"] == []
    added = add_address(tenant, customer.customer_id)
    token = sign_in_by_link(api, mailbox, tenant.slug, customer.email)["accessToken"]
    assert api.data(PORTAL_VIEWER, token=token)["portalViewer"]["customer"]["name"] == (
        "Portal Buyer Co"
    )
    leak = api.execute(
        "query { portalViewer { customer { creditLimit { amount } } } }", token=token
    )
    assert leak.get("errors") and not leak.get("data")
    for global_id in (customer.customer_id, added["address"]["id"]):
        assert api.error_codes(ADDRESS_NODE, {"id": global_id}, token=token) == ["NOT_FOUND"]


# --- cost ----------------------------------------------------------------------------------------

OPERATION = "StatementBudgetCustomerAccountsPage"
PAGE = f"""query {OPERATION} {{ customers(first: 100) {{ edges {{ node {{
  name tier tags creditLimit {{ amount }} owner {{ email }} department {{ key }}
  contacts {{ email }} addresses {{ city }} defaultShipTo {{ city }} defaultBillTo {{ city }}
}} }} }} }}"""


def statements_of_customers_page(api: GraphQLClient, owner: TenantSession, expected: int) -> int:
    owner.client.data(PAGE)
    before = statements_so_far(api, OPERATION)
    edges = owner.client.data(PAGE)["customers"]["edges"]
    after = statements_so_far(api, OPERATION)
    assert len(edges) == expected
    assert all(e["node"]["defaultShipTo"] and e["node"]["tags"] for e in edges)
    return int(after - before)


def seed_customers(owner: TenantSession, count: int, start: int) -> None:
    for i in range(start, start + count):
        create_account(
            owner,
            f"Bulk {i}",
            tags=[f"t{i}"],
            contacts=[contact(unique_email(f"b{i}"))],
            addresses=[address(), address("BILL_TO")],
        )


def test_a_page_of_customers_costs_the_same_statements_for_3_and_20(api: GraphQLClient) -> None:
    owner = sign_up(api)
    seed_customers(owner, 3, start=0)
    with_3 = statements_of_customers_page(api, owner, expected=3)
    seed_customers(owner, 17, start=3)
    with_20 = statements_of_customers_page(api, owner, expected=20)
    assert with_3 > 0, "the API did not count any statement for the operation"
    assert with_20 == with_3, f"{with_3} statements for 3 customers, {with_20} for 20"
