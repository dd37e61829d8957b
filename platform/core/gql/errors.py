"""Every GraphQL error leaves with a stable `extensions.code`; unexpected ones are masked
(no stack trace, no SQL) and logged with the request id. This runs on the HTTP view's
result, so errors raised before execution (parse, validation, limits) get codes too."""

from __future__ import annotations

import structlog
from graphql.error import GraphQLError
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import ExecutionResult

from core.errors import AccessError, BusinessRuleError, NotFound

log = structlog.get_logger("orbit.graphql")


def classify(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    code: str
    message = error.message
    if isinstance(original, AccessError):
        code = original.code
    elif isinstance(original, BusinessRuleError):
        code = original.errors[0].code if original.errors else "BAD_USER_INPUT"
    elif isinstance(original, GlobalIDValueError):
        # A global id naming no Node type is an id of nothing: the ordinary "not found".
        code, message = NotFound.code, NotFound.default_message
    elif original is None:
        code = _code_of_rejected_document(error)
    elif isinstance(original, GraphQLError):
        return classify(original)
    else:
        log.error("graphql.unexpected_error", exc_info=original, path=error.path)
        code, message = "INTERNAL_SERVER_ERROR", "Internal server error."
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": code},
    )


# The wording of Strawberry's depth and alias limiters, of graphql-core's parser limits and
# of its validation budget (it gives up on documents too costly to validate).
_LIMIT_MARKERS = (
    "exceeds maximum operation depth",
    "aliases found. Allowed:",
    "tokens. Parsing aborted.",
    "code points. Parsing aborted.",
    "nested too deeply. Parsing aborted.",
    "Validation aborted.",
)


def _code_of_rejected_document(error: GraphQLError) -> str:
    if error.extensions and "code" in error.extensions:
        return str(error.extensions["code"])
    if any(marker in error.message for marker in _LIMIT_MARKERS):
        return "QUERY_TOO_COMPLEX"
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


def classify_result(result: ExecutionResult) -> ExecutionResult:
    """Give every error of a result its code; mask what was not meant for clients."""
    if result.errors:
        result.errors = [classify(error) for error in result.errors]
    return result
