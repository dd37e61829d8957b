"""Contract use cases, the one module other domains import: creating contracts (`creating`,
including `create_contract_for_quote` for accepted quotes and `check_terms` for quote
forms), their versions (`versions`), signing (`signing`), terminating and renewing
(`terms`), reading (`reading`), templates and settings, and the daily run (`reminders`).

Permissions: contracts:read, :write (create, send, amend, revoke, terminate, renew),
:countersign (the company's signature), :configure (templates, reminder ladder); a portal
contact reads, signs and declines their own customer's contracts.
"""

from __future__ import annotations

from contracts.creating import (
    NewContract,
    QuoteContract,
    Terms,
    check_terms,
    create_contract,
    create_contract_for_quote,
)
from contracts.lifecycle import refresh
from contracts.reading import (
    ContractFilter,
    contracts_by_id,
    contracts_of_customers,
    contracts_of_quotes,
    contracts_of_targets,
    get_contract,
    links_of_contracts,
    list_contracts,
    portal_contracts,
    signatures_of_versions,
    versions_by_id,
    versions_of_contracts,
)
from contracts.reminders import process_contract, run_contract_day
from contracts.rules import ContractStatus, LinkKind, RenewalType, SignatureState
from contracts.settings import ContractRules, contract_rules, update_contract_rules
from contracts.signing import (
    SignatureInput,
    countersign_version,
    decline_version,
    sign_version,
)
from contracts.storing import files_of_versions
from contracts.templates import (
    TemplateInfo,
    TemplateInput,
    contract_templates,
    list_templates,
    save_template,
)
from contracts.terms import renew_contract, terminate_contract
from contracts.versions import amend_contract, revoke_version, send_version

__all__ = [
    "ContractFilter",
    "ContractRules",
    "ContractStatus",
    "LinkKind",
    "NewContract",
    "QuoteContract",
    "RenewalType",
    "SignatureInput",
    "SignatureState",
    "TemplateInfo",
    "TemplateInput",
    "Terms",
    "amend_contract",
    "check_terms",
    "contract_rules",
    "contract_templates",
    "contracts_by_id",
    "contracts_of_customers",
    "contracts_of_quotes",
    "contracts_of_targets",
    "countersign_version",
    "create_contract",
    "create_contract_for_quote",
    "decline_version",
    "files_of_versions",
    "get_contract",
    "links_of_contracts",
    "list_contracts",
    "list_templates",
    "portal_contracts",
    "process_contract",
    "refresh",
    "renew_contract",
    "revoke_version",
    "run_contract_day",
    "save_template",
    "send_version",
    "sign_version",
    "signatures_of_versions",
    "terminate_contract",
    "update_contract_rules",
    "versions_by_id",
    "versions_of_contracts",
]
