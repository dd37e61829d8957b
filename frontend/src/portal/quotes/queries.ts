import { graphql } from '../../gql';

export const MyQuotesList = graphql(`
  query MyQuotesList($first: Int!, $after: String) {
    myQuotes(first: $first, after: $after) {
      edges {
        node {
          id
          number
          status
          validUntil
          sentAt
          latest {
            version
            total {
              amount
              currency
            }
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

export const MyQuoteDetailFields = graphql(`
  fragment MyQuoteDetailFields on CustomerQuote {
    id
    number
    status
    currentVersion
    validUntil
    declineReason
    sentAt
    acceptedAt
    declinedAt
    orderId
    orderNumber
    subscriptionId
    contractId
    versions {
      version
      validUntil
      sentAt
      pdfUrl
      notes
      subtotal {
        amount
        currency
      }
      taxTotal {
        amount
        currency
      }
      total {
        amount
        currency
      }
      lines {
        lineNo
        kind
        skuCode
        description
        billingPeriod
        quantity
        unitPrice {
          amount
          currency
        }
        discountPercent
        total {
          amount
          currency
        }
      }
    }
  }
`);

export const MyQuoteDetail = graphql(`
  query MyQuoteDetail($id: ID!) {
    myQuote(id: $id) {
      ...MyQuoteDetailFields
    }
  }
`);

export const AcceptMyQuote = graphql(`
  mutation AcceptMyQuote($input: AcceptQuoteInput!) {
    acceptQuote(input: $input) {
      quote {
        ...MyQuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const DeclineMyQuote = graphql(`
  mutation DeclineMyQuote($input: DeclineQuoteInput!) {
    declineQuote(input: $input) {
      quote {
        ...MyQuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
