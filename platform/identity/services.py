"""Staff identity use cases, each living in its own module: what valid input looks like
(`checks`), departments, signing in and sessions (`sign_in`), staff users (`users`) and
inviting them (`inviting`). Other domains call this module."""

from __future__ import annotations

from identity.checks import (
    EMAIL,
    MAX_NAME_LENGTH,
    check_email,
    check_password,
    check_person_name,
    normalize_email,
    user_summary,
)
from identity.departments import (
    DEPARTMENT_NAMES,
    built_in_name_code,
    department_by_key,
    departments_by_id,
    list_departments,
    seed_departments,
)
from identity.inviting import (
    InviteInput,
    accept_invitation,
    invite_user,
    prepare_invitation_letter,
    resend_invitation,
)
from identity.sign_in import (
    create_owner,
    end_sessions_of,
    issue_session,
    log_in,
    log_out,
    password_throttle,
    refresh_session,
    target_type_of,
    verify_staff_or_client,
)
from identity.sign_up import SignUpInput, check_sign_up, sign_up
from identity.tokens import (
    IssuedSession,
)
from identity.users import (
    UserFilter,
    ViewerFacts,
    assign_roles,
    current_user,
    deactivate_user,
    get_user,
    list_users,
    listed_users_by_id,
    lock_subject,
    reactivate_user,
    set_my_locale,
    update_user,
    users_by_id,
    viewer,
)

__all__ = [
    "DEPARTMENT_NAMES",
    "EMAIL",
    "MAX_NAME_LENGTH",
    "InviteInput",
    "IssuedSession",
    "SignUpInput",
    "UserFilter",
    "ViewerFacts",
    "accept_invitation",
    "assign_roles",
    "built_in_name_code",
    "check_email",
    "check_password",
    "check_person_name",
    "check_sign_up",
    "create_owner",
    "current_user",
    "deactivate_user",
    "department_by_key",
    "departments_by_id",
    "end_sessions_of",
    "get_user",
    "invite_user",
    "issue_session",
    "list_departments",
    "list_users",
    "listed_users_by_id",
    "lock_subject",
    "log_in",
    "log_out",
    "normalize_email",
    "password_throttle",
    "prepare_invitation_letter",
    "reactivate_user",
    "refresh_session",
    "resend_invitation",
    "seed_departments",
    "set_my_locale",
    "sign_up",
    "target_type_of",
    "update_user",
    "user_summary",
    "users_by_id",
    "verify_staff_or_client",
    "viewer",
]
