import { graphql } from '../../gql';

export const MyContractsList = graphql(`
  query MyContractsList($first: Int!, $after: String) {
    myContracts(first: $first, after: $after) {
      edges {
        node {
          id
          number
          title
          status
          currentTermEnd
          noticeDeadline
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MyContractDetail = graphql(`
  query MyContractDetail($id: ID!) {
    myContract(id: $id) {
      id
      number
      title
      status
      startDate
      currentTermEnd
      noticeDeadline
      versions {
        id
        number
        state
        fileName
        sha256
        documentUrl
        signedDocumentUrl
        expiresAt
        signatures {
          party
          signerName
          signedAt
        }
      }
    }
  }
`);

export const SignContract = graphql(`
  mutation SignContract($input: SignContractInput!) {
    signContract(input: $input) {
      contract {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const DeclineContract = graphql(`
  mutation DeclineContract($input: DeclineContractInput!) {
    declineContract(input: $input) {
      contract {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
