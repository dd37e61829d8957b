"""Collaboration's fields of the GraphQL `Order` type, added by the composition root
(orbit.schema) so that orders' schema need not know this domain."""

from __future__ import annotations

from strawberry.types.field import StrawberryField

from collaboration.schema import (
    order_comments_field,
    order_followers_field,
    viewer_is_following_field,
)

ORDER_FIELDS: dict[str, StrawberryField] = {
    "comments": order_comments_field(),
    "followers": order_followers_field(),
    "viewer_is_following": viewer_is_following_field(),
}
