"""GraphQL for the catalogue: products, options and SKUs (`product_schema`), price books and
the price tester (`price_book_schema`), merged into one Query and one Mutation."""

from __future__ import annotations

import strawberry

from catalog.price_book_schema import Mutation as PriceBookMutation
from catalog.price_book_schema import PriceBookType
from catalog.price_book_schema import Query as PriceBookQuery
from catalog.product_schema import Mutation as ProductMutation
from catalog.product_schema import Query as ProductQuery
from catalog.schema_types import ProductOptionType, ProductOptionValueType, ProductType, SkuType

__all__ = [
    "Mutation",
    "PriceBookType",
    "ProductOptionType",
    "ProductOptionValueType",
    "ProductType",
    "Query",
    "SkuType",
]


@strawberry.type
class Query(ProductQuery, PriceBookQuery):
    pass


@strawberry.type
class Mutation(ProductMutation, PriceBookMutation):
    pass
