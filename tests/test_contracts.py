"""Contracts as staff and customers meet them over GraphQL: staff create a contract from the
tenant's template and send it, the customer signs it in the portal (the record keeps name,
title, time, IP address, user agent and the SHA-256 of the exact document), staff
countersign; a signed version never changes and an amendment points at the version it
replaces; terms are checked per field; the daily run sends each reminder once and renews
with the notice computed from the renewed end; other tenants' contracts are not found."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader, PdfWriter

import contracts.services as contracts
from tests.support.concurrency import all_at_once
from tests.support.contracts import (
    AMEND,
    CONTRACT,
    CONTRACTS,
    COUNTERSIGN,
    CREATE,
    CUSTOMER_CONTRACTS,
    DECLINE,
    MY_CONTRACT,
    MY_CONTRACTS,
    RENEW,
    REVOKE,
    SAVE_TEMPLATE,
    SEND,
    SETTINGS,
    TEMPLATES,
    TERMINATE,
    UPDATE_SETTINGS,
    create,
    created,
    mutate,
    portal_version,
    sign,
    signed_contract,
    signing_customer,
    terms,
)
from tests.support.database import owner_sql, tenant_id_of
from tests.support.demo import DEMO_ROLE_USERS, demo_logins, portal_log_in
from tests.support.demo import log_in as demo_log_in
from tests.support.files import png, uploaded_id
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    global_id,
    graphql_codes,
    row_id,
    row_uuid,
    sign_up,
)
from tests.support.metrics import statements_so_far
from tests.support.orders import created as created_order
from tests.support.orders import open_shop, order_input
from tests.support.returns import integrator
from tests.support.services import StaffUser, in_process, run_as
from tests.support.stack import Mailbox, Stack, body_text, run_async

TODAY = date.today()


def fetch(stack: Stack, url: str) -> bytes:
    response = httpx.get(f"{stack.base_url}{url}", timeout=30)
    assert response.status_code == 200, response.text
    return response.content


def contract_of(session: TenantSession, contract_id: str) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(CONTRACT, {"id": contract_id})["contract"]
    return found


def test_the_customer_signs_in_the_portal_and_the_record_keeps_who_where_and_what(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = created(
        tenant, customer.customer_id, send=True, terms=terms(startDate=TODAY.isoformat())
    )
    assert contract["number"].startswith("CT-")
    assert contract["status"] == "DRAFT"
    [version] = contract["versions"]
    assert (version["number"], version["source"], version["state"]) == (1, "RENDERED", "SENT")
    document = fetch(stack, version["documentUrl"])
    assert hashlib.sha256(document).hexdigest() == version["sha256"]
    assert "Wayne Enterprises" in PdfReader(io.BytesIO(document)).pages[0].extract_text()

    [mail] = mailbox.wait_for(customer.email, f"Contract {contract['number']} is ready")
    assert f"/portal/{tenant.slug}/contracts/{row_id(contract['id'])}" in body_text(mail)

    listed = customer.portal.data(MY_CONTRACTS)["myContracts"]["edges"]
    assert [e["node"]["number"] for e in listed] == [contract["number"]]
    shown = portal_version(customer, contract["id"], 1)
    headers = {"X-Forwarded-For": "203.0.113.7", "User-Agent": "ContractTest/1.0"}
    payload = sign(customer, shown, headers=headers)
    assert payload["userErrors"] == []
    assert payload["contract"]["status"] == "ACTIVE"

    after = contract_of(tenant, contract["id"])
    [signed] = after["versions"]
    assert signed["state"] == "SIGNED" and signed["sha256"] == version["sha256"]
    [record] = signed["signatures"]
    assert record["party"] == "CUSTOMER"
    assert (record["signerName"], record["signerTitle"]) == ("Lucius Fox", "CEO")
    assert (record["ipAddress"], record["userAgent"]) == ("203.0.113.7", "ContractTest/1.0")
    assert record["documentSha256"] == hashlib.sha256(document).hexdigest()
    signed_copy = PdfReader(io.BytesIO(fetch(stack, signed["signedDocumentUrl"])))
    assert len(signed_copy.pages) == len(PdfReader(io.BytesIO(document)).pages) + 1
    signature_page = signed_copy.pages[-1].extract_text()
    for fact in ("Lucius Fox", "203.0.113.7", "ContractTest/1.0", version["sha256"]):
        assert fact in signature_page

    again = sign(customer, shown)
    assert errors_of(again) == {(("versionId",), "ALREADY_SIGNED")}

    countersigned = mutate(
        tenant.client, COUNTERSIGN, "countersignContract", versionId=signed["id"], signerTitle="COO"
    )
    assert countersigned["userErrors"] == []
    parties = [s["party"] for s in countersigned["contract"]["versions"][0]["signatures"]]
    assert parties == ["CUSTOMER", "COMPANY"]
    twice = mutate(tenant.client, COUNTERSIGN, "countersignContract", versionId=signed["id"])
    assert errors_of(twice) == {(("versionId",), "ALREADY_SIGNED")}
    card = tenant.client.data(CUSTOMER_CONTRACTS, {"id": customer.customer_id})["node"]
    assert [c["number"] for c in card["contracts"]] == [contract["number"]]


def test_bad_terms_are_refused_on_their_fields_and_nothing_is_written(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    cases = [
        (
            {"terms": terms(initialTermMonths=0)},
            ("terms", "initialTermMonths"),
            "CONTRACT_ENDS_BEFORE_START",
        ),
        ({"terms": terms(noticeDays=400)}, ("terms", "noticeDays"), "NOTICE_LONGER_THAN_TERM"),
        (
            {"terms": terms(initialTermMonths=12, renewalTermMonths=1, noticeDays=60)},
            ("terms", "noticeDays"),
            "NOTICE_LONGER_THAN_TERM",
        ),
        (
            {"terms": terms(renewalTermMonths=0)},
            ("terms", "renewalTermMonths"),
            "INVALID_RENEWAL_TERM",
        ),
        ({"title": "  "}, ("title",), "TITLE_REQUIRED"),
        ({"customerId": "Q3VzdG9tZXI6MA=="}, ("customerId",), "UNKNOWN_CUSTOMER"),
        ({"templateId": "Q29udHJhY3RUZW1wbGF0ZTox"}, ("templateId",), "UNKNOWN_TEMPLATE"),
    ]
    for fields, field, code in cases:
        payload = create(tenant, customer.customer_id, **fields)
        assert payload["contract"] is None
        assert (field, code) in errors_of(payload), (fields, payload["userErrors"])
    assert tenant.client.data(CONTRACTS)["contracts"]["edges"] == []


def test_signing_needs_a_typed_name_acceptance_a_sent_version_and_the_same_document(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = created(tenant, customer.customer_id)
    draft = portal_version(customer, contract["id"], 1)
    assert errors_of(sign(customer, draft)) == {(("versionId",), "VERSION_NOT_SENT")}
    mutate(tenant.client, SEND, "sendContractVersion", versionId=contract["versions"][0]["id"])
    sent = portal_version(customer, contract["id"], 1)
    assert errors_of(sign(customer, sent, signerName=" ", accept=False)) == {
        (("signerName",), "SIGNER_NAME_REQUIRED"),
        (("accept",), "ACCEPTANCE_REQUIRED"),
    }
    assert errors_of(sign(customer, sent, documentSha256="0" * 64)) == {
        (("documentSha256",), "DOCUMENT_CHANGED")
    }
    revoked = mutate(
        tenant.client, REVOKE, "revokeContractVersion", versionId=contract["versions"][0]["id"]
    )
    assert revoked["contract"]["versions"][0]["state"] == "REVOKED"
    assert errors_of(sign(customer, sent)) == {(("versionId",), "DOCUMENT_CHANGED")}
    assert contract_of(tenant, contract["id"])["versions"][0]["signatures"] == []


def test_a_document_changed_in_storage_cannot_be_signed(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = created(tenant, customer.customer_id, send=True)
    version = portal_version(customer, contract["id"], 1)
    file_id = owner_sql(
        stack,
        "SELECT file_id FROM contract_versions WHERE id = $1",
        uuid.UUID(version["id"]),
    )[0]["file_id"]
    stored = Path(stack.env["ORBIT_FILES_DIR"]) / tenant_id_of(stack, tenant) / str(file_id)
    stored.write_bytes(stored.read_bytes() + b"\n% tampered")
    assert errors_of(sign(customer, version)) == {(("documentSha256",), "DOCUMENT_CHANGED")}


def test_a_signed_version_never_changes_and_an_amendment_points_at_it(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = signed_contract(tenant, customer)
    [first] = contract["versions"]
    version_id = first["id"]
    revoke = mutate(tenant.client, REVOKE, "revokeContractVersion", versionId=version_id)
    assert errors_of(revoke) == {(("versionId",), "VERSION_SIGNED")}
    resend = mutate(tenant.client, SEND, "sendContractVersion", versionId=version_id)
    assert errors_of(resend) == {(("versionId",), "VERSION_NOT_DRAFT")}

    amended = mutate(
        tenant.client, AMEND, "amendContract", contractId=contract["id"], note="Adds site B"
    )
    assert amended["userErrors"] == []
    second = amended["version"]
    assert (second["number"], second["state"], second["note"]) == (2, "DRAFT", "Adds site B")
    assert second["amendsVersionId"] == version_id
    mutate(tenant.client, SEND, "sendContractVersion", versionId=second["id"])
    assert sign(customer, portal_version(customer, contract["id"], 2))["userErrors"] == []

    versions = contract_of(tenant, contract["id"])["versions"]
    assert [(v["number"], v["state"]) for v in versions] == [(2, "SIGNED"), (1, "SIGNED")]
    assert versions[1]["sha256"] == first["sha256"]
    assert versions[1]["signatures"] == first["signatures"]
    assert hashlib.sha256(fetch(stack, versions[1]["documentUrl"])).hexdigest() == first["sha256"]


def test_the_customer_may_decline_and_then_not_sign(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = created(tenant, customer.customer_id, send=True)
    version = portal_version(customer, contract["id"], 1)
    declined = customer.portal.data(
        DECLINE, {"input": {"versionId": version["id"], "reason": "Price too high"}}
    )["declineContract"]
    assert declined["userErrors"] == []
    assert declined["contract"]["versions"][0]["state"] == "DECLINED"
    assert errors_of(sign(customer, version)) == {(("versionId",), "VERSION_NOT_SENT")}


def test_terminating_needs_a_reason_a_date_after_the_minimum_term_and_happens_once(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    start = TODAY - timedelta(days=200)
    contract = signed_contract(
        tenant, customer, terms=terms(startDate=start.isoformat(), minimumTermMonths=6)
    )

    def terminate(effective: date, reason: str = "Moving to another supplier") -> dict[str, Any]:
        return mutate(
            tenant.client,
            TERMINATE,
            "terminateContract",
            contractId=contract["id"],
            effectiveDate=effective.isoformat(),
            reason=reason,
        )

    assert errors_of(terminate(start - timedelta(days=1))) == {
        (("effectiveDate",), "TERMINATION_BEFORE_START")
    }
    assert errors_of(terminate(start + timedelta(days=40))) == {
        (("effectiveDate",), "TERMINATION_BEFORE_MINIMUM_TERM")
    }
    assert errors_of(terminate(TODAY + timedelta(days=200), " ")) == {
        (("reason",), "TERMINATION_REASON_REQUIRED")
    }
    done = terminate(TODAY)
    assert done["userErrors"] == []
    ended = done["contract"]
    assert (ended["status"], ended["terminatedOn"]) == ("TERMINATED", TODAY.isoformat())
    assert ended["terminationReason"] == "Moving to another supplier"
    assert ended["terminatedById"] is not None
    assert errors_of(terminate(TODAY)) == {(("contractId",), "ALREADY_TERMINATED")}
    renew = mutate(tenant.client, RENEW, "renewContract", contractId=contract["id"])
    assert errors_of(renew) == {(("contractId",), "NOT_RENEWABLE")}


def test_renewing_by_hand_moves_the_current_term_end_by_the_renewal_term(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = signed_contract(
        tenant,
        customer,
        terms=terms(startDate="2030-03-31", renewalType="NONE", renewalTermMonths=6),
    )
    assert (contract["currentTermEnd"], contract["noticeDeadline"]) == ("2031-03-30", "2030-12-30")
    renewed = mutate(tenant.client, RENEW, "renewContract", contractId=contract["id"])
    assert renewed["userErrors"] == []
    after = renewed["contract"]
    assert (after["currentTermStart"], after["currentTermEnd"]) == ("2031-03-31", "2031-09-30")
    assert (after["renewalCount"], after["status"]) == (1, "RENEWED")
    assert after["noticeDeadline"] == "2031-07-02"


def reminders_of(stack: Stack, contract_id: str) -> list[tuple[str, str, int, str]]:
    rows = owner_sql(
        stack,
        "SELECT term_end, ladder, offset_days, recipient_kind FROM contract_reminders "
        "WHERE contract_id = $1 ORDER BY sent_at, ladder, offset_days, recipient_kind",
        uuid.UUID(row_id(contract_id)),
    )
    return [
        (r["term_end"].isoformat(), r["ladder"], r["offset_days"], r["recipient_kind"])
        for r in rows
    ]


def run_day(stack: Stack, tenant: TenantSession, day: str) -> int:
    tenant_id = uuid.UUID(tenant_id_of(stack, tenant))

    async def run() -> int:
        async with in_process(stack) as services:
            return await contracts.run_contract_day(services, date.fromisoformat(day), tenant_id)

    return run_async(run())


def test_a_yearly_contract_with_three_months_notice_reminds_on_its_days_and_renews(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = signed_contract(tenant, customer, terms=terms(startDate="2030-01-01", noticeDays=92))
    assert (contract["currentTermEnd"], contract["noticeDeadline"]) == ("2030-12-31", "2030-09-30")
    # The notice ladder counts down to 2030-09-30: 60 days before is 2030-08-01.
    assert run_day(stack, tenant, "2030-07-31") == 0
    assert run_day(stack, tenant, "2030-08-01") == 2
    assert run_day(stack, tenant, "2030-08-01") == 0
    assert run_day(stack, tenant, "2030-08-15") == 0
    assert run_day(stack, tenant, "2030-08-31") == 2
    assert reminders_of(stack, contract["id"]) == [
        ("2030-12-31", "notice", 60, "customer"),
        ("2030-12-31", "notice", 60, "owner"),
        ("2030-12-31", "notice", 30, "customer"),
        ("2030-12-31", "notice", 30, "owner"),
    ]
    reminder = mailbox.wait_for(customer.email, "notice deadline 2030-09-30", count=2)[-1]
    assert "renews on 2031-01-01 unless notice is given by 2030-09-30" in body_text(reminder)
    assert f"/portal/{tenant.slug}/contracts/{row_id(contract['id'])}" in body_text(reminder)
    assert contract_of(tenant, contract["id"])["status"] == "ACTIVE"
    run_day(stack, tenant, "2030-09-30")
    assert contract_of(tenant, contract["id"])["status"] == "EXPIRING"
    # The end ladder: 7 days before 2030-12-31; a missed day is caught up once.
    run_day(stack, tenant, "2030-12-28")
    assert run_day(stack, tenant, "2030-12-29") == 0
    assert ("2030-12-31", "end", 7, "customer") in reminders_of(stack, contract["id"])

    run_day(stack, tenant, "2031-01-01")
    renewed = contract_of(tenant, contract["id"])
    assert (renewed["currentTermStart"], renewed["currentTermEnd"]) == ("2031-01-01", "2031-12-31")
    assert (renewed["status"], renewed["renewalCount"]) == ("RENEWED", 1)
    # Notice is now counted from the renewed end, never the initial one.
    assert renewed["noticeDeadline"] == "2031-09-30"
    assert run_day(stack, tenant, "2031-07-31") == 0
    assert run_day(stack, tenant, "2031-08-01") == 2
    assert reminders_of(stack, contract["id"])[-2:] == [
        ("2031-12-31", "notice", 60, "customer"),
        ("2031-12-31", "notice", 60, "owner"),
    ]


def test_the_expiring_soon_view_lists_contracts_ending_within_the_days_asked(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    soon = signed_contract(
        tenant,
        customer,
        terms=terms(
            startDate=(TODAY - timedelta(days=340)).isoformat(), renewalType="NONE", noticeDays=30
        ),
    )
    later = signed_contract(tenant, customer, terms=terms(startDate=TODAY.isoformat()))
    assert soon["status"] == "EXPIRING" and later["status"] == "ACTIVE"
    listed = tenant.client.data(CONTRACTS, {"filter": {"expiringWithinDays": 60}})
    assert [e["node"]["id"] for e in listed["contracts"]["edges"]] == [soon["id"]]
    by_status = tenant.client.data(CONTRACTS, {"filter": {"statuses": ["ACTIVE"]}})
    assert [e["node"]["id"] for e in by_status["contracts"]["edges"]] == [later["id"]]


def test_templates_and_the_reminder_ladder_are_the_tenants_to_configure(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    [default] = tenant.client.data(TEMPLATES)["contractTemplates"]
    assert default["isDefault"] is True
    assert tenant.client.data(TEMPLATES)["contractTemplates"][0]["id"] == default["id"]
    bad = mutate(
        tenant.client, SAVE_TEMPLATE, "saveContractTemplate", name="Short", body="Hi {nobody}"
    )
    assert errors_of(bad) == {(("body",), "PLACEHOLDER_UNKNOWN")}
    saved = mutate(
        tenant.client,
        SAVE_TEMPLATE,
        "saveContractTemplate",
        name="Short form",
        body="Short agreement with {customer_name} until {end_date}.",
        isDefault=True,
    )
    assert saved["userErrors"] == [] and saved["template"]["isDefault"] is True
    names = {t["name"]: t["isDefault"] for t in tenant.client.data(TEMPLATES)["contractTemplates"]}
    assert names == {"Standard agreement": False, "Short form": True}
    assert tenant.client.data(SETTINGS)["contractSettings"]["reminderOffsets"] == [60, 30, 14, 7]
    wrong = mutate(tenant.client, UPDATE_SETTINGS, "updateContractSettings", reminderOffsets=[0])
    assert errors_of(wrong) == {(("reminderOffsets",), "INVALID_REMINDER_OFFSETS")}
    changed = mutate(
        tenant.client, UPDATE_SETTINGS, "updateContractSettings", reminderOffsets=[7, 45, 7]
    )
    assert changed["settings"]["reminderOffsets"] == [45, 7]


def test_another_tenants_contract_is_not_found(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = created(tenant, customer.customer_id, send=True)
    version_id = contract["versions"][0]["id"]
    other = sign_up(api)
    assert other.client.data(CONTRACT, {"id": contract["id"]})["contract"] is None
    probe = other.client.execute(SEND, {"input": {"versionId": version_id}})
    assert graphql_codes(probe) == ["NOT_FOUND"]
    probe = other.client.execute(
        TERMINATE,
        {"input": {"contractId": contract["id"], "effectiveDate": "2030-01-01", "reason": "x"}},
    )
    assert graphql_codes(probe) == ["NOT_FOUND"]
    stranger = signing_customer(other, mailbox, "Stark Industries")
    found = stranger.portal.execute(MY_CONTRACT, {"id": row_id(contract["id"])})
    assert graphql_codes(found) == ["NOT_FOUND"]
    shown = portal_version(customer, contract["id"], 1)
    assert graphql_codes(
        stranger.portal.execute(
            "mutation S($input: SignContractInput!) { signContract(input: $input) "
            "{ userErrors { code } } }",
            {
                "input": {
                    "versionId": shown["id"],
                    "documentSha256": shown["sha256"],
                    "signerName": "Tony",
                    "accept": True,
                }
            },
        )
    ) == ["NOT_FOUND"]


def test_an_accepted_quote_creates_a_contract_sent_for_signature(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    staff = StaffUser.of(tenant)
    quote_id, order_id, subscription_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    bad = contracts.check_terms(
        date(2030, 1, 1), 12, 400, contracts.RenewalType.AUTOMATIC, None, ("contract",)
    )
    assert [(e.field, e.code.value) for e in bad] == [
        (("contract", "noticeDays"), "NOTICE_LONGER_THAN_TERM")
    ]

    async def accept(actor: Any) -> uuid.UUID:
        [template] = await contracts.contract_templates(actor)
        assert template.is_default
        return await contracts.create_contract_for_quote(
            actor,
            contracts.QuoteContract(
                customer_id=uuid.UUID(row_id(customer.customer_id)),
                quote_id=quote_id,
                quote_number="Q-000007",
                template_id=None,
                start_date=date(2030, 1, 1),
                initial_term_months=12,
                renewal_type=contracts.RenewalType.AUTOMATIC,
                renewal_term_months=None,
                notice_days=30,
                order_ids=[order_id],
                subscription_ids=[subscription_id],
            ),
        )

    contract_id = run_as(stack, staff, accept)
    found = contract_of(tenant, global_contract_id(contract_id))
    assert found["quoteId"] is not None
    assert {(link["kind"], row_id(link["targetId"])) for link in found["links"]} == {
        ("ORDER", str(order_id)),
        ("SUBSCRIPTION", str(subscription_id)),
    }
    assert found["versions"][0]["state"] == "SENT"
    assert sign(customer, portal_version(customer, found["id"], 1))["userErrors"] == []


def global_contract_id(contract_id: uuid.UUID) -> str:
    return global_id("Contract", contract_id)


@pytest.mark.timeout(300)
def test_the_demo_has_a_contract_awaiting_signature_an_active_one_and_one_expiring(
    api: GraphQLClient, stack: Stack
) -> None:
    logins = demo_logins(stack)
    sales = demo_log_in(api, logins, DEMO_ROLE_USERS["sales"])
    found = [e["node"] for e in sales.data(CONTRACTS)["contracts"]["edges"]]
    assert sorted(c["status"] for c in found) == ["ACTIVE", "DRAFT", "EXPIRING"]
    portal = portal_log_in(api, logins)
    mine = [e["node"] for e in portal.data(MY_CONTRACTS)["myContracts"]["edges"]]
    awaiting = [c for c in mine if c["status"] == "DRAFT"]
    assert [v["state"] for v in awaiting[0]["versions"]] == ["SENT"]
    active = next(c for c in mine if c["status"] == "ACTIVE")
    assert [s["party"] for s in active["versions"][0]["signatures"]] == ["CUSTOMER", "COMPANY"]


def blank_pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_uploaded_pdf_becomes_version_one_and_anything_else_is_refused(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    picture = uploaded_id(tenant.client, "contract_document", "scan.png", png())
    refused = create(tenant, customer.customer_id, uploadId=picture)
    assert errors_of(refused) == {(("uploadId",), "NOT_A_PDF")}
    assert tenant.client.data(CONTRACTS)["contracts"]["edges"] == []

    document = blank_pdf()
    upload_id = uploaded_id(tenant.client, "contract_document", "Signed offer.pdf", document)
    contract = created(tenant, customer.customer_id, uploadId=upload_id, send=True)
    [version] = contract["versions"]
    assert (version["source"], version["fileName"]) == ("UPLOADED", "Signed offer.pdf")
    assert version["sha256"] == hashlib.sha256(document).hexdigest()
    assert fetch(stack, version["documentUrl"]) == document
    again = create(tenant, customer.customer_id, uploadId=upload_id)
    assert errors_of(again) == {(("uploadId", "0"), "FILE_ALREADY_ATTACHED")}

    assert sign(customer, portal_version(customer, contract["id"], 1))["userErrors"] == []
    signed = contract_of(tenant, contract["id"])["versions"][0]
    copy = PdfReader(io.BytesIO(fetch(stack, signed["signedDocumentUrl"])))
    assert len(copy.pages) == 3


def test_two_signatures_at_once_record_one_and_countersigning_waits_for_the_customer(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = created(tenant, customer.customer_id, send=True)
    version_id = contract["versions"][0]["id"]
    early = mutate(tenant.client, COUNTERSIGN, "countersignContract", versionId=version_id)
    assert errors_of(early) == {(("versionId",), "CUSTOMER_NOT_SIGNED")}

    shown = portal_version(customer, contract["id"], 1)
    results = all_at_once([lambda: sign(customer, shown), lambda: sign(customer, shown)])
    codes = sorted(tuple(e["code"] for e in r["userErrors"]) for r in results)
    assert codes == [(), ("ALREADY_SIGNED",)]
    [version] = contract_of(tenant, contract["id"])["versions"]
    assert [s["party"] for s in version["signatures"]] == ["CUSTOMER"]


def test_countersigning_needs_its_own_permission(tenant: TenantSession, mailbox: Mailbox) -> None:
    customer = signing_customer(tenant, mailbox)
    sales = colleague(tenant, mailbox, "sales")
    contract = signed_contract(tenant, customer)
    probe = sales.client.execute(
        COUNTERSIGN, {"input": {"versionId": contract["versions"][0]["id"]}}
    )
    assert graphql_codes(probe) == ["FORBIDDEN"]


LIST_OPERATION = "ContractsPage"
LIST_PAGE = """query ContractsPage($customerId: ID!) {
  contracts(first: 50, filter: { customerId: $customerId }) { edges { node { number status
    customer { name } links { kind }
    versions { state documentUrl signedDocumentUrl signatures { party signerName } } } } } }"""


def test_a_contract_list_page_costs_the_same_statements_whatever_its_length(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)

    def statements(rows: int) -> int:
        tenant.client.data(LIST_PAGE, {"customerId": customer.customer_id})
        before = statements_so_far(api, LIST_OPERATION)
        edges = tenant.client.data(LIST_PAGE, {"customerId": customer.customer_id})
        assert len(edges["contracts"]["edges"]) == rows
        return int(statements_so_far(api, LIST_OPERATION) - before)

    for _ in range(2):
        signed_contract(tenant, customer)
    with_2 = statements(2)
    for _ in range(6):
        signed_contract(tenant, customer)
    assert statements(8) == with_2


def test_a_contract_an_integrator_created_renews_and_reminds_its_customers_owner(
    api: GraphQLClient, stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    machine = integrator(api, tenant, ["manager"])
    data = {
        "customerId": customer.customer_id,
        "title": "Supply agreement",
        "terms": terms(startDate="2032-01-01", noticeDays=30),
        "send": True,
    }
    payload = machine.data(CREATE, {"input": data})["createContract"]
    assert payload["userErrors"] == []
    contract = payload["contract"]
    assert sign(customer, portal_version(customer, contract["id"], 1))["userErrors"] == []
    assert run_day(stack, tenant, "2032-10-02") == 2
    assert {kind for _, _, _, kind in reminders_of(stack, contract["id"])} == {"owner", "customer"}
    run_day(stack, tenant, "2033-01-01")
    assert contract_of(tenant, contract["id"])["currentTermEnd"] == "2033-12-31"


ORDER_CONTRACTS = """query OrderContracts($id: ID!) { node(id: $id) {
  ... on Order { contracts { number quoteNumber } } } }"""


def test_an_order_shows_the_contracts_that_cover_it(api: GraphQLClient, stack: Stack) -> None:
    shop = open_shop(api)
    order = created_order(shop.owner, order_input(shop, (shop.sku_id, "1")))
    assert shop.owner.client.data(ORDER_CONTRACTS, {"id": order["id"]})["node"]["contracts"] == []

    async def accept(actor: Any) -> uuid.UUID:
        return await contracts.create_contract_for_quote(
            actor,
            contracts.QuoteContract(
                customer_id=row_uuid(shop.customer_id),
                quote_id=uuid.uuid4(),
                quote_number="Q-000042",
                template_id=None,
                start_date=TODAY,
                initial_term_months=12,
                renewal_type=contracts.RenewalType.NONE,
                renewal_term_months=None,
                notice_days=30,
                order_ids=[row_uuid(order["id"])],
            ),
        )

    run_as(stack, StaffUser.of(shop.owner), accept)
    [found] = shop.owner.client.data(ORDER_CONTRACTS, {"id": order["id"]})["node"]["contracts"]
    assert found["quoteNumber"] == "Q-000042"


def test_a_contract_renders_a_chinese_customers_name(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox, "上海远航贸易有限公司")
    contract = created(tenant, customer.customer_id, title="年度维护合同")
    document = fetch(stack, contract["versions"][0]["documentUrl"])
    text = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert "上海远航贸易有限公司" in text and "年度维护合同" in text


def test_two_workers_running_the_same_day_send_each_reminder_once(
    stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox)
    contract = signed_contract(tenant, customer, terms=terms(startDate="2034-01-01", noticeDays=30))
    sent = all_at_once([lambda: run_day(stack, tenant, "2034-10-02")] * 2)
    assert sum(sent) == 2
    assert len(reminders_of(stack, contract["id"])) == 2
