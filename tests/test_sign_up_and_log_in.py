"""A company signs up, its owner logs in, refreshes and logs out."""

from __future__ import annotations

from tests.support.graphql import (
    LOG_IN,
    SIGN_UP,
    STRONG_PASSWORD,
    GraphQLClient,
    sign_up,
    unique_slug,
)

VIEWER = """query Viewer {
  viewer { kind roles user { email department { key } } }
  tenant { slug name }
}"""


def sign_up_input(**overrides: str) -> dict[str, dict[str, str]]:
    slug = unique_slug()
    values = {
        "organizationName": "Globex",
        "slug": slug,
        "ownerName": "Gina Owner",
        "email": f"gina@{slug}.example.com",
        "password": STRONG_PASSWORD,
    }
    return {"input": {**values, **overrides}}


def test_sign_up_creates_tenant_and_signs_the_owner_in(api: GraphQLClient) -> None:
    variables = sign_up_input()
    payload = api.data(SIGN_UP, variables)["signUp"]

    assert payload["userErrors"] == []
    assert payload["tenant"]["slug"] == variables["input"]["slug"]
    viewer = api.data(VIEWER, token=payload["accessToken"])
    assert viewer["viewer"]["kind"] == "STAFF"
    assert viewer["viewer"]["roles"] == ["admin"]
    assert viewer["viewer"]["user"]["department"]["key"] == "management"
    assert viewer["tenant"]["name"] == "Globex"


def test_duplicate_slug_and_email_are_user_errors(api: GraphQLClient) -> None:
    first = sign_up_input()
    api.data(SIGN_UP, first)
    again = api.data(SIGN_UP, {"input": {**first["input"]}})["signUp"]

    codes = {(tuple(e["field"]), e["code"]) for e in again["userErrors"]}
    assert codes == {(("slug",), "SLUG_TAKEN"), (("email",), "EMAIL_TAKEN")}
    assert again["accessToken"] is None


def test_invalid_sign_up_reports_every_field(api: GraphQLClient) -> None:
    payload = api.data(
        SIGN_UP,
        sign_up_input(
            slug="Bad Slug!", email="not-an-email", password="password1", organizationName=" "
        ),
    )
    codes = {e["code"] for e in payload["signUp"]["userErrors"]}
    assert codes == {"INVALID_SLUG", "INVALID_EMAIL", "WEAK_PASSWORD", "REQUIRED"}


def test_reserved_slug_is_refused(api: GraphQLClient) -> None:
    payload = api.data(SIGN_UP, sign_up_input(slug="graphql"))["signUp"]
    assert [e["code"] for e in payload["userErrors"]] == ["SLUG_RESERVED"]


def test_log_in_refresh_rotates_and_log_out_ends_session(api: GraphQLClient) -> None:
    tenant = sign_up(api)
    login = api.data(
        LOG_IN,
        {
            "input": {
                "tenantSlug": tenant.slug,
                "email": tenant.email.upper(),
                "password": tenant.password,
            }
        },
    )["logIn"]
    assert login["userErrors"] == []
    refresh = """mutation R($t: String!) { refreshToken(refreshToken: $t) {
        accessToken refreshToken userErrors { code } } }"""
    rotated = api.data(refresh, {"t": login["refreshToken"]})["refreshToken"]
    assert rotated["userErrors"] == [] and rotated["refreshToken"] != login["refreshToken"]
    assert api.data(VIEWER, token=rotated["accessToken"])["tenant"]["slug"] == tenant.slug

    reused = api.data(refresh, {"t": login["refreshToken"]})["refreshToken"]
    assert [e["code"] for e in reused["userErrors"]] == ["INVALID_REFRESH_TOKEN"]
    # Reuse of a rotated token revokes the whole family, the newest token included.
    stolen = api.data(refresh, {"t": rotated["refreshToken"]})["refreshToken"]
    assert [e["code"] for e in stolen["userErrors"]] == ["INVALID_REFRESH_TOKEN"]

    again = api.data(
        LOG_IN,
        {"input": {"tenantSlug": tenant.slug, "email": tenant.email, "password": tenant.password}},
    )["logIn"]
    api.data(
        "mutation O($t: String!) { logOut(refreshToken: $t) { userErrors { code } } }",
        {"t": again["refreshToken"]},
    )
    after = api.data(refresh, {"t": again["refreshToken"]})["refreshToken"]
    assert [e["code"] for e in after["userErrors"]] == ["INVALID_REFRESH_TOKEN"]


def test_wrong_password_unknown_tenant_and_unknown_email_look_the_same(api: GraphQLClient) -> None:
    tenant = sign_up(api)
    attempts = [
        {"tenantSlug": tenant.slug, "email": tenant.email, "password": "wrong-password-123"},
        {"tenantSlug": "no-such-tenant", "email": tenant.email, "password": tenant.password},
        {"tenantSlug": tenant.slug, "email": "nobody@example.com", "password": tenant.password},
    ]
    for attempt in attempts:
        errors = api.data(LOG_IN, {"input": attempt})["logIn"]["userErrors"]
        assert errors == [
            {
                "field": None,
                "code": "INVALID_CREDENTIALS",
                "message": "The organisation, email or password is incorrect.",
            }
        ]


def test_repeated_failures_lock_the_account_but_not_others(api: GraphQLClient) -> None:
    tenant = sign_up(api)
    wrong = {"tenantSlug": tenant.slug, "email": tenant.email, "password": "not-the-password-1"}
    codes = [api.data(LOG_IN, {"input": wrong})["logIn"]["userErrors"][0]["code"] for _ in range(6)]
    assert codes[:5] == ["INVALID_CREDENTIALS"] * 5
    assert codes[5] == "TOO_MANY_ATTEMPTS"
    right = {**wrong, "password": tenant.password}
    assert api.data(LOG_IN, {"input": right})["logIn"]["userErrors"][0]["code"] == (
        "TOO_MANY_ATTEMPTS"
    )
    other = sign_up(api)
    ok = api.data(
        LOG_IN,
        {"input": {"tenantSlug": other.slug, "email": other.email, "password": other.password}},
    )["logIn"]
    assert ok["userErrors"] == []
