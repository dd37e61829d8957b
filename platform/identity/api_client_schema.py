"""GraphQL for integrators' API clients: list, create, revoke and rotate secrets."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import identity.api_clients as api_clients
import rbac.services as rbac
from core.context import Actor
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from core.tenancy import PrincipalKind
from identity.api_clients import ClientWithSecret
from identity.errors import IdentityErrorCode
from identity.models import ApiClient
from rbac.errors import RbacErrorCode

ApiClientError = user_error_type(
    "ApiClientError",
    IdentityErrorCode,
    RbacErrorCode,
    description="Why a change to an API client was refused.",
)


@strawberry.enum(description="Lifecycle of an API client.")
class ApiClientStatus(Enum):
    ACTIVE = "active"
    REVOKED = "revoked"


async def _load_client_roles(actor: Actor, subjects: list[str]) -> list[list[str]]:
    roles = await rbac.role_keys_of_subjects(actor, subjects)
    return [roles[s] for s in subjects]


@strawberry.type(
    name="ApiClient",
    description="An integrator's OAuth 2.0 client. It obtains "
    "tokens at /oauth/token with the client-credentials grant and acts under its "
    "roles, exactly as a staff user does.",
)
class ApiClientType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="What the client is for, e.g. the integration.")
    client_id: str = strawberry.field(description="The OAuth client_id (not a secret).")
    status: ApiClientStatus = strawberry.field(description="active or revoked.")
    created_at: datetime = strawberry.field(description="When the client was created.")
    last_used_at: datetime | None = strawberry.field(description="When it last got a token.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked.")

    @strawberry.field(description="Keys of the roles the client holds.")
    async def roles(self, info: Info) -> list[str]:
        loader = context_of(info).loader(_load_client_roles)
        subject = rbac.subject_of(PrincipalKind.API_CLIENT, uuid.UUID(self.id))
        return list(await loader.load(subject))

    @classmethod
    def of(cls, client: ApiClient) -> ApiClientType:
        return from_row(cls, client, status=ApiClientStatus(client.status))

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, api_clients.api_clients_by_id, cls.of, required)


@strawberry.type(
    description="Result of a mutation that issues a client secret. The secret "
    "is shown here once and never again; only its hash is stored."
)
class ApiClientSecretPayload:
    api_client: ApiClientType | None = strawberry.field(description="The client.")
    client_secret: str | None = strawberry.field(
        description="The new client secret: store it now, it cannot be shown again."
    )
    user_errors: list[UserErrorType] = error_list_field(ApiClientError)


@strawberry.type(description="Result of a mutation that changes an API client.")
class ApiClientPayload:
    api_client: ApiClientType | None = strawberry.field(description="The client after it.")
    user_errors: list[UserErrorType] = error_list_field(ApiClientError)


def secret_payload(
    issued: ClientWithSecret | None, errors: list[UserErrorType]
) -> ApiClientSecretPayload:
    if issued is None:
        return ApiClientSecretPayload(api_client=None, client_secret=None, user_errors=errors)
    return ApiClientSecretPayload(
        api_client=ApiClientType.of(issued.client), client_secret=issued.secret, user_errors=errors
    )


@strawberry.input(description="Create an API client for an integration.")
class CreateApiClientInput:
    name: str = strawberry.field(description="What the client is for.")
    role_keys: list[str] = strawberry.field(description="Roles it acts under (at least one).")


def _api_client_id(value: strawberry.ID) -> uuid.UUID:
    return decode_id(value, "ApiClient")


@strawberry.type
class Query:
    @strawberry.field(description="The tenant's API clients, newest first (api_clients:read).")
    async def api_clients(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApiClientType]:
        actor = await context_of(info).reader()
        page = await api_clients.list_api_clients(actor, first, after)
        return to_connection(page, ApiClientType.of)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an API client with roles and return its secret "
        "once (api_clients:write and roles:write)."
    )
    async def create_api_client(
        self, info: Info, input: CreateApiClientInput
    ) -> ApiClientSecretPayload:
        outcome = await run_mutation(
            info, lambda actor: api_clients.create_api_client(actor, input.name, input.role_keys)
        )
        return secret_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Revoke an API client: it can get no new token and its "
        "issued tokens stop working at once (api_clients:write)."
    )
    async def revoke_api_client(self, info: Info, api_client_id: strawberry.ID) -> ApiClientPayload:
        outcome = await run_mutation(
            info, lambda actor: api_clients.revoke_api_client(actor, _api_client_id(api_client_id))
        )
        return payload_of(ApiClientPayload, outcome, ApiClientType.of)

    @strawberry.mutation(
        description="Replace an API client's secret and return the new one "
        "once; the old secret stops working (api_clients:write)."
    )
    async def rotate_api_client_secret(
        self, info: Info, api_client_id: strawberry.ID
    ) -> ApiClientSecretPayload:
        outcome = await run_mutation(
            info,
            lambda actor: api_clients.rotate_api_client_secret(
                actor, _api_client_id(api_client_id)
            ),
        )
        return secret_payload(outcome.value, outcome.user_errors)
