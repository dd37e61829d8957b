"""Catalogue use cases: products, their options and SKUs, and pricing — the catalogue's
public face, each use case living in its own module.

Staff reads need `products:read`, changes `products:write` (the access rules beside the
models). Other domains' use cases (orders, inventory, imports, the portal) authorise their
callers themselves and call:

* `skus_by_id(actor, ids)` and `skus_by_code(actor, codes)`: the tenant's SKUs, each with its
  product loaded (tax rate, active flag); `Sku.sellable` tells whether new lines may use it;
* `get_sku(actor, sku_id, action)` and `sellable_skus_page(...)`: a SKU, and the catalogue to
  order from, as the caller may reach them (`access.PORTAL` for a portal contact);
* `check_order_quantity(sku, quantity, path)`: minimum order quantity and pack size;
* the pricing engine (`quote`, `quote_lines`, `skus_with_offers` and `price_line`, with
  `context_for`/`context_of` and `today`/`today_in`).

Codes (product codes, SKU codes, option value codes) are case-insensitive and stored in
capitals. A simple product has exactly one SKU, whose code, name, price and cost follow the
product's; a configurable product's SKUs are generated from its options, one per combination
of values, priced at the product's base price plus the values' price deltas.
"""

from __future__ import annotations

from catalog.pricing import (
    PRORATION_PRICE,
    Offer,
    PriceContext,
    PriceQuestion,
    PriceQuote,
    PriceRule,
    QuoteLine,
    answer,
    context_for,
    context_of,
    price_line,
    quote,
    quote_lines,
    rule_of,
    skus_with_offers,
    today,
    today_in,
)
from catalog.products import (
    NewProduct,
    ProductChanges,
    check_new_product,
    check_product_changes,
    create_product,
    set_product_active,
    update_product,
)
from catalog.reading import (
    get_product,
    list_products,
    list_skus,
    option_values_by_id,
    options_by_id,
    options_of_products,
    products_by_id,
    skus_of_products,
    values_of_options,
    visible_skus_by_id,
)
from catalog.skus import (
    SkuChanges,
    check_order_quantity,
    check_sku_changes,
    get_sku,
    sellable_skus_page,
    skus_by_code,
    skus_by_id,
    update_sku,
)
from catalog.variants import (
    MAX_OPTIONS,
    NewOptionValue,
    add_option_values,
    add_product_option,
    check_option_values,
    generate_variants,
)

__all__ = [
    "MAX_OPTIONS",
    "PRORATION_PRICE",
    "NewOptionValue",
    "NewProduct",
    "Offer",
    "PriceContext",
    "PriceQuestion",
    "PriceQuote",
    "PriceRule",
    "ProductChanges",
    "QuoteLine",
    "SkuChanges",
    "add_option_values",
    "add_product_option",
    "answer",
    "check_new_product",
    "check_option_values",
    "check_order_quantity",
    "check_product_changes",
    "check_sku_changes",
    "context_for",
    "context_of",
    "create_product",
    "generate_variants",
    "get_product",
    "get_sku",
    "list_products",
    "list_skus",
    "option_values_by_id",
    "options_by_id",
    "options_of_products",
    "price_line",
    "products_by_id",
    "quote",
    "quote_lines",
    "rule_of",
    "sellable_skus_page",
    "set_product_active",
    "skus_by_code",
    "skus_by_id",
    "skus_of_products",
    "skus_with_offers",
    "today",
    "today_in",
    "update_product",
    "update_sku",
    "values_of_options",
    "visible_skus_by_id",
]
