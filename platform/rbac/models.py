"""Roles and the Casbin rules that grant them permissions and link subjects to them."""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.access import declare
from core.models import Base, TenantOwned, Timestamped


class Role(TenantOwned, Timestamped, Base):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    key: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    data_scope: Mapped[str] = mapped_column(String(20), nullable=False, default="own")
    is_system: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class CasbinRule(TenantOwned, Base):
    """One Casbin policy line. The domain is the row's tenant, so it is not stored twice:
    `p`: (v0 role, v1 resource, v2 action); `g`: (v0 subject, v1 role)."""

    __tablename__ = "casbin_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "ptype", "v0", "v1", "v2"),)

    ptype: Mapped[str] = mapped_column(String(2), nullable=False)
    v0: Mapped[str] = mapped_column(String(120), nullable=False)
    v1: Mapped[str] = mapped_column(String(120), nullable=False)
    v2: Mapped[str] = mapped_column(String(120), nullable=False, default="")


# Roles are read with roles:read; the Casbin rules are the enforcer's, never listed.
declare(Role, resource="roles")
