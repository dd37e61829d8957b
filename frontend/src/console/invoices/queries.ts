import { graphql } from '../../gql';

export const InvoiceRowFields = graphql(`
  fragment InvoiceRowFields on Invoice {
    id
    number
    kind
    basis
    status
    orderId
    orderNumber
    customerId
    customerName
    issuedOn
    dueDate
    pdfUrl
    createdAt
    creditedInvoiceId
    creditedInvoiceNumber
    total {
      amount
      currency
    }
    amountDue {
      amount
      currency
    }
  }
`);

export const InvoicesList = graphql(`
  query InvoicesList($first: Int, $after: String, $filter: InvoiceFilter) {
    invoices(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...InvoiceRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const InvoiceFields = graphql(`
  fragment InvoiceFields on Invoice {
    ...InvoiceRowFields
    receivableId
    shipmentId
    refundId
    reason
    issuedByLabel
    voidedAt
    voidReason
    emailedTo
    emailedAt
    sellerName
    billTo
    subtotal {
      amount
      currency
    }
    discountTotal {
      amount
      currency
    }
    taxTotal {
      amount
      currency
    }
    amountPaid {
      amount
      currency
    }
    amountCredited {
      amount
      currency
    }
    taxBreakdown {
      rate
      taxable {
        amount
        currency
      }
      tax {
        amount
        currency
      }
    }
    lines {
      lineNo
      skuCode
      description
      quantity
      taxRate
      unitPrice {
        amount
        currency
      }
      subtotal {
        amount
        currency
      }
      discount {
        amount
        currency
      }
      tax {
        amount
        currency
      }
      total {
        amount
        currency
      }
    }
  }
`);

export const InvoiceDetail = graphql(`
  query InvoiceDetail($number: String!) {
    invoiceByNumber(number: $number) {
      ...InvoiceFields
    }
  }
`);

export const InvoiceOptionsQuery = graphql(`
  query InvoiceOptions($orderId: ID!) {
    invoiceOptions(orderId: $orderId) {
      orderId
      invoicedAs
      canInvoiceWholeOrder
      invoicedReceivableIds
      instalments {
        id
        sequence
        term {
          kind
          percent
          trigger
          daysAfter
        }
        dueDate
        status
        amount {
          amount
          currency
        }
      }
      shipments {
        id
        number
        shippedAt
        invoiced
      }
    }
  }
`);

export const IssueInvoice = graphql(`
  mutation IssueInvoice($input: IssueInvoiceInput!) {
    issueInvoice(input: $input) {
      invoice {
        ...InvoiceRowFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const VoidInvoice = graphql(`
  mutation VoidInvoice($input: VoidInvoiceInput!) {
    voidInvoice(input: $input) {
      invoice {
        ...InvoiceFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const IssueCreditNote = graphql(`
  mutation IssueCreditNote($input: IssueCreditNoteInput!) {
    issueCreditNote(input: $input) {
      creditNote {
        ...InvoiceRowFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const SendInvoice = graphql(`
  mutation SendInvoice($invoiceId: ID!) {
    sendInvoice(invoiceId: $invoiceId) {
      invoice {
        id
        emailedTo
        emailedAt
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
