import { graphql } from '../../gql';

export const ReceivableFields = graphql(`
  fragment ReceivableFields on Receivable {
    id
    orderId
    orderNumber
    customerId
    customerName
    sequence
    term {
      kind
      percent
      trigger
      daysAfter
    }
    dueDate
    daysOverdue
    status
    createdAt
    amount {
      amount
      currency
    }
    amountPaid {
      amount
      currency
    }
    amountOpen {
      amount
      currency
    }
  }
`);

export const ReceivablesList = graphql(`
  query ReceivablesList($first: Int, $after: String, $filter: ReceivableFilter) {
    receivables(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...ReceivableFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PaymentRowFields = graphql(`
  fragment PaymentRowFields on Payment {
    id
    number
    customerId
    customerName
    method
    receivedOn
    reference
    createdAt
    amount {
      amount
      currency
    }
    amountAllocated {
      amount
      currency
    }
  }
`);

export const PaymentsList = graphql(`
  query PaymentsList($first: Int, $after: String, $filter: PaymentFilter) {
    payments(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...PaymentRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PaymentDetail = graphql(`
  query PaymentDetail($number: String!) {
    paymentByNumber(number: $number) {
      ...PaymentRowFields
      note
      recordedByLabel
      allocations {
        receivableId
        orderId
        orderNumber
        amount {
          amount
          currency
        }
      }
    }
  }
`);

export const AgingReport = graphql(`
  query AgingReport($customerId: ID) {
    agingReport(customerId: $customerId) {
      asOf
      currency
      total {
        current
        days1To30
        days31To60
        days61To90
        over90
        total
      }
      customers {
        customerId
        customerName
        buckets {
          current
          days1To30
          days31To60
          days61To90
          over90
          total
        }
      }
    }
  }
`);

export const RecordPayment = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      payment {
        ...PaymentRowFields
        allocations {
          receivableId
          orderId
          orderNumber
          amount {
            amount
            currency
          }
        }
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
