"""A tenant administrator keeps the company profile: name, time zone, currency and default
language; everyone chooses their own language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join, sign_up
from tests.support.stack import Mailbox

UPDATE = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) {
    tenant { name timeZone currency locale }
    userErrors { field code message }
  }
}"""
TENANT = "query Tenant { tenant { name timeZone currency locale } }"
SET_LOCALE = """mutation Locale($locale: String!) {
  setMyLocale(locale: $locale) { user { email locale } userErrors { field code } }
}"""
MY_LOCALE = "query Me { viewer { user { locale } } }"
DEFAULTS = {"name": "Acme Trading", "timeZone": "UTC", "currency": "USD", "locale": "en"}


@pytest.fixture
def admin(api: GraphQLClient) -> TenantSession:
    return sign_up(api, name="Acme Trading")


def update(session: TenantSession, **values: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(UPDATE, {"input": values})["updateTenantSettings"]
    return payload


def test_an_admin_changes_the_company_settings(admin: TenantSession) -> None:
    assert admin.client.data(TENANT)["tenant"] == DEFAULTS
    changed = {
        "name": "Acme Trading GmbH",
        "timeZone": "Europe/Berlin",
        "currency": "EUR",
        "locale": "zh-CN",
    }
    payload = update(admin, **changed)
    assert payload == {"tenant": changed, "userErrors": []}
    assert admin.client.data(TENANT)["tenant"] == changed


def test_omitted_settings_stay_as_they_are(admin: TenantSession) -> None:
    payload = update(admin, currency="JPY")
    assert payload["tenant"] == {**DEFAULTS, "currency": "JPY"}
    payload = update(admin, name="  Acme Japan  ")
    assert payload["tenant"] == {**DEFAULTS, "currency": "JPY", "name": "Acme Japan"}


def test_invalid_settings_are_each_reported_and_nothing_changes(admin: TenantSession) -> None:
    payload = update(
        admin, name="Renamed", timeZone="Mars/Olympus_Mons", currency="DOGE", locale="xx-YY"
    )
    assert payload["tenant"] is None
    assert {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]} == {
        (("timeZone",), "INVALID_TIME_ZONE"),
        (("currency",), "UNSUPPORTED_CURRENCY"),
        (("locale",), "UNSUPPORTED_LOCALE"),
    }
    assert all(e["message"] for e in payload["userErrors"])
    blank = update(admin, name="   ")
    assert [(e["field"], e["code"]) for e in blank["userErrors"]] == [(["name"], "REQUIRED")]
    assert admin.client.data(TENANT)["tenant"] == DEFAULTS


@pytest.mark.parametrize("time_zone", ["America/Sao_Paulo", "Asia/Shanghai", "UTC"])
def test_any_iana_time_zone_is_accepted(admin: TenantSession, time_zone: str) -> None:
    assert update(admin, timeZone=time_zone)["tenant"]["timeZone"] == time_zone


@pytest.fixture(scope="module")
def company(api: GraphQLClient, mailbox: Mailbox) -> tuple[TenantSession, TenantSession]:
    """An admin and a manager (the manager role may read settings, not change them)."""
    admin = sign_up(api, name="Acme Trading")
    manager = invite_and_join(admin, mailbox, f"mia@{admin.slug}.example.com", "management")
    return admin, manager


def test_changing_settings_needs_settings_write(
    company: tuple[TenantSession, TenantSession],
) -> None:
    admin, manager = company
    result = manager.client.execute(UPDATE, {"input": {"currency": "GBP"}})
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]
    assert result["data"] is None
    assert manager.client.data(TENANT)["tenant"]["currency"] == "USD"
    assert admin.client.data(TENANT)["tenant"]["currency"] == "USD"


def test_settings_need_a_signed_in_caller(api: GraphQLClient) -> None:
    assert api.error_codes(UPDATE, {"input": {"currency": "EUR"}}) == ["UNAUTHENTICATED"]
    assert api.error_codes(TENANT) == ["UNAUTHENTICATED"]


def test_everyone_chooses_their_own_language(company: tuple[TenantSession, TenantSession]) -> None:
    admin, manager = company
    assert manager.client.data(MY_LOCALE)["viewer"]["user"]["locale"] is None
    chosen = manager.client.data(SET_LOCALE, {"locale": "zh-CN"})["setMyLocale"]
    assert chosen == {"user": {"email": manager.email, "locale": "zh-CN"}, "userErrors": []}
    assert manager.client.data(MY_LOCALE)["viewer"]["user"]["locale"] == "zh-CN"
    assert admin.client.data(MY_LOCALE)["viewer"]["user"]["locale"] is None

    refused = manager.client.data(SET_LOCALE, {"locale": "fr"})["setMyLocale"]
    assert refused == {
        "user": None,
        "userErrors": [{"field": ["locale"], "code": "UNSUPPORTED_LOCALE"}],
    }
    assert manager.client.data(MY_LOCALE)["viewer"]["user"]["locale"] == "zh-CN"
    back = manager.client.data(SET_LOCALE, {"locale": "en"})["setMyLocale"]
    assert back["user"]["locale"] == "en"
