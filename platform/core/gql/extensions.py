"""Schema extensions: operation metrics and the operation name for statement counting."""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from core.observability import GRAPHQL_OPERATIONS, GRAPHQL_SECONDS
from core.tenancy import operation_var


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        name = self.execution_context.operation_name or "anonymous"
        token = operation_var.set(name)
        try:
            yield
        finally:
            operation_var.reset(token)
            result = self.execution_context.result
            errors = getattr(result, "errors", None)
            kind = self.execution_context.operation_type.value if (
                self.execution_context.graphql_document is not None) else "invalid"
            GRAPHQL_OPERATIONS.labels(operation=name, type=kind,
                                      outcome="error" if errors else "ok").inc()
            GRAPHQL_SECONDS.labels(operation=name, type=kind).observe(
                time.perf_counter() - started)
