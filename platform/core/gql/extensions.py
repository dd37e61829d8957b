"""Schema extension: operation metrics (and the operation name for statement counting)."""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from core.observability import GRAPHQL_OPERATIONS, GRAPHQL_SECONDS, operation_label
from core.tenancy import operation_var


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            # Known only once parsed: the request's operationName or the document's own.
            name = operation_label(self.execution_context.operation_name)
            result = self.execution_context.result
            errors = getattr(result, "errors", None)
            kind = self._operation_kind()
            GRAPHQL_OPERATIONS.labels(
                operation=name, type=kind, outcome="error" if errors else "ok"
            ).inc()
            GRAPHQL_SECONDS.labels(operation=name, type=kind).observe(time.perf_counter() - started)

    def on_execute(self) -> Iterator[None]:
        """Statements sent while the operation executes are counted under its name."""
        token = operation_var.set(operation_label(self.execution_context.operation_name))
        try:
            yield
        finally:
            operation_var.reset(token)

    def _operation_kind(self) -> str:
        """query, mutation or subscription; 'invalid' when the document did not parse or
        names no operation it contains (Strawberry then answers 400 itself)."""
        if self.execution_context.graphql_document is None:
            return "invalid"
        try:
            return self.execution_context.operation_type.value
        except RuntimeError:
            return "invalid"
