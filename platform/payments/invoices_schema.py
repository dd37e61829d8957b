"""GraphQL for invoices (being built)."""

from __future__ import annotations

import strawberry


@strawberry.type
class Query:
    @strawberry.field(description="Placeholder while invoices are built.")
    def invoices_placeholder(self) -> bool:
        return False


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Placeholder while invoices are built.")
    def invoices_placeholder_mutation(self) -> bool:
        return False
