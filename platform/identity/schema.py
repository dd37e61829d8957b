"""GraphQL for staff identity: sessions, the viewer, users, departments, invitations."""

from __future__ import annotations

import uuid

import strawberry
from strawberry import relay
from strawberry.types import Info

import identity.services as identity
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)
from core.tenancy import PrincipalKind
from identity.auth_schema import AuthPayload, auth_payload, throttled_auth_payload
from identity.errors import IdentityErrorCode
from identity.user_types_schema import DepartmentType, UserStatus, UserType
from rbac import DataScopeEnum, Permission, RoleError
from rbac.errors import RbacErrorCode

strawberry.enum(PrincipalKind, name="PrincipalKind", description="Who is calling.")
PrincipalKindEnum = PrincipalKind
SUBJECT_KINDS = {"User": PrincipalKind.STAFF, "ApiClient": PrincipalKind.API_CLIENT}
IdentityError = user_error_type(
    "IdentityError",
    IdentityErrorCode,
    RbacErrorCode,
    description="Why a change to a staff user or invitation was refused.",
)


@strawberry.type(description="A role the caller holds, by name.")
class ViewerRole:
    key: str = strawberry.field(description="The role's key, e.g. sales.")
    name: str = strawberry.field(description="Its name (English for built-in roles).")
    name_code: str | None = strawberry.field(
        description="The built-in role's key while it keeps its built-in name (clients show "
        "it in the reader's language); null for a name the tenant gave."
    )


@strawberry.type(description="The authenticated caller and what they may do.")
class Viewer:
    facts: strawberry.Private[identity.ViewerFacts]
    kind: PrincipalKindEnum = strawberry.field(description="Staff user, API client or portal.")

    @strawberry.field(description="The staff user, for staff callers.")
    async def user(self) -> UserType | None:
        user = await self.facts.user()
        return UserType.of(user) if user else None

    @strawberry.field(description="Everything the caller may do.")
    async def permissions(self) -> list[Permission]:
        return [Permission(resource=r, action=a) for r, a in await self.facts.permissions()]

    @strawberry.field(description="Keys of the caller's roles.")
    async def roles(self) -> list[str]:
        return await self.facts.roles()

    @strawberry.field(
        description="The caller's roles with their names (readable without roles:read)."
    )
    async def role_names(self) -> list[ViewerRole]:
        return [
            ViewerRole(key=role.key, name=role.name, name_code=role.name_code)
            for role in await self.facts.role_names()
        ]

    @strawberry.field(description="Widest data scope.")
    async def data_scope(self) -> DataScopeEnum | None:
        return await self.facts.data_scope()


@strawberry.type(description="Result of a mutation that changes a user.")
class UserPayload:
    user: UserType | None = strawberry.field(description="The user after the change.")
    user_errors: list[UserErrorType] = error_list_field(IdentityError)


@strawberry.input(description="Filters for the users list.")
class UserFilter:
    status: UserStatus | None = strawberry.field(default=None, description="Only this status.")
    department_key: str | None = strawberry.field(default=None, description="Only this department.")
    search: str | None = strawberry.field(default=None, description="Name or email contains.")


@strawberry.input(description="The complete set of roles a staff user or API client holds.")
class AssignRolesInput:
    subject_id: strawberry.ID = strawberry.field(
        description="Global id of a User or of an ApiClient."
    )
    role_keys: list[str] = strawberry.field(description="Keys of every role it should hold.")


@strawberry.type(description="Result of assignRoles.")
class AssignRolesPayload:
    subject_id: strawberry.ID | None = strawberry.field(
        description="Global id of the user or API client whose roles changed."
    )
    role_keys: list[str] | None = strawberry.field(description="The roles it now holds.")
    user_errors: list[UserErrorType] = error_list_field(RoleError)


@strawberry.input(description="Sign a staff user in.")
class LogInInput:
    tenant_slug: str = strawberry.field(description="The organisation's slug.")
    email: str = strawberry.field(description="The user's email.")
    password: str = strawberry.field(description="The user's password.")


@strawberry.input(description="Invite a person to join as staff.")
class InviteUserInput:
    email: str = strawberry.field(description="Where the invitation is sent.")
    name: str = strawberry.field(description="The person's name.")
    department_key: str = strawberry.field(description="Department they join.")
    role_keys: list[str] | None = strawberry.field(
        default=None, description="Roles to grant; the department's default role when omitted."
    )


@strawberry.input(description="Accept an invitation and choose a password.")
class AcceptInvitationInput:
    token: str = strawberry.field(description="The token from the invitation email.")
    password: str = strawberry.field(description="The new password.")
    name: str | None = strawberry.field(default=None, description="Correct the display name.")


@strawberry.input(description="Change a staff user's name or department.")
class UpdateUserInput:
    user_id: strawberry.ID = strawberry.field(description="Global id of the user.")
    name: str | None = strawberry.field(default=None, description="New display name.")
    department_key: str | None = strawberry.field(default=None, description="New department.")


def _user_id(value: strawberry.ID) -> uuid.UUID:
    return decode_id(value, "User")


def _subject(value: strawberry.ID) -> tuple[PrincipalKind, uuid.UUID]:
    """The kind and row id behind a User or ApiClient global id; anything else NOT_FOUND."""
    subject_id = decode_id(value, *SUBJECT_KINDS)
    return SUBJECT_KINDS[relay.GlobalID.from_id(value).type_name], subject_id


@strawberry.type
class Query:
    @strawberry.field(description="The authenticated caller, their roles and permissions.")
    async def viewer(self, info: Info) -> Viewer:
        caller = identity.viewer(await context_of(info).reader())
        return Viewer(facts=caller, kind=caller.kind)

    @strawberry.field(description="Staff users, newest first (users:read).")
    async def users(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: UserFilter | None = None,
    ) -> Connection[UserType]:
        flt = filter or UserFilter()
        actor = await context_of(info).reader()
        page = await identity.list_users(
            actor,
            identity.UserFilter(
                status=flt.status.value if flt.status else None,
                department_key=flt.department_key,
                search=flt.search,
            ),
            first,
            after,
        )
        return to_connection(page, UserType.of)

    @strawberry.field(description="The tenant's departments.")
    async def departments(self, info: Info) -> list[DepartmentType]:
        actor = await context_of(info).reader()
        return [DepartmentType.of(d) for d in await identity.list_departments(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Sign in with organisation slug, email and password. "
        "Only so many passwords are checked per account and per address in "
        "a window; beyond that the answer is TOO_MANY_ATTEMPTS with "
        "retryAfterSeconds, even for the right password."
    )
    async def log_in(self, info: Info, input: LogInInput) -> AuthPayload:
        return await throttled_auth_payload(
            info,
            lambda actor: identity.log_in(actor, input.tenant_slug, input.email, input.password),
        )

    @strawberry.mutation(
        description="Exchange a refresh token for a new session. The old "
        "refresh token stops working; reusing it ends the whole session."
    )
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthPayload:
        outcome = await run_mutation(
            info, lambda actor: identity.refresh_session(actor, refresh_token)
        )
        return auth_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="End a session: its refresh token stops working.")
    async def log_out(self, info: Info, refresh_token: str) -> AuthPayload:
        outcome = await run_mutation(info, lambda actor: identity.log_out(actor, refresh_token))
        return auth_payload(None, outcome.user_errors)

    @strawberry.mutation(description="Invite a person by email into a department (users:invite).")
    async def invite_user(self, info: Info, input: InviteUserInput) -> UserPayload:
        data = identity.InviteInput(
            email=input.email,
            name=input.name,
            department_key=input.department_key,
            role_keys=input.role_keys,
        )
        outcome = await run_mutation(info, lambda actor: identity.invite_user(actor, data))
        return payload_of(UserPayload, outcome, UserType.of)

    @strawberry.mutation(description="Send a fresh invitation email (users:invite).")
    async def resend_invitation(self, info: Info, user_id: strawberry.ID) -> UserPayload:
        outcome = await run_mutation(
            info, lambda actor: identity.resend_invitation(actor, _user_id(user_id))
        )
        return payload_of(UserPayload, outcome, UserType.of)

    @strawberry.mutation(description="Accept an invitation, set a password and sign in.")
    async def accept_invitation(self, info: Info, input: AcceptInvitationInput) -> AuthPayload:
        outcome = await run_mutation(
            info,
            lambda actor: identity.accept_invitation(
                actor, input.token, input.password, input.name
            ),
        )
        return auth_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Deactivate a user; their tokens stop working at once (users:deactivate)."
    )
    async def deactivate_user(self, info: Info, user_id: strawberry.ID) -> UserPayload:
        outcome = await run_mutation(
            info, lambda actor: identity.deactivate_user(actor, _user_id(user_id))
        )
        return payload_of(UserPayload, outcome, UserType.of)

    @strawberry.mutation(description="Reactivate a deactivated user (users:deactivate).")
    async def reactivate_user(self, info: Info, user_id: strawberry.ID) -> UserPayload:
        outcome = await run_mutation(
            info, lambda actor: identity.reactivate_user(actor, _user_id(user_id))
        )
        return payload_of(UserPayload, outcome, UserType.of)

    @strawberry.mutation(description="Change a user's name or department (users:update).")
    async def update_user(self, info: Info, input: UpdateUserInput) -> UserPayload:
        outcome = await run_mutation(
            info,
            lambda actor: identity.update_user(
                actor, _user_id(input.user_id), input.name, input.department_key
            ),
        )
        return payload_of(UserPayload, outcome, UserType.of)

    @strawberry.mutation(description="Choose the signed-in user's language (en or zh-CN).")
    async def set_my_locale(self, info: Info, locale: str) -> UserPayload:
        outcome = await run_mutation(info, lambda actor: identity.set_my_locale(actor, locale))
        return payload_of(UserPayload, outcome, UserType.of)

    @strawberry.mutation(
        description="Replace the roles of a staff user or API client "
        "(roles:write). You cannot remove your own administrator role."
    )
    async def assign_roles(self, info: Info, input: AssignRolesInput) -> AssignRolesPayload:
        outcome = await run_mutation(
            info,
            lambda actor: identity.assign_roles(
                actor, *_subject(input.subject_id), input.role_keys
            ),
        )
        return AssignRolesPayload(
            subject_id=input.subject_id if outcome.value is not None else None,
            role_keys=outcome.value,
            user_errors=outcome.user_errors,
        )
