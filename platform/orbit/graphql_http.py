"""GraphQL over HTTP as the current spec has it, on top of Strawberry's Litestar controller.

Strawberry answers every executed request with `application/json` and 200. The spec adds
`application/graphql-response+json`: a client that asks for it learns from the status code
that a request failed before execution (parse, validation, variable coercion: 400, no
`data` entry). Clients that ask for `application/json`, send `*/*` or no Accept header get
the classic behaviour. Malformed bodies (not UTF-8, JSON nested past the parser's limit,
not an object) are a 400 with a reason, never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from litestar import Request, Response
from strawberry import Schema
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.litestar import make_graphql_controller
from strawberry.types import ExecutionResult

from core.gql.errors import classify_result

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
_REQUEST_ERROR_STATE = "graphql_request_error"
_MEDIA_TYPE_STATE = "graphql_media_type"


def _quality(media_range: str) -> tuple[str, float]:
    media_type, *parameters = (part.strip() for part in media_range.split(";"))
    quality = 1.0
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return media_type.lower(), quality


def preferred_media_type(accept: str | None) -> str:
    """`application/graphql-response+json` when the client names it at least as highly as
    `application/json`; otherwise `application/json` (also for `*/*` and no header)."""
    qualities = dict(_quality(part) for part in (accept or "").split(",") if part.strip())
    wanted = qualities.get(GRAPHQL_RESPONSE_JSON, 0.0)
    if wanted > 0 and wanted >= qualities.get("application/json", 0.0):
        return GRAPHQL_RESPONSE_JSON
    return "application/json"


def is_request_error(result: ExecutionResult) -> bool:
    """Failed before execution: no data, and no error points at a field."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or ())
    )


def graphql_controller(
    schema: Schema,
    context_getter: Any,
    graphiql_page: Callable[[Request[Any, Any, Any]], Response[bytes]] | None,
) -> type:
    """The /graphql endpoint; a browser's GET gets `graphiql_page`'s answer when given
    (development's GraphiQL, built into the front end: no page from a CDN)."""
    base: Any = make_graphql_controller(
        schema,
        path="/graphql",
        context_getter=context_getter,
        graphql_ide="graphiql" if graphiql_page else None,
        allow_queries_via_get=False,
    )

    class GraphQLController(base):  # type: ignore[misc]
        async def render_graphql_ide(self, request: Request[Any, Any, Any]) -> Response[bytes]:
            assert graphiql_page is not None  # Strawberry asks only when an IDE is set
            return graphiql_page(request)

        def decode_json(self, data: str | bytes) -> object:
            try:
                decoded = json.loads(data)
            except UnicodeDecodeError:
                raise HTTPException(400, "The request body is not valid UTF-8.") from None
            except RecursionError:
                raise HTTPException(400, "The request body's JSON is nested too deeply.") from None
            if not isinstance(decoded, dict):
                raise HTTPException(
                    400, "The request body must be a JSON object with a `query` string."
                )
            return decoded

        async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
            parsed = await super().parse_http_body(request)
            if not isinstance(parsed.operation_name, str | None):
                raise HTTPException(
                    400,
                    "The GraphQL operation's `operationName` must be a "
                    "string or null, if provided.",
                )
            return parsed  # type: ignore[no-any-return]

        async def process_result(
            self, request: Request[Any, Any, Any], result: ExecutionResult
        ) -> GraphQLHTTPResponse:
            response = process_result(classify_result(result))
            media_type = preferred_media_type(request.headers.get("accept"))
            request.state[_MEDIA_TYPE_STATE] = media_type
            if media_type == GRAPHQL_RESPONSE_JSON and is_request_error(result):
                request.state[_REQUEST_ERROR_STATE] = True
                response.pop("data", None)
            return response

        async def execute_request(
            self, request: Request[Any, Any, Any], context: Any, root_value: Any
        ) -> Response[Any]:
            response: Response[Any] = await super().execute_request(request, context, root_value)
            media_type = request.state.get(_MEDIA_TYPE_STATE)
            if media_type:
                response.media_type = media_type
            if request.state.get(_REQUEST_ERROR_STATE):
                response.status_code = 400
            return response

    return GraphQLController
