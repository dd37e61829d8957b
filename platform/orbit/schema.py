"""The one GraphQL schema: every domain's Query and Mutation merged, with guard rails."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)
from strawberry.tools import merge_types

import approvals.order_fields
import approvals.schema
import audit.customer_fields
import audit.schema
import automation.schema
import catalog.schema
import collaboration.order_fields
import collaboration.schema
import contracts.portal_schema
import contracts.schema
import contracts.template_schema
import contracts.type_fields
import customer_notices.schema
import customers
import customers.bulk_schema
import customers.schema
import exports.schema
import identity.api_client_schema
import identity.schema
import identity.sign_up_schema
import imports.schema
import inventory.schema
import notifications.schema
import order_changes.order_fields
import order_changes.schema
import orders.bulk_schema
import orders.portal_schema
import orders.schema
import payments.customer_fields
import payments.invoices_schema
import payments.portal_order_fields
import payments.portal_schema
import payments.receivables_schema
import payments.refunds_schema
import payments.schema
import portal.order_fields
import portal.ordering_schema
import portal.schema
import quotes.portal_schema
import quotes.schema
import quotes.type_fields
import rbac.schema
import returns.portal_schema
import returns.schema
import returns.type_fields
import saved_views.schema
import shipping.order_fields
import shipping.schema
import subscriptions.card_schema
import subscriptions.plan_schema
import subscriptions.portal_schema
import subscriptions.revenue_fields
import subscriptions.revenue_schema
import subscriptions.schema
import subscriptions.type_fields
import tenants.schema
import tickets.inbound_schema
import tickets.portal_schema
import tickets.report_schema
import tickets.schema
import tickets.sla_schema
import tickets.survey_schema
import tickets.type_fields
from core.gql.extensions import OperationMetrics
from core.gql.guard import GuardedValidation
from core.gql.limits import DocumentLimits
from core.gql.scalars import BOUNDED_DATETIME, PLAIN_DECIMAL
from core.settings import Settings
from orbit import export_lists as export_lists  # registers the lists exports read
from orbit import order_owner, search_schema
from orbit.type_fields import add_fields

# Downstream domains' fields of Order and PortalOrder, in the order clients see them.
for order_fields in (
    collaboration.order_fields.ORDER_FIELDS,
    shipping.order_fields.ORDER_FIELDS,
    approvals.order_fields.ORDER_FIELDS,
    order_changes.order_fields.ORDER_FIELDS,
    tickets.type_fields.ORDER_FIELDS,
    returns.type_fields.ORDER_FIELDS,
    quotes.type_fields.ORDER_FIELDS,
    contracts.type_fields.ORDER_FIELDS,
):
    add_fields(orders.schema.OrderType, order_fields)
add_fields(orders.schema.OrderType, order_owner.ORDER_FIELDS, after="tags")
add_fields(orders.schema.PortalOrderType, shipping.order_fields.PORTAL_ORDER_FIELDS, after="lines")
add_fields(orders.schema.PortalOrderType, portal.order_fields.PORTAL_ORDER_FIELDS, after="progress")
add_fields(
    orders.schema.PortalOrderType,
    payments.portal_order_fields.PORTAL_ORDER_FIELDS,
    after="amount_due",
)
add_fields(customers.CustomerType, payments.customer_fields.CUSTOMER_FIELDS, after="department")
add_fields(customers.CustomerType, audit.customer_fields.CUSTOMER_FIELDS)
add_fields(customers.CustomerType, tickets.type_fields.CUSTOMER_FIELDS)
add_fields(customers.CustomerType, contracts.type_fields.CUSTOMER_FIELDS)
add_fields(customers.CustomerType, subscriptions.revenue_fields.CUSTOMER_FIELDS)
add_fields(customers.CustomerType, subscriptions.type_fields.CUSTOMER_FIELDS)
add_fields(
    inventory.schema.StockLevelType, returns.type_fields.STOCK_LEVEL_FIELDS, after="backordered"
)
# And downstream types' fields typed by orders' schema (an approval's or a change request's
# order), so the downstream schemas import none of it either.
for target, fields, after in (
    *approvals.order_fields.fields_typed_by_orders(orders.schema.OrderType),
    *order_changes.order_fields.fields_typed_by_orders(
        orders.schema.OrderType, orders.schema.OrderAddressType
    ),
):
    add_fields(target, fields, after=after)

DOMAIN_QUERIES: tuple[type, ...] = (
    tenants.schema.Query,
    identity.schema.Query,
    audit.schema.Query,
    identity.api_client_schema.Query,
    rbac.schema.Query,
    customers.schema.Query,
    portal.schema.Query,
    portal.ordering_schema.Query,
    notifications.schema.Query,
    notifications.schema.PreferenceQuery,
    automation.schema.Query,
    inventory.schema.Query,
    catalog.schema.Query,
    orders.schema.Query,
    orders.portal_schema.Query,
    approvals.schema.Query,
    payments.schema.Query,
    payments.receivables_schema.Query,
    payments.receivables_schema.ReconciliationQuery,
    payments.portal_schema.Query,
    payments.invoices_schema.Query,
    payments.refunds_schema.Query,
    order_changes.schema.Query,
    saved_views.schema.Query,
    imports.schema.Query,
    shipping.schema.Query,
    customer_notices.schema.Query,
    search_schema.Query,
    exports.schema.Query,
    tickets.schema.Query,
    tickets.sla_schema.Query,
    tickets.report_schema.Query,
    tickets.survey_schema.Query,
    tickets.portal_schema.Query,
    tickets.inbound_schema.Query,
    returns.schema.Query,
    returns.portal_schema.Query,
    contracts.schema.Query,
    contracts.template_schema.Query,
    contracts.portal_schema.Query,
    quotes.schema.Query,
    quotes.portal_schema.Query,
    subscriptions.revenue_schema.Query,
    subscriptions.schema.Query,
    subscriptions.plan_schema.Query,
    subscriptions.portal_schema.Query,
)
DOMAIN_MUTATIONS: tuple[type, ...] = (
    identity.sign_up_schema.Mutation,
    tenants.schema.Mutation,
    identity.schema.Mutation,
    identity.api_client_schema.Mutation,
    rbac.schema.Mutation,
    customers.schema.Mutation,
    customers.bulk_schema.Mutation,
    portal.schema.Mutation,
    portal.ordering_schema.Mutation,
    notifications.schema.Mutation,
    notifications.schema.PreferenceMutation,
    automation.schema.Mutation,
    inventory.schema.Mutation,
    catalog.schema.Mutation,
    orders.schema.Mutation,
    orders.bulk_schema.Mutation,
    approvals.schema.Mutation,
    payments.schema.Mutation,
    payments.receivables_schema.Mutation,
    payments.receivables_schema.ReconciliationMutation,
    payments.portal_schema.Mutation,
    payments.invoices_schema.Mutation,
    payments.refunds_schema.Mutation,
    collaboration.schema.Mutation,
    order_changes.schema.Mutation,
    saved_views.schema.Mutation,
    imports.schema.Mutation,
    shipping.schema.Mutation,
    customer_notices.schema.Mutation,
    exports.schema.Mutation,
    tickets.schema.Mutation,
    tickets.sla_schema.Mutation,
    tickets.portal_schema.Mutation,
    tickets.survey_schema.Mutation,
    returns.schema.Mutation,
    returns.portal_schema.Mutation,
    subscriptions.schema.Mutation,
    subscriptions.plan_schema.Mutation,
    subscriptions.portal_schema.Mutation,
    subscriptions.card_schema.Mutation,
    contracts.schema.Mutation,
    contracts.template_schema.Mutation,
    contracts.portal_schema.Mutation,
    quotes.schema.Mutation,
    quotes.portal_schema.Mutation,
)


@strawberry.type
class NodeQuery:
    node: relay.Node = relay.node(description="Fetch any object by its global id.")


def document_limits(settings: Settings) -> DocumentLimits:
    return DocumentLimits(
        max_expanded_nodes=settings.graphql_max_expanded_nodes,
        max_fragment_depth=settings.graphql_max_fragment_depth,
        max_variables=settings.graphql_max_variables,
        max_input_depth=settings.graphql_max_input_depth,
        max_variable_values=settings.graphql_max_variable_values,
    )


def build_schema(settings: Settings) -> strawberry.Schema:
    query = merge_types("Query", (NodeQuery, *DOMAIN_QUERIES))
    mutation = merge_types("Mutation", DOMAIN_MUTATIONS)
    # Instances, not classes: the parser and validation caches must outlive one request.
    # The depth and alias limiters expand fragments as they walk; GuardedValidation runs
    # them (and the rest of validation) only on documents whose expanded size it bounded.
    extensions: list[Any] = [
        OperationMetrics(),
        QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        ParserCache(maxsize=512),
        GuardedValidation(document_limits(settings), settings.introspection_policy),
    ]
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        extensions=extensions,
        scalar_overrides={datetime: BOUNDED_DATETIME, Decimal: PLAIN_DECIMAL},
    )
