import { graphql } from '../../gql';

export const ReturnRowFields = graphql(`
  fragment ReturnRowFields on Return {
    id
    number
    status
    wish
    channel
    createdAt
    updatedAt
    customer {
      id
      name
    }
    order {
      id
      number
    }
  }
`);

export const ReturnDetailFields = graphql(`
  fragment ReturnDetailFields on Return {
    ...ReturnRowFields
    declineReason
    approvedAt
    declinedAt
    receivedAt
    inspectedAt
    resolvedAt
    closedAt
    cancelledAt
    resolution
    refundId
    refundAmount {
      amount
      currency
    }
    exchangeOrder {
      id
      number
    }
    approvalRequestId
    labelUrl
    resolutionPreview {
      refundAmount {
        amount
        currency
      }
      passedQuantity
      lines {
        returnLineId
        skuCode
        passedQuantity
        refund {
          amount
          currency
        }
      }
    }
    lines {
      id
      lineNo
      skuCode
      description
      quantity
      reason
      comment
      photos {
        id
        fileName
        contentType
        sizeBytes
        url
      }
      unitPrice {
        amount
        currency
      }
      receivedQuantity
      inspectedQuantity
      quarantinedQuantity
      inspections {
        id
        quantity
        grade
        disposition
        note
        createdAt
        warehouse {
          id
          code
        }
        stockedSku {
          id
          code
        }
      }
    }
  }
`);

export const ReturnsList = graphql(`
  query ReturnsList($first: Int!, $after: String, $filter: ReturnFilterInput) {
    returns(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...ReturnRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ReturnDetail = graphql(`
  query ReturnDetail($number: String!) {
    returnByNumber(number: $number) {
      ...ReturnDetailFields
    }
  }
`);

export const ApproveReturn = graphql(`
  mutation ApproveReturn($returnId: ID!) {
    approveReturn(returnId: $returnId) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const DeclineReturn = graphql(`
  mutation DeclineReturn($input: DeclineReturnInput!) {
    declineReturn(input: $input) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ReceiveReturn = graphql(`
  mutation ReceiveReturn($input: ReceiveReturnInput!) {
    receiveReturn(input: $input) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const InspectReturnLine = graphql(`
  mutation InspectReturnLine($input: InspectReturnLineInput!) {
    inspectReturnLine(input: $input) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ResolveReturn = graphql(`
  mutation ResolveReturn($returnId: ID!, $resolution: ReturnWish) {
    resolveReturn(returnId: $returnId, resolution: $resolution) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CloseReturn = graphql(`
  mutation CloseReturn($returnId: ID!) {
    closeReturn(returnId: $returnId) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CancelReturn = graphql(`
  mutation CancelReturn($returnId: ID!) {
    cancelReturn(returnId: $returnId) {
      return {
        ...ReturnDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ReturnByNumberRow = graphql(`
  query ReturnByNumberRow($number: String!) {
    returnByNumber(number: $number) {
      ...ReturnRowFields
    }
  }
`);

export const CreateReturn = graphql(`
  mutation CreateReturn($input: CreateReturnInput!) {
    createReturn(input: $input) {
      return {
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

export const OrderReturns = graphql(`
  query OrderReturns($orderId: ID!) {
    returns(first: 50, filter: { orderId: $orderId }) {
      edges {
        node {
          ...ReturnRowFields
        }
      }
    }
  }
`);

export const ExchangeForReturn = graphql(`
  query ExchangeForReturn($orderId: ID!) {
    node(id: $orderId) {
      id
      ... on Order {
        exchangeForReturn {
          id
          number
          order {
            id
            number
          }
        }
      }
    }
  }
`);

export const ReturnSettingsQuery = graphql(`
  query ReturnSettingsQuery {
    returnSettings {
      windowDays
      approvalThreshold
      returnAddress {
        name
        line1
        line2
        city
        region
        postalCode
        country
        phone
      }
    }
  }
`);

export const UpdateReturnSettings = graphql(`
  mutation UpdateReturnSettings(
    $windowDays: Int!
    $approvalThreshold: Decimal
    $returnAddress: ReturnAddressInput
  ) {
    updateReturnSettings(
      windowDays: $windowDays
      approvalThreshold: $approvalThreshold
      returnAddress: $returnAddress
    ) {
      settings {
        windowDays
        approvalThreshold
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
