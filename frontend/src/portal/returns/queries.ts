import { graphql } from '../../gql';

export const MyReturnsList = graphql(`
  query MyReturnsList($first: Int!, $after: String, $orderId: ID) {
    myReturns(first: $first, after: $after, orderId: $orderId) {
      edges {
        node {
          id
          number
          status
          orderId
          orderNumber
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MyReturnDetail = graphql(`
  query MyReturnDetail($id: ID!) {
    myReturn(id: $id) {
      id
      number
      status
      wish
      orderId
      orderNumber
      declineReason
      createdAt
      approvedAt
      declinedAt
      receivedAt
      inspectedAt
      resolvedAt
      closedAt
      cancelledAt
      resolution
      refundAmount {
        amount
        currency
      }
      exchangeOrderNumber
      labelUrl
      lines {
        lineNo
        skuCode
        description
        quantity
        reason
        comment
        receivedQuantity
        inspectedQuantity
        photos {
          id
          fileName
          contentType
          sizeBytes
          url
        }
      }
    }
  }
`);

export const MyReturnableLines = graphql(`
  query MyReturnableLines($orderId: ID!) {
    myReturnableLines(orderId: $orderId) {
      orderLineId
      lineNo
      skuCode
      description
      deliveredQuantity
      returnableQuantity
      productReturnable
    }
  }
`);

export const RequestReturn = graphql(`
  mutation PortalRequestReturn($input: RequestReturnInput!) {
    requestReturn(input: $input) {
      return {
        id
        number
      }
      userErrors {
        field
        code
        message
        params
      }
    }
  }
`);
