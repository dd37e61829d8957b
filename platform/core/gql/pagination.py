"""Relay cursor connections over the keyset pages services return (`core.pagination`).

Connections follow the Relay cursor specification (edges, node, cursor, pageInfo); the
generic types are named per item type, e.g. `UserConnection`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from core.pagination import Page, Row

NodeT = TypeVar("NodeT")


@strawberry.type(description="Where a page of a connection starts and ends.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a connection and its cursor.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque position of the item.")


@strawberry.type(description="A page of items, paginated by cursor (keyset).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")


def to_connection(page: Page[Row], convert: Callable[[Row], NodeT]) -> Connection[NodeT]:
    edges = [
        Edge(node=convert(row), cursor=cursor)
        for row, cursor in zip(page.rows, page.cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=False,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
    )


def selected_node_fields(info: Info) -> set[str]:
    """The field names the query selects on a connection's nodes (`edges { node { … } }`),
    through fragments: a list resolver reads, for the whole page at once, only what is
    asked for."""
    # info.selected_fields is the connection field itself; its selections are below it.
    level = _fields(child for field in info.selected_fields for child in field.selections)
    for name in ("edges", "node"):
        level = _fields(
            child for field in level if field.name == name for child in field.selections
        )
    return {field.name for field in level}


def _fields(selections: Iterable[Selection]) -> list[SelectedField]:
    fields: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            fields.append(selection)
        else:  # a fragment spread or an inline fragment
            fields.extend(_fields(selection.selections))
    return fields
