import { graphql } from '../../gql';

export const ContractsList = graphql(`
  query ContractsList($first: Int!, $after: String, $filter: ContractFilterInput) {
    contracts(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          number
          title
          status
          currentTermEnd
          noticeDeadline
          customer {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ContractDetail = graphql(`
  query ContractDetail($id: ID!) {
    contract(id: $id) {
      id
      number
      title
      status
      startDate
      initialTermMonths
      currentTermStart
      currentTermEnd
      noticeDeadline
      renewalType
      renewalTermMonths
      noticeDays
      minimumTermMonths
      renewalCount
      terminatedOn
      terminationReason
      quoteNumber
      customer {
        id
        name
      }
      links {
        kind
        targetId
      }
      versions {
        id
        number
        source
        state
        fileName
        sha256
        note
        amendsVersionId
        sentAt
        expiresAt
        documentUrl
        signedDocumentUrl
        signatures {
          party
          signerName
          signerTitle
          signedAt
          ipAddress
          userAgent
          documentSha256
        }
      }
    }
  }
`);

export const SendContractVersion = graphql(`
  mutation SendContractVersion($input: ContractVersionInput!) {
    sendContractVersion(input: $input) {
      contract {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const RevokeContractVersion = graphql(`
  mutation RevokeContractVersion($input: ContractVersionInput!) {
    revokeContractVersion(input: $input) {
      contract {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CountersignContract = graphql(`
  mutation CountersignContract($input: CountersignContractInput!) {
    countersignContract(input: $input) {
      contract {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const AmendContract = graphql(`
  mutation AmendContract($input: AmendContractInput!) {
    amendContract(input: $input) {
      version {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const TerminateContract = graphql(`
  mutation TerminateContract($input: TerminateContractInput!) {
    terminateContract(input: $input) {
      contract {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const RenewContract = graphql(`
  mutation RenewContract($input: RenewContractInput!) {
    renewContract(input: $input) {
      contract {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CustomerContracts = graphql(`
  query CustomerContracts($id: ID!) {
    node(id: $id) {
      ... on Customer {
        id
        contracts {
          id
          number
          title
          status
          currentTermEnd
        }
      }
    }
  }
`);

export const ContractTemplatesQuery = graphql(`
  query ContractTemplates {
    contractTemplates {
      id
      name
      body
      isDefault
    }
    contractSettings {
      reminderOffsets
    }
  }
`);

export const SaveContractTemplate = graphql(`
  mutation SaveContractTemplate($input: SaveContractTemplateInput!) {
    saveContractTemplate(input: $input) {
      template {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateContractSettings = graphql(`
  mutation UpdateContractSettings($input: UpdateContractSettingsInput!) {
    updateContractSettings(input: $input) {
      settings {
        reminderOffsets
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CreateContract = graphql(`
  mutation CreateContract($input: CreateContractInput!) {
    createContract(input: $input) {
      contract {
        id
        number
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
