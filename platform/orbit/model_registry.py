"""Imports every domain's tables so Alembic and the tests see the whole schema."""

from __future__ import annotations

import approvals.models
import audit.models
import catalog.models
import collaboration.models
import contracts.models
import customer_notices.models
import customers.models
import exports.models
import files.models
import identity.models
import imports.models
import inventory.models
import notifications.models
import order_changes.models
import orders.models
import payments.models
import portal.models
import quotes.models
import rbac.models
import returns.models
import saved_views.models
import shipping.models
import subscriptions.models
import subscriptions.revenue_models
import tenants.models
import tickets.inbound_models
import tickets.models
import tickets.survey_models
from core import outbox
from core.models import Base

DOMAIN_MODELS = (
    audit.models,
    catalog.models,
    customers.models,
    identity.models,
    inventory.models,
    notifications.models,
    orders.models,
    portal.models,
    rbac.models,
    tenants.models,
    outbox,
    saved_views.models,
    order_changes.models,
    collaboration.models,
    imports.models,
    shipping.models,
    approvals.models,
    payments.models,
    customer_notices.models,
    exports.models,
    tickets.models,
    tickets.survey_models,
    returns.models,
    files.models,
    tickets.inbound_models,
    contracts.models,
    quotes.models,
    subscriptions.revenue_models,
    subscriptions.models,
)
metadata = Base.metadata
