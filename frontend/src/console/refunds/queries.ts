import { graphql } from '../../gql';

export const RefundFields = graphql(`
  fragment RefundFields on Refund {
    id
    number
    status
    paymentId
    paymentNumber
    orderId
    orderNumber
    customerId
    customerName
    method
    reason
    reasonNote
    requestedByLabel
    requestedByViewer
    decidedByLabel
    decidedAt
    decisionNote
    executedAt
    stripeRefundId
    externalReference
    failureMessage
    createdAt
    amount {
      amount
      currency
    }
    creditNote {
      id
      number
    }
  }
`);

export const RefundsList = graphql(`
  query RefundsList($first: Int, $after: String, $filter: RefundFilter) {
    refunds(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...RefundFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const RefundablePayments = graphql(`
  query RefundablePayments($orderId: ID!) {
    refundablePayments(orderId: $orderId) {
      paymentId
      number
      method
      receivedOn
      amount {
        amount
        currency
      }
      amountRefundable {
        amount
        currency
      }
    }
  }
`);

export const RequestRefund = graphql(`
  mutation RequestRefund($input: RequestRefundInput!) {
    requestRefund(input: $input) {
      refund {
        ...RefundFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const ExecuteRefund = graphql(`
  mutation ExecuteRefund($input: ExecuteRefundInput!) {
    executeRefund(input: $input) {
      refund {
        ...RefundFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const RejectRefund = graphql(`
  mutation RejectRefund($input: RejectRefundInput!) {
    rejectRefund(input: $input) {
      refund {
        ...RefundFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const PaymentRefunds = graphql(`
  query PaymentRefunds($id: ID!) {
    node(id: $id) {
      id
      ... on Payment {
        number
        amountRefunded {
          amount
          currency
        }
        amount {
          amount
          currency
        }
        refunds {
          ...RefundFields
        }
      }
    }
  }
`);

export const RefundSettingsQuery = graphql(`
  query RefundSettings {
    refundSettings {
      fourEyes
    }
  }
`);

export const UpdateRefundSettings = graphql(`
  mutation UpdateRefundSettings($input: UpdateRefundSettingsInput!) {
    updateRefundSettings(input: $input) {
      settings {
        fourEyes
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
