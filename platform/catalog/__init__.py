"""Catalogue: products, their options and SKUs (the sellable units), price books and the
pricing engine."""
