import { graphql } from '../../gql';

export const QuoteRowFields = graphql(`
  fragment QuoteRowFields on Quote {
    id
    number
    status
    currentVersion
    validUntil
    createdAt
    sentAt
    customer {
      id
      name
    }
    current {
      total {
        amount
        currency
      }
    }
  }
`);

export const QuoteDetailFields = graphql(`
  fragment QuoteDetailFields on Quote {
    ...QuoteRowFields
    currency
    declineReason
    acceptedAt
    acceptedByCustomer
    acceptedVersion
    declinedAt
    expiredAt
    withdrawnAt
    subscriptionId
    contractId
    order {
      id
      number
    }
    contractRequest {
      templateId
      startDate
      initialTermMonths
      renewalType
      renewalTermMonths
      noticeDays
    }
    versions {
      version
      validUntil
      notes
      sentAt
      pdfUrl
      subtotal {
        amount
        currency
      }
      discountTotal {
        amount
      }
      taxTotal {
        amount
      }
      total {
        amount
        currency
      }
      lines {
        lineNo
        kind
        skuId
        planId
        billingPeriod
        skuCode
        description
        quantity
        unitPrice {
          amount
          currency
        }
        priceSource
        priceSourceLabel
        discountPercent
        total {
          amount
        }
      }
    }
  }
`);

export const QuotesList = graphql(`
  query QuotesList($first: Int, $after: String, $filter: QuoteFilterInput) {
    quotes(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...QuoteRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const QuoteByNumber = graphql(`
  query QuoteByNumber($number: String!) {
    quotes(first: 1, filter: { number: $number }) {
      edges {
        node {
          ...QuoteDetailFields
        }
      }
    }
  }
`);

export const QuoteFormPreview = graphql(`
  query QuoteFormPreview($input: QuotePreviewInput!) {
    quotePreview(input: $input) {
      currency
      complete
      subtotal {
        amount
        currency
      }
      discountTotal {
        amount
      }
      taxTotal {
        amount
      }
      total {
        amount
        currency
      }
      approvals {
        level
      }
      issues {
        field
        code
        message
      }
      lines {
        kind
        skuCode
        description
        billingPeriod
        unitPrice {
          amount
          currency
        }
        priceSource
        priceSourceLabel
        total {
          amount
        }
      }
    }
  }
`);

export const QuotePlans = graphql(`
  query QuotePlans {
    subscriptionPlans(first: 100) {
      edges {
        node {
          id
          code
          name
          billingPeriod
        }
      }
    }
  }
`);

export const QuoteContractTemplates = graphql(`
  query QuoteContractTemplates {
    contractTemplates {
      id
      name
      isDefault
    }
  }
`);

export const CreateQuote = graphql(`
  mutation CreateQuote($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      quote {
        ...QuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateQuote = graphql(`
  mutation UpdateQuote($input: UpdateQuoteInput!) {
    updateQuote(input: $input) {
      quote {
        ...QuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const SendQuote = graphql(`
  mutation SendQuote($input: QuoteActionInput!) {
    sendQuote(input: $input) {
      quote {
        ...QuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ReviseQuote = graphql(`
  mutation ReviseQuote($input: QuoteActionInput!) {
    reviseQuote(input: $input) {
      quote {
        ...QuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const WithdrawQuote = graphql(`
  mutation WithdrawQuote($input: QuoteActionInput!) {
    withdrawQuote(input: $input) {
      quote {
        ...QuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const AcceptQuoteForCustomer = graphql(`
  mutation AcceptQuoteForCustomer($input: AcceptQuoteForCustomerInput!) {
    acceptQuoteForCustomer(input: $input) {
      quote {
        ...QuoteDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
