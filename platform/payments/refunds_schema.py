"""GraphQL for refunds (being built)."""

from __future__ import annotations

import strawberry


@strawberry.type
class Query:
    @strawberry.field(description="Placeholder while refunds are built.")
    def refunds_placeholder(self) -> bool:
        return False


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Placeholder while refunds are built.")
    def refunds_placeholder_mutation(self) -> bool:
        return False
