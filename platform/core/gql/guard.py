"""The validation step of every GraphQL request: refuse what is too costly or not allowed
before graphql-core's rules run, then validate (cached per document)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Literal

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from core.gql.limits import DocumentLimits, ShapeCache, contains_nul, variables_problem
from core.tenancy import PrincipalKind

IntrospectionPolicy = Literal["public", "authenticated", "off"]
_INTROSPECTING_KINDS = frozenset({PrincipalKind.STAFF, PrincipalKind.API_CLIENT})


def _refusal(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


class GuardedValidation(SchemaExtension):
    """Replaces Strawberry's ValidationCache: that one validates first, and validation is
    what the guard must come before. One instance serves every request (it holds caches)."""

    def __init__(
        self, limits: DocumentLimits, introspection: IntrospectionPolicy, cache_size: int = 512
    ) -> None:
        super().__init__()
        self.limits = limits
        self.introspection = introspection
        self.shapes = ShapeCache(cache_size)
        self.validate = lru_cache(maxsize=cache_size)(validate_document)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        # The name the client sent: the public `operation_name` falls back to the first
        # operation, which is exactly the guess the spec forbids.
        sent_name = context._provided_operation_name
        refusal = self.refusal(
            context.query or "",
            context.graphql_document,
            context.variables,
            sent_name,
            context.context,
        )
        if refusal is not None:
            context.pre_execution_errors = [refusal]
        else:
            context.pre_execution_errors = self.validate(
                context.schema._schema, context.graphql_document, context.validation_rules
            )
        yield

    def refusal(
        self,
        text: str,
        document: Any,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        request_context: Any,
    ) -> GraphQLError | None:
        shape = self.shapes.shape_of(text, document, self.limits)
        if shape.problem:
            return _refusal(shape.problem, "QUERY_TOO_COMPLEX")
        too_big = variables_problem(variables or {}, self.limits)
        if too_big:
            return _refusal(too_big, "QUERY_TOO_COMPLEX")
        if shape.has_nul or contains_nul(variables):
            return _refusal("Text must not contain NUL (\\u0000) characters.", "BAD_REQUEST")
        if shape.operation_count > 1 and not operation_name:
            return _refusal(
                "The document holds several operations: name the one to run in operationName.",
                "GRAPHQL_VALIDATION_FAILED",
            )
        if shape.introspects:
            return self.introspection_refusal(getattr(request_context, "principal", None))
        return None

    def introspection_refusal(self, principal: Any) -> GraphQLError | None:
        if self.introspection == "off":
            return _refusal("Introspection is turned off on this server.", "FORBIDDEN")
        if self.introspection == "authenticated" and (
            principal is None or principal.kind not in _INTROSPECTING_KINDS
        ):
            return _refusal(
                "Introspection is for staff users and API clients; authenticate first.",
                "UNAUTHENTICATED",
            )
        return None
