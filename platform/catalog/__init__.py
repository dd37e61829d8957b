"""Catalogue: products, their options and SKUs (the sellable units), price books and the
pricing engine.

Other domains' schemas refer to the SKU and product GraphQL types from here."""

from catalog.schema_types import PriceRuleType, ProductType, SkuType

__all__ = ["PriceRuleType", "ProductType", "SkuType"]
