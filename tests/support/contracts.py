"""Contracts in tests: the operations staff and the portal use, a customer with a portal
contact signed in, and creating, sending and signing contracts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.graphql import GraphQLClient, TenantSession, row_id
from tests.support.portal import portal_customer, sign_in_by_link
from tests.support.stack import Mailbox

ERRORS = "userErrors { field code message }"
VERSION_FIELDS = """id number source state fileName sha256 note amendsVersionId sentAt
  expiresAt signedAt documentUrl signedDocumentUrl
  signatures { party signerName signerTitle signedAt ipAddress userAgent documentSha256 }"""
CONTRACT_FIELDS = f"""id number title status startDate initialTermMonths currentTermStart
  currentTermEnd noticeDeadline renewalType renewalTermMonths noticeDays minimumTermMonths
  renewalCount terminatedOn terminationReason terminatedById quoteId
  customer {{ id name }} links {{ kind targetId }} versions {{ {VERSION_FIELDS} }}"""
CREATE = f"""mutation CreateContract($input: CreateContractInput!) {{
  createContract(input: $input) {{ contract {{ {CONTRACT_FIELDS} }} {ERRORS} }} }}"""
SEND = f"""mutation Send($input: ContractVersionInput!) {{
  sendContractVersion(input: $input) {{ contract {{ {CONTRACT_FIELDS} }} {ERRORS} }} }}"""
REVOKE = f"""mutation Revoke($input: ContractVersionInput!) {{
  revokeContractVersion(input: $input) {{ contract {{ {CONTRACT_FIELDS} }} {ERRORS} }} }}"""
AMEND = f"""mutation Amend($input: AmendContractInput!) {{
  amendContract(input: $input) {{ version {{ {VERSION_FIELDS} }} {ERRORS} }} }}"""
COUNTERSIGN = f"""mutation Countersign($input: CountersignContractInput!) {{
  countersignContract(input: $input) {{ contract {{ {CONTRACT_FIELDS} }} {ERRORS} }} }}"""
TERMINATE = f"""mutation Terminate($input: TerminateContractInput!) {{
  terminateContract(input: $input) {{ contract {{ {CONTRACT_FIELDS} }} {ERRORS} }} }}"""
RENEW = f"""mutation Renew($input: RenewContractInput!) {{
  renewContract(input: $input) {{ contract {{ {CONTRACT_FIELDS} }} {ERRORS} }} }}"""
CONTRACT = f"""query Contract($id: ID!) {{ contract(id: $id) {{ {CONTRACT_FIELDS} }} }}"""
CONTRACTS = """query Contracts($filter: ContractFilterInput, $first: Int) {
  contracts(filter: $filter, first: $first) { edges { node { id number status } } } }"""
TEMPLATES = "query Templates { contractTemplates { id name isDefault body } }"
SAVE_TEMPLATE = f"""mutation SaveTemplate($input: SaveContractTemplateInput!) {{
  saveContractTemplate(input: $input) {{ template {{ id name isDefault }} {ERRORS} }} }}"""
SETTINGS = "query Settings { contractSettings { reminderOffsets signatureDays } }"
UPDATE_SETTINGS = f"""mutation UpdateSettings($input: UpdateContractSettingsInput!) {{
  updateContractSettings(input: $input) {{ settings {{ reminderOffsets }} {ERRORS} }} }}"""
CUSTOMER_CONTRACTS = """query CustomerContracts($id: ID!) { node(id: $id) {
  ... on Customer { contracts { id number status } } } }"""

PORTAL_VERSION = """id number state fileName sha256 documentUrl signedDocumentUrl signedAt
  signatures { party signerName signerTitle ipAddress userAgent documentSha256 }"""
PORTAL_CONTRACT = f"""id number title status currentTermEnd noticeDeadline
  versions {{ {PORTAL_VERSION} }}"""
MY_CONTRACTS = (
    f"""query MyContracts {{ myContracts {{ edges {{ node {{ {PORTAL_CONTRACT} }} }} }} }}"""
)
MY_CONTRACT = f"""query MyContract($id: ID!) {{ myContract(id: $id) {{ {PORTAL_CONTRACT} }} }}"""
SIGN = f"""mutation Sign($input: SignContractInput!) {{
  signContract(input: $input) {{ contract {{ {PORTAL_CONTRACT} }} {ERRORS} }} }}"""
DECLINE = f"""mutation Decline($input: DeclineContractInput!) {{
  declineContract(input: $input) {{ contract {{ {PORTAL_CONTRACT} }} {ERRORS} }} }}"""


@dataclass
class SigningCustomer:
    """A customer whose contact is signed in to the portal."""

    customer_id: str
    email: str
    portal: GraphQLClient


def signing_customer(
    staff: TenantSession, mailbox: Mailbox, name: str = "Wayne Enterprises"
) -> SigningCustomer:
    found = portal_customer(staff, name)
    session = sign_in_by_link(staff.client, mailbox, staff.slug, found.email)
    return SigningCustomer(found.customer_id, found.email, staff.client.as_(session["accessToken"]))


def terms(**overrides: Any) -> dict[str, Any]:
    return {
        "startDate": "2026-01-01",
        "initialTermMonths": 12,
        "renewalType": "AUTOMATIC",
        "noticeDays": 90,
        **overrides,
    }


def create(staff: TenantSession, customer_id: str, **fields: Any) -> dict[str, Any]:
    data = {"customerId": customer_id, "title": "Maintenance agreement", "terms": terms()}
    payload: dict[str, Any] = staff.client.data(CREATE, {"input": {**data, **fields}})[
        "createContract"
    ]
    return payload


def created(staff: TenantSession, customer_id: str, **fields: Any) -> dict[str, Any]:
    payload = create(staff, customer_id, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    contract: dict[str, Any] = payload["contract"]
    return contract


def mutate(client: GraphQLClient, document: str, mutation: str, **data: Any) -> dict[str, Any]:
    payload: dict[str, Any] = client.data(document, {"input": data})[mutation]
    return payload


def portal_version(customer: SigningCustomer, contract_id: str, number: int) -> dict[str, Any]:
    found = customer.portal.data(MY_CONTRACT, {"id": row_id(contract_id)})["myContract"]
    [version] = [v for v in found["versions"] if v["number"] == number]
    result: dict[str, Any] = version
    return result


def sign(
    customer: SigningCustomer,
    version: dict[str, Any],
    headers: dict[str, str] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    data = {
        "versionId": version["id"],
        "documentSha256": version["sha256"],
        "signerName": "Lucius Fox",
        "signerTitle": "CEO",
        "accept": True,
        **overrides,
    }
    payload: dict[str, Any] = customer.portal.data(SIGN, {"input": data}, headers=headers)[
        "signContract"
    ]
    return payload


def signed_contract(
    staff: TenantSession, customer: SigningCustomer, **fields: Any
) -> dict[str, Any]:
    """A contract created, sent and signed by the customer in the portal."""
    contract = created(staff, customer.customer_id, send=True, **fields)
    version = portal_version(customer, contract["id"], 1)
    payload = sign(customer, version)
    assert payload["userErrors"] == [], payload["userErrors"]
    found: dict[str, Any] = staff.client.data(CONTRACT, {"id": contract["id"]})["contract"]
    return found
