"""Inventory: warehouses, stock per SKU and warehouse, its ledger and reservations.

Other domains' schemas refer to the warehouse GraphQL type from here."""

from inventory.schema_types import WarehouseType

__all__ = ["WarehouseType"]
