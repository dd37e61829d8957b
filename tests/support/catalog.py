"""Products, SKUs, options and price books, made through the API."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import TenantSession

SKU_FIELDS = """id code name listPrice { amount currency } cost { amount currency }
  minOrderQuantity packSize active sellable optionValues { name code }"""
PRODUCT_FIELDS = f"""id code name description attributes {{ name value }} unit taxRate active
  hasOptions basePrice {{ amount currency }} baseCost {{ amount }}
  options {{ id name position values {{ id name code position priceDelta {{ amount }}
    costDelta {{ amount }} }} }}
  skus {{ {SKU_FIELDS} }}"""
CREATE_PRODUCT = f"""mutation CreateProduct($input: CreateProductInput!) {{
  createProduct(input: $input) {{ product {{ {PRODUCT_FIELDS} }} userErrors {{ field code }} }}
}}"""
SET_ACTIVE = """mutation SetActive($id: ID!, $active: Boolean!) {
  setProductActive(productId: $id, active: $active) { product { id active skus { sellable } }
    userErrors { field code } } }"""
ADD_OPTION = """mutation AddOption($input: AddProductOptionInput!) {
  addProductOption(input: $input) { option { id name position values { id name code } }
    userErrors { field code } } }"""
GENERATE = f"""mutation Generate($id: ID!) {{ generateVariants(productId: $id) {{
  product {{ id skus {{ code }} }} createdSkus {{ {SKU_FIELDS} }} userErrors {{ field code }} }}
}}"""
UPDATE_SKU = f"""mutation UpdateSku($input: UpdateSkuInput!) {{
  updateSku(input: $input) {{ sku {{ {SKU_FIELDS} product {{ id basePrice {{ amount }} }} }}
    userErrors {{ field code }} }}
}}"""
BOOK_FIELDS = """id name kind customerTier region validFrom validTo priority active
  entries { id minQuantity unitPrice { amount currency } sku { code } priceBook { name } }"""
CREATE_BOOK = f"""mutation CreateBook($input: CreatePriceBookInput!) {{
  createPriceBook(input: $input) {{ priceBook {{ {BOOK_FIELDS} }} userErrors {{ field code }} }}
}}"""
UPDATE_BOOK = f"""mutation UpdateBook($input: UpdatePriceBookInput!) {{
  updatePriceBook(input: $input) {{ priceBook {{ {BOOK_FIELDS} }} userErrors {{ field code }} }}
}}"""
SET_ENTRIES = f"""mutation SetEntries($input: SetPriceBookEntriesInput!) {{
  setPriceBookEntries(input: $input) {{ priceBook {{ {BOOK_FIELDS} }}
    userErrors {{ field code }} }}
}}"""


def create_product(
    session: TenantSession,
    code: str,
    name: str = "Widget",
    list_price: str | float = "10.00",
    **fields: Any,
) -> dict[str, Any]:
    payload = session.client.data(
        CREATE_PRODUCT,
        {
            "input": {
                "code": code,
                "name": name,
                "listPrice": list_price,
                "taxRate": fields.pop("taxRate", "0.13"),
                **fields,
            }
        },
    )["createProduct"]
    assert payload["userErrors"] == [], payload["userErrors"]
    product: dict[str, Any] = payload["product"]
    return product


def create_sku(session: TenantSession, code: str, **fields: Any) -> str:
    """A simple product "Product <code>" at 10.00 (cost 6.00, tax 10 %); its one SKU's id."""
    product = create_product(
        session, code, f"Product {code}", "10.00", cost="6.00", taxRate="0.1", **fields
    )
    sku_id: str = product["skus"][0]["id"]
    return sku_id


def value(
    name: str, code: str, price_delta: str | float = "0", cost_delta: str | float = "0"
) -> dict[str, Any]:
    return {"name": name, "code": code, "priceDelta": price_delta, "costDelta": cost_delta}


def add_option(
    session: TenantSession, product_id: str, name: str, values: list[dict[str, Any]]
) -> dict[str, Any]:
    payload = session.client.data(
        ADD_OPTION, {"input": {"productId": product_id, "name": name, "values": values}}
    )["addProductOption"]
    assert payload["userErrors"] == [], payload["userErrors"]
    option: dict[str, Any] = payload["option"]
    return option


def generate(session: TenantSession, product_id: str) -> list[dict[str, Any]]:
    payload = session.client.data(GENERATE, {"id": product_id})["generateVariants"]
    assert payload["userErrors"] == [], payload["userErrors"]
    created: list[dict[str, Any]] = payload["createdSkus"]
    return created


def create_book(
    session: TenantSession,
    name: str,
    kind: str,
    entries: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    payload = session.client.data(
        CREATE_BOOK, {"input": {"name": name, "kind": kind, "entries": entries or [], **fields}}
    )["createPriceBook"]
    assert payload["userErrors"] == [], payload["userErrors"]
    book: dict[str, Any] = payload["priceBook"]
    return book


def entry(sku_id: str, unit_price: str, min_quantity: str = "1") -> dict[str, Any]:
    return {"skuId": sku_id, "unitPrice": unit_price, "minQuantity": min_quantity}
