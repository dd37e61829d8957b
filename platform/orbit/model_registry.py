"""Imports every domain's tables so Alembic and the tests see the whole schema."""

from __future__ import annotations

import audit.models
import catalog.models
import customers.models
import identity.models
import inventory.models
import notifications.models
import orders.models
import portal.models
import rbac.models
import tenants.models
from core import outbox
from core.models import Base

DOMAIN_MODELS = (
    audit.models, catalog.models, customers.models, identity.models, inventory.models,
    notifications.models, orders.models, portal.models, rbac.models, tenants.models, outbox,
)
metadata = Base.metadata
