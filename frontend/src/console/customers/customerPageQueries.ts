import { graphql } from '../../gql';

/** The customer 360 page's own reads; the profile, credit, contacts and addresses cards
 * read `CustomerDetail` (queries.ts) as the drawer did. */
export const CustomerSummary = graphql(`
  query CustomerSummary($id: ID!) {
    node(id: $id) {
      ... on Customer {
        id
        openBalance {
          amount
          currency
        }
        creditLimit {
          amount
          currency
        }
      }
    }
  }
`);

export const CustomerOrders = graphql(`
  query CustomerOrders($customerId: ID!, $first: Int!) {
    orders(first: $first, filter: { customerId: $customerId }) {
      edges {
        node {
          id
          number
          status
          createdAt
          total {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const CustomerInvoices = graphql(`
  query CustomerInvoices($customerId: ID!, $first: Int!) {
    invoices(first: $first, filter: { customerId: $customerId }) {
      edges {
        node {
          id
          number
          kind
          status
          issuedOn
          total {
            amount
            currency
          }
          amountDue {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const CustomerPayments = graphql(`
  query CustomerPayments($customerId: ID!, $first: Int!) {
    payments(first: $first, filter: { customerId: $customerId }) {
      edges {
        node {
          id
          number
          method
          receivedOn
          amount {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const CustomerTimeline = graphql(`
  query CustomerTimeline($id: ID!, $first: Int!) {
    node(id: $id) {
      ... on Customer {
        id
        timeline(first: $first) {
          at
          kind
          action
          actorName
          orderId
          orderNumber
          subject
          text
          fromStatus
          toStatus
        }
      }
    }
  }
`);
