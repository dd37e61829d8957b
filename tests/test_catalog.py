"""The catalogue: staff create products (simple ones with their SKU, configurable ones whose
options generate one SKU per combination, priced from the options), edit SKUs, keep price
books, and find all of it again. Codes are unique per tenant; another tenant's objects do
not exist for the caller; who may read and write is decided by their roles."""

from __future__ import annotations

import concurrent.futures
import uuid
from typing import Any

from tests.support.catalog import (
    ADD_OPTION,
    CREATE_BOOK,
    CREATE_PRODUCT,
    GENERATE,
    PRODUCT_FIELDS,
    SET_ACTIVE,
    SET_ENTRIES,
    UPDATE_BOOK,
    UPDATE_SKU,
    add_option,
    create_book,
    create_product,
    entry,
    generate,
    value,
)
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    errors_of,
    global_id,
    invite_and_join,
    sign_up,
)
from tests.support.metrics import statements_so_far
from tests.support.stack import Mailbox

PRODUCT = f"""query Product($id: ID!) {{ node(id: $id) {{
  ... on Product {{ {PRODUCT_FIELDS} }} }} }}"""
UPDATE_PRODUCT = f"""mutation UpdateProduct($input: UpdateProductInput!) {{
  updateProduct(input: $input) {{ product {{ {PRODUCT_FIELDS} }} userErrors {{ field code }} }}
}}"""
ADD_VALUES = """mutation AddValues($input: AddProductOptionValuesInput!) {
  addProductOptionValues(input: $input) { option { id values { name code position } }
    userErrors { field code } } }"""
PRODUCTS = """query Products($first: Int, $after: String, $search: String, $active: Boolean) {
  products(first: $first, after: $after, search: $search, active: $active) {
    edges { node { code name } } pageInfo { hasNextPage endCursor } } }"""
SKUS = """query Skus($first: Int, $after: String, $search: String, $active: Boolean) {
  skus(first: $first, after: $after, search: $search, active: $active) {
    edges { node { code name product { code } } } pageInfo { hasNextPage endCursor } } }"""
DELETE_BOOK = """mutation DeleteBook($id: ID!) { deletePriceBook(priceBookId: $id) {
  deletedPriceBookId userErrors { field code } } }"""
BOOKS = """query Books($first: Int, $after: String) { priceBooks(first: $first, after: $after) {
  edges { node { name } } pageInfo { hasNextPage endCursor } } }"""
NODE = """query Node($id: ID!) { node(id: $id) { id
  ... on Product { code } ... on Sku { code } ... on ProductOption { name }
  ... on ProductOptionValue { name } ... on PriceBook { name }
  ... on PriceBookEntry { minQuantity } } }"""
QUOTE = """query Quote($input: QuotePriceInput!) { quotePrice(input: $input) {
  unitPrice { amount currency } priceSource priceSourceLabel lineTotal { amount } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""


# --- helpers -----------------------------------------------------------------------------


def unique_code(prefix: str = "P") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6].upper()}"


def codes_listed(session: TenantSession, query: str, field: str, **variables: Any) -> list[str]:
    edges = session.client.data(query, {"first": 100, **variables})[field]["edges"]
    return [edge["node"]["code"] for edge in edges]


# --- simple products ---------------------------------------------------------------------


def test_a_simple_product_comes_with_its_one_sku(tenant: TenantSession) -> None:
    product = create_product(
        tenant,
        "wid-100",
        "Steel widget",
        "12.50",
        cost="7.2500",
        taxRate="0.13",
        description="Galvanised.",
        unit="box",
        minOrderQuantity="2",
        packSize="2",
        attributes=[{"name": "Weight", "value": "1.2 kg"}, {"name": "Colour", "value": "grey"}],
    )

    assert {
        k: product[k]
        for k in (
            "code",
            "name",
            "description",
            "unit",
            "taxRate",
            "active",
            "hasOptions",
            "options",
        )
    } == {
        "code": "WID-100",
        "name": "Steel widget",
        "description": "Galvanised.",
        "unit": "box",
        "taxRate": "0.1300",
        "active": True,
        "hasOptions": False,
        "options": [],
    }
    assert product["attributes"] == [
        {"name": "Weight", "value": "1.2 kg"},
        {"name": "Colour", "value": "grey"},
    ]
    assert product["basePrice"] == {"amount": "12.50", "currency": "USD"}
    [sku] = product["skus"]
    assert {
        k: sku[k]
        for k in (
            "code",
            "name",
            "listPrice",
            "cost",
            "minOrderQuantity",
            "packSize",
            "active",
            "sellable",
            "optionValues",
        )
    } == {
        "code": "WID-100",
        "name": "Steel widget",
        "listPrice": {"amount": "12.50", "currency": "USD"},
        "cost": {"amount": "7.25", "currency": "USD"},
        "minOrderQuantity": "2.000",
        "packSize": "2.000",
        "active": True,
        "sellable": True,
        "optionValues": [],
    }
    assert tenant.client.data(NODE, {"id": sku["id"]})["node"] == {
        "id": sku["id"],
        "code": "WID-100",
    }
    entries = tenant.client.data(AUDIT, {"action": "catalog.create_product"})["auditLog"]
    assert [e["node"]["changes"]["code"]["to"] for e in entries["edges"]] == ["WID-100"]


def test_product_input_is_checked_field_by_field(tenant: TenantSession) -> None:
    payload = tenant.client.data(
        CREATE_PRODUCT,
        {
            "input": {
                "code": "bad code!",
                "name": " ",
                "listPrice": "-1",
                "cost": "1.23456",
                "taxRate": "1.5",
                "packSize": "0",
                "minOrderQuantity": "0.0001",
                "unit": "",
                "description": "Bell\x07ringing",
                "attributes": [{"name": "Size", "value": "L"}, {"name": "size", "value": "XL"}],
            }
        },
    )["createProduct"]

    assert payload["product"] is None
    assert errors_of(payload) == {
        (("code",), "INVALID_CODE"),
        (("name",), "REQUIRED"),
        (("listPrice",), "INVALID_PRICE"),
        (("cost",), "INVALID_COST"),
        (("taxRate",), "INVALID_TAX_RATE"),
        (("packSize",), "PACK_SIZE_INVALID"),
        (("unit",), "INVALID_UNIT"),
        (("minOrderQuantity",), "INVALID_MIN_ORDER_QUANTITY"),
        (("attributes", "1", "name"), "DUPLICATE_ATTRIBUTE"),
        (("description",), "INVALID_CHARACTERS"),
    }
    assert codes_listed(tenant, PRODUCTS, "products") == []


def test_amounts_are_exact_decimals(tenant: TenantSession) -> None:
    """0.1 + 0.2 is 0.30, not 0.30000000000000004, whether the client sent a decimal string
    or a JSON number; more than 4 decimal places are refused, never rounded away."""
    product = create_product(tenant, "EX", "Exact", 0.1, cost="0.2", hasOptions=True)
    add_option(tenant, product["id"], "Finish", [value("Matt", "M", "0.2", 0.1)])
    [sku] = generate(tenant, product["id"])
    assert (sku["listPrice"]["amount"], sku["cost"]["amount"]) == ("0.30", "0.30")
    too_fine = tenant.client.data(
        UPDATE_SKU, {"input": {"skuId": sku["id"], "listPrice": "0.30001"}}
    )
    assert errors_of(too_fine["updateSku"]) == {(("listPrice",), "INVALID_PRICE")}


def test_sku_codes_are_unique_in_a_tenant_but_not_across_tenants(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    first = create_product(tenant, "ABC-1")
    other = create_product(tenant, "ABC-2")

    again = tenant.client.data(
        CREATE_PRODUCT,
        {"input": {"code": "abc-1", "name": "Copy", "listPrice": "1", "taxRate": "0"}},
    )["createProduct"]
    assert errors_of(again) == {(("code",), "SKU_TAKEN")}
    renamed = tenant.client.data(
        UPDATE_SKU, {"input": {"skuId": other["skus"][0]["id"], "code": "Abc-1"}}
    )["updateSku"]
    assert errors_of(renamed) == {(("code",), "SKU_TAKEN")}

    elsewhere = create_product(sign_up(api), "ABC-1")
    assert elsewhere["skus"][0]["code"] == "ABC-1"
    assert codes_listed(tenant, SKUS, "skus") == ["ABC-1", "ABC-2"]
    assert first["skus"][0]["code"] == "ABC-1"


def test_concurrent_creations_of_one_code_leave_one_product(tenant: TenantSession) -> None:
    def attempt(index: int) -> dict[str, Any]:
        result: dict[str, Any] = tenant.client.data(
            CREATE_PRODUCT,
            {
                "input": {
                    "code": "RACE-1",
                    "name": f"Racer {index}",
                    "listPrice": "1",
                    "taxRate": "0",
                }
            },
        )["createProduct"]
        return result

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(8)))

    assert sum(1 for o in outcomes if o["product"]) == 1
    assert [errors_of(o) for o in outcomes if not o["product"]] == [{(("code",), "SKU_TAKEN")}] * 7
    assert codes_listed(tenant, SKUS, "skus") == ["RACE-1"]


def test_a_simple_products_sku_follows_its_price_and_name(tenant: TenantSession) -> None:
    product = create_product(tenant, "S-1", "Socket", "3.00", cost="1.00")
    updated = tenant.client.data(
        UPDATE_PRODUCT,
        {
            "input": {
                "productId": product["id"],
                "name": "Socket, earthed",
                "basePrice": "3.25",
                "baseCost": "1.10",
                "taxRate": "0.09",
                "attributes": [{"name": "Rating", "value": "16 A"}],
            }
        },
    )["updateProduct"]
    assert updated["userErrors"] == []
    [sku] = updated["product"]["skus"]
    assert (sku["name"], sku["listPrice"]["amount"], sku["cost"]["amount"]) == (
        "Socket, earthed",
        "3.25",
        "1.10",
    )
    assert updated["product"]["taxRate"] == "0.0900"

    changed = tenant.client.data(
        UPDATE_SKU,
        {
            "input": {
                "skuId": sku["id"],
                "listPrice": "3.40",
                "packSize": "10",
                "minOrderQuantity": "20",
            }
        },
    )["updateSku"]
    assert changed["userErrors"] == []
    assert changed["sku"]["product"]["basePrice"] == {"amount": "3.40"}
    assert (changed["sku"]["packSize"], changed["sku"]["minOrderQuantity"]) == ("10.000", "20.000")
    refused = tenant.client.data(
        UPDATE_SKU, {"input": {"skuId": sku["id"], "packSize": "-2", "listPrice": "-0.01"}}
    )["updateSku"]
    assert errors_of(refused) == {
        (("packSize",), "PACK_SIZE_INVALID"),
        (("listPrice",), "INVALID_PRICE"),
    }


def test_an_inactive_product_is_not_sellable(tenant: TenantSession) -> None:
    kept = create_product(tenant, "K-1")
    dropped = create_product(tenant, "D-1")
    result = tenant.client.data(SET_ACTIVE, {"id": dropped["id"], "active": False})
    assert result["setProductActive"]["product"]["skus"] == [{"sellable": False}]

    assert codes_listed(tenant, SKUS, "skus", active=True) == ["K-1"]
    assert codes_listed(tenant, SKUS, "skus", active=False) == ["D-1"]
    assert codes_listed(tenant, PRODUCTS, "products", active=True) == ["K-1"]
    tenant.client.data(UPDATE_SKU, {"input": {"skuId": kept["skus"][0]["id"], "active": False}})
    assert codes_listed(tenant, SKUS, "skus", active=True) == []


# --- configurable products ---------------------------------------------------------------


def laptop(session: TenantSession) -> dict[str, Any]:
    product = create_product(session, "LAP", "Laptop Pro", "1000", cost="600", hasOptions=True)
    add_option(
        session,
        product["id"],
        "Memory",
        [value("16 GB", "16g"), value("32 GB", "32G", "150.25", "80")],
    )
    add_option(
        session,
        product["id"],
        "Disk",
        [value("512 GB", "512"), value("1 TB", "1T", "99.99", "40.5")],
    )
    return product


def test_options_generate_one_priced_sku_per_combination(tenant: TenantSession) -> None:
    product = laptop(tenant)
    assert product["skus"] == []

    created = generate(tenant, product["id"])

    assert sorted(
        (s["code"], s["name"], s["listPrice"]["amount"], s["cost"]["amount"]) for s in created
    ) == [
        ("LAP-16G-1T", "Laptop Pro (16 GB, 1 TB)", "1099.99", "640.50"),
        ("LAP-16G-512", "Laptop Pro (16 GB, 512 GB)", "1000.00", "600.00"),
        ("LAP-32G-1T", "Laptop Pro (32 GB, 1 TB)", "1250.24", "720.50"),
        ("LAP-32G-512", "Laptop Pro (32 GB, 512 GB)", "1150.25", "680.00"),
    ]
    by_code = {s["code"]: s for s in created}
    assert by_code["LAP-32G-1T"]["optionValues"] == [
        {"name": "32 GB", "code": "32G"},
        {"name": "1 TB", "code": "1T"},
    ]
    assert generate(tenant, product["id"]) == []


def test_new_values_add_only_the_missing_combinations(tenant: TenantSession) -> None:
    product = laptop(tenant)
    generate(tenant, product["id"])
    options = tenant.client.data(PRODUCT, {"id": product["id"]})["node"]["options"]
    memory = next(o for o in options if o["name"] == "Memory")

    added = tenant.client.data(
        ADD_VALUES, {"input": {"optionId": memory["id"], "values": [value("64 GB", "64G", "400")]}}
    )
    assert added["addProductOptionValues"]["option"]["values"][-1] == {
        "name": "64 GB",
        "code": "64G",
        "position": 2,
    }
    assert sorted(s["code"] for s in generate(tenant, product["id"])) == [
        "LAP-64G-1T",
        "LAP-64G-512",
    ]

    late = tenant.client.data(
        ADD_OPTION,
        {
            "input": {
                "productId": product["id"],
                "name": "Colour",
                "values": [value("Silver", "SLV")],
            }
        },
    )
    assert errors_of(late["addProductOption"]) == {(("productId",), "VARIANTS_EXIST")}
    duplicate = tenant.client.data(
        ADD_VALUES, {"input": {"optionId": memory["id"], "values": [value("32 gb", "X32")]}}
    )
    assert errors_of(duplicate["addProductOptionValues"]) == {
        (("values", "0", "name"), "DUPLICATE_VALUE")
    }


def test_a_new_base_price_reprices_every_variant(tenant: TenantSession) -> None:
    product = laptop(tenant)
    generate(tenant, product["id"])
    updated = tenant.client.data(
        UPDATE_PRODUCT, {"input": {"productId": product["id"], "basePrice": "900.10"}}
    )["updateProduct"]["product"]
    assert sorted(s["listPrice"]["amount"] for s in updated["skus"]) == [
        "1000.09",
        "1050.35",
        "1150.34",
        "900.10",
    ]


def test_options_belong_to_configurable_products_only(tenant: TenantSession) -> None:
    simple = create_product(tenant, "PLAIN")
    refused = tenant.client.data(
        ADD_OPTION,
        {"input": {"productId": simple["id"], "name": "Size", "values": [value("L", "L")]}},
    )
    assert errors_of(refused["addProductOption"]) == {(("productId",), "PRODUCT_NOT_CONFIGURABLE")}

    bare = create_product(tenant, "BARE", hasOptions=True)
    nothing = tenant.client.data(GENERATE, {"id": bare["id"]})["generateVariants"]
    assert errors_of(nothing) == {(("productId",), "OPTIONS_REQUIRED")}
    below_zero = tenant.client.data(
        ADD_OPTION,
        {"input": {"productId": bare["id"], "name": "Size", "values": [value("S", "S", "-11")]}},
    )
    assert below_zero["addProductOption"]["userErrors"] == []
    refused_price = tenant.client.data(GENERATE, {"id": bare["id"]})["generateVariants"]
    assert errors_of(refused_price) == {(("productId",), "INVALID_PRICE")}


def test_generated_codes_must_be_free(tenant: TenantSession) -> None:
    create_product(tenant, "TEE-RED")
    tee = create_product(tenant, "TEE", "T-shirt", "15", hasOptions=True)
    add_option(tenant, tee["id"], "Colour", [value("Red", "RED"), value("Blue", "BLUE")])
    clash = tenant.client.data(GENERATE, {"id": tee["id"]})["generateVariants"]
    assert errors_of(clash) == {(("productId",), "SKU_TAKEN")}
    assert codes_listed(tenant, SKUS, "skus") == ["TEE-RED"]


# --- finding things ----------------------------------------------------------------------


def test_products_and_skus_are_found_by_name_or_code_page_by_page(tenant: TenantSession) -> None:
    for code, name in (
        ("C-3", "Cable 3 m"),
        ("C-1", "Cable 1 m"),
        ("AD-1", "Adapter"),
        ("C-2", "Cable 2 m"),
    ):
        create_product(tenant, code, name)

    assert codes_listed(tenant, PRODUCTS, "products", search="cable") == ["C-1", "C-2", "C-3"]
    assert codes_listed(tenant, PRODUCTS, "products", search="ad-") == ["AD-1"]
    assert codes_listed(tenant, SKUS, "skus", search="2 M") == ["C-2"]
    assert codes_listed(tenant, SKUS, "skus", search="%") == []

    first = tenant.client.data(SKUS, {"first": 3})["skus"]
    assert [e["node"]["code"] for e in first["edges"]] == ["AD-1", "C-1", "C-2"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = tenant.client.data(SKUS, {"first": 3, "after": first["pageInfo"]["endCursor"]})
    assert [e["node"]["code"] for e in rest["skus"]["edges"]] == ["C-3"]
    assert rest["skus"]["pageInfo"]["hasNextPage"] is False


PAGE_OPERATION = "StatementBudgetProductsPage"
PRODUCTS_PAGE = f"""query {PAGE_OPERATION} {{ products(first: 50) {{ edges {{ node {{
  code basePrice {{ amount }} options {{ name values {{ name priceDelta {{ amount }} }} }}
  skus {{ code listPrice {{ amount }} product {{ code }} optionValues {{ name }} }} }} }} }} }}"""


def statements_of_products_page(api: GraphQLClient, session: TenantSession) -> int:
    session.client.data(PRODUCTS_PAGE)
    before = statements_so_far(api, PAGE_OPERATION)
    session.client.data(PRODUCTS_PAGE)
    return int(statements_so_far(api, PAGE_OPERATION) - before)


def test_a_page_of_products_costs_the_same_statements_however_long(api: GraphQLClient) -> None:
    session = sign_up(api)
    product = create_product(session, "CFG-1", hasOptions=True)
    add_option(session, product["id"], "Size", [value("S", "S"), value("M", "M")])
    generate(session, product["id"])
    create_product(session, "ONE-1")
    small = statements_of_products_page(api, session)
    for index in range(2, 6):
        configurable = create_product(session, f"CFG-{index}", hasOptions=True)
        add_option(session, configurable["id"], "Size", [value("S", "S"), value("L", "L")])
        generate(session, configurable["id"])
        create_product(session, f"ONE-{index}")
    assert len(session.client.data(PRODUCTS_PAGE)["products"]["edges"]) == 10
    assert statements_of_products_page(api, session) == small


# --- price books -------------------------------------------------------------------------


def test_price_books_are_kept_with_their_entries(tenant: TenantSession) -> None:
    sku = create_product(tenant, "PB-1")["skus"][0]
    other = create_product(tenant, "PB-2")["skus"][0]
    book = create_book(
        tenant,
        "VIP price",
        "TIER",
        [entry(sku["id"], "9.50")],
        customerTier="VIP",
        validFrom="2026-01-01",
        validTo="2026-12-31",
    )
    assert {
        k: book[k]
        for k in ("name", "kind", "customerTier", "validFrom", "validTo", "priority", "active")
    } == {
        "name": "VIP price",
        "kind": "TIER",
        "customerTier": "vip",
        "validFrom": "2026-01-01",
        "validTo": "2026-12-31",
        "priority": 0,
        "active": True,
    }
    assert [
        (e["sku"]["code"], e["unitPrice"], e["minQuantity"], e["priceBook"]["name"])
        for e in book["entries"]
    ] == [("PB-1", {"amount": "9.50", "currency": "USD"}, "1.000", "VIP price")]

    updated = tenant.client.data(
        UPDATE_BOOK,
        {"input": {"priceBookId": book["id"], "name": "VIP 2026", "validTo": None, "priority": 3}},
    )["updatePriceBook"]["priceBook"]
    assert (updated["name"], updated["validFrom"], updated["validTo"], updated["priority"]) == (
        "VIP 2026",
        "2026-01-01",
        None,
        3,
    )

    replaced = tenant.client.data(
        SET_ENTRIES,
        {
            "input": {
                "priceBookId": book["id"],
                "entries": [entry(other["id"], "1.25"), entry(sku["id"], "9.00")],
            }
        },
    )["setPriceBookEntries"]
    assert [
        (e["sku"]["code"], e["unitPrice"]["amount"]) for e in replaced["priceBook"]["entries"]
    ] == [("PB-1", "9.00"), ("PB-2", "1.25")]
    entry_id = replaced["priceBook"]["entries"][0]["id"]

    deleted = tenant.client.data(DELETE_BOOK, {"id": book["id"]})["deletePriceBook"]
    assert deleted == {"deletedPriceBookId": book["id"], "userErrors": []}
    assert tenant.client.error_codes(NODE, {"id": book["id"]}) == ["NOT_FOUND"]
    assert tenant.client.error_codes(NODE, {"id": entry_id}) == ["NOT_FOUND"]
    assert tenant.client.data(BOOKS)["priceBooks"]["edges"] == []


def test_price_books_are_checked(api: GraphQLClient, tenant: TenantSession) -> None:
    sku = create_product(tenant, "PC-1")["skus"][0]
    foreign_sku = create_product(sign_up(api), "PC-1")["skus"][0]
    create_book(tenant, "Taken", "REGIONAL", region="North")

    def errors(**fields: Any) -> set[tuple[tuple[str, ...], str]]:
        payload = tenant.client.data(CREATE_BOOK, {"input": {"name": "Book", **fields}})
        return errors_of(payload["createPriceBook"])

    assert errors(kind="PROMOTION", validFrom="2026-05-01", validTo="2026-04-30") == {
        (("validTo",), "INVALID_VALIDITY")
    }
    assert errors(kind="PROMOTION", validFrom="2026-05-01") == {(("validTo",), "VALIDITY_REQUIRED")}
    assert errors(kind="TIER") == {(("customerTier",), "TIER_REQUIRED")}
    assert errors(kind="TIER", customerTier="platinum") == {(("customerTier",), "UNKNOWN_TIER")}
    assert errors(kind="REGIONAL") == {(("region",), "REGION_REQUIRED")}
    assert errors(kind="VOLUME", name="Taken") == {(("name",), "NAME_TAKEN")}
    assert errors(kind="VOLUME", priority=5000) == {(("priority",), "INVALID_PRIORITY")}
    assert errors(
        kind="VOLUME",
        entries=[
            entry(sku["id"], "-1"),
            entry(foreign_sku["id"], "1"),
            entry(sku["id"], "2", "10"),
            entry(sku["id"], "3", "10"),
            entry(sku["id"], "4", "0"),
        ],
    ) == {
        (("entries", "0", "unitPrice"), "INVALID_PRICE"),
        (("entries", "1", "skuId"), "UNKNOWN_SKU"),
        (("entries", "3", "minQuantity"), "DUPLICATE_ENTRY"),
        (("entries", "4", "minQuantity"), "INVALID_QUANTITY"),
    }
    assert errors(kind="TIER", customerTier="vip", entries=[entry(sku["id"], "2", "10")]) == {
        (("entries", "0", "minQuantity"), "VOLUME_BREAK_NOT_ALLOWED")
    }

    volume = create_book(tenant, "Breaks", "VOLUME", [entry(sku["id"], "2", "10")])
    to_tier = tenant.client.data(
        UPDATE_BOOK, {"input": {"priceBookId": volume["id"], "kind": "TIER", "customerTier": "vip"}}
    )
    assert errors_of(to_tier["updatePriceBook"]) == {(("kind",), "VOLUME_BREAK_NOT_ALLOWED")}
    assert [e["node"]["name"] for e in tenant.client.data(BOOKS)["priceBooks"]["edges"]] == [
        "Breaks",
        "Taken",
    ]


# --- tenants and permissions -------------------------------------------------------------


def catalogue_of(session: TenantSession) -> dict[str, str]:
    """One object of every catalogue type, by type name: their global ids."""
    product = create_product(session, "X-1", hasOptions=True)
    option = add_option(session, product["id"], "Size", [value("S", "S")])
    [sku] = generate(session, product["id"])
    book = create_book(session, "Everyone", "VOLUME", [entry(sku["id"], "1", "5")])
    return {
        "Product": product["id"],
        "ProductOption": option["id"],
        "ProductOptionValue": option["values"][0]["id"],
        "Sku": sku["id"],
        "PriceBook": book["id"],
        "PriceBookEntry": book["entries"][0]["id"],
    }


def test_another_tenants_catalogue_does_not_exist_for_the_caller(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    mine = catalogue_of(tenant)
    theirs = catalogue_of(sign_up(api))
    customer = sign_up(api).client.data(
        """mutation C($input: CreateCustomerInput!) {
        createCustomer(input: $input) { customer { id } } }""",
        {"input": {"name": "Zed"}},
    )
    cases: list[tuple[str, str, Any]] = [
        (NODE, type_name, lambda i: {"id": i}) for type_name in theirs
    ]
    cases += [
        (UPDATE_PRODUCT, "Product", lambda i: {"input": {"productId": i, "name": "Mine"}}),
        (SET_ACTIVE, "Product", lambda i: {"id": i, "active": False}),
        (
            ADD_OPTION,
            "Product",
            lambda i: {"input": {"productId": i, "name": "Colour", "values": [value("Red", "R")]}},
        ),
        (GENERATE, "Product", lambda i: {"id": i}),
        (
            ADD_VALUES,
            "ProductOption",
            lambda i: {"input": {"optionId": i, "values": [value("M", "M")]}},
        ),
        (UPDATE_SKU, "Sku", lambda i: {"input": {"skuId": i, "name": "Mine"}}),
        (UPDATE_BOOK, "PriceBook", lambda i: {"input": {"priceBookId": i, "priority": 1}}),
        (SET_ENTRIES, "PriceBook", lambda i: {"input": {"priceBookId": i, "entries": []}}),
        (DELETE_BOOK, "PriceBook", lambda i: {"id": i}),
        (QUOTE, "Sku", lambda i: {"input": {"skuId": i, "quantity": "1"}}),
    ]
    for query, type_name, variables in cases:
        foreign = tenant.client.execute(query, variables(theirs[type_name]))
        assert [e["extensions"]["code"] for e in foreign["errors"]] == ["NOT_FOUND"], (
            query,
            type_name,
            foreign,
        )
        assert foreign == tenant.client.execute(
            query, variables(global_id(type_name, uuid.uuid4()))
        )
    foreign_customer = tenant.client.execute(
        QUOTE,
        {
            "input": {
                "skuId": mine["Sku"],
                "quantity": "1",
                "customerId": customer["createCustomer"]["customer"]["id"],
            }
        },
    )
    assert [e["extensions"]["code"] for e in foreign_customer["errors"]] == ["NOT_FOUND"]
    for type_name, node_id in mine.items():
        assert tenant.client.data(NODE, {"id": node_id})["node"]["id"] == node_id, type_name


def test_roles_decide_who_reads_and_writes_the_catalogue(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    sku = create_product(tenant, "R-1")["skus"][0]
    warehouse = invite_and_join(tenant, mailbox, f"wes@{tenant.slug}.example.com", "warehouse")
    finance = invite_and_join(tenant, mailbox, f"fay@{tenant.slug}.example.com", "finance")
    sales = invite_and_join(tenant, mailbox, f"sam@{tenant.slug}.example.com", "sales")
    new_book = {
        "input": {"name": "Staff price", "kind": "VOLUME", "entries": [entry(sku["id"], "8", "10")]}
    }
    new_product = {"input": {"code": "R-2", "name": "Other", "listPrice": "1", "taxRate": "0"}}

    assert codes_listed(warehouse, SKUS, "skus") == ["R-1"]
    assert warehouse.client.error_codes(CREATE_BOOK, new_book) == ["FORBIDDEN"]
    assert warehouse.client.error_codes(BOOKS) == ["FORBIDDEN"]
    assert warehouse.client.error_codes(CREATE_PRODUCT, new_product) == ["FORBIDDEN"]
    assert sales.client.error_codes(CREATE_BOOK, new_book) == ["FORBIDDEN"]
    assert finance.client.error_codes(CREATE_PRODUCT, new_product) == ["FORBIDDEN"]

    book = finance.client.data(CREATE_BOOK, new_book)["createPriceBook"]
    assert book["userErrors"] == []
    assert [e["node"]["name"] for e in sales.client.data(BOOKS)["priceBooks"]["edges"]] == [
        "Staff price"
    ]
    quote = sales.client.data(QUOTE, {"input": {"skuId": sku["id"], "quantity": "10"}})
    assert quote["quotePrice"]["priceSourceLabel"] == "Staff price (from 10)"
