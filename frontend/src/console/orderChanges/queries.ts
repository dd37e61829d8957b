import { graphql } from '../../gql';

export const OrderChangeRequestFields = graphql(`
  fragment OrderChangeRequestFields on OrderChangeRequest {
    id
    orderNumber
    status
    reason
    requestedByLabel
    requestedByMe
    createdAt
    decidedByLabel
    decidedAt
    decisionNote
    closedByOrderStatus
    deliveryDateChanged
    requestedDeliveryDateBefore
    requestedDeliveryDateAfter
    shipToChanged
    shipToBefore {
      recipient
      line1
      city
      country
    }
    shipToAfter {
      recipient
      line1
      city
      country
    }
    totalBefore {
      amount
      currency
    }
    totalAfter {
      amount
      currency
    }
    lines {
      orderLineId
      lineNo
      skuCode
      quantityBefore
      quantityAfter
      unitPriceBefore {
        amount
        currency
      }
      priceSourceBefore
      unitPriceAfter {
        amount
        currency
      }
      priceRuleAfter {
        kind
        bookName
        minQuantity
      }
    }
  }
`);

export const OrderChangePanel = graphql(`
  query OrderChangePanel($id: ID!) {
    node(id: $id) {
      id
      ... on Order {
        status
        version
        requestedDeliveryDate
        customer {
          id
          addresses {
            id
            kind
            label
            recipient
            line1
            city
          }
        }
        lines {
          id
          lineNo
          skuCode
          description
          quantity
          shippedQuantity
        }
        changeRequests {
          ...OrderChangeRequestFields
        }
      }
    }
  }
`);

export const OrderChangeRequestsList = graphql(`
  query OrderChangeRequestsList($status: OrderChangeStatus, $first: Int, $after: String) {
    orderChangeRequests(status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...OrderChangeRequestFields
          order {
            id
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

export const RequestOrderChange = graphql(`
  mutation RequestOrderChange($input: RequestOrderChangeInput!) {
    requestOrderChange(input: $input) {
      changeRequest {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const DecideOrderChange = graphql(`
  mutation DecideOrderChange($input: DecideOrderChangeInput!) {
    decideOrderChange(input: $input) {
      changeRequest {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const WithdrawOrderChange = graphql(`
  mutation WithdrawOrderChange($id: ID!) {
    withdrawOrderChange(changeRequestId: $id) {
      changeRequest {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
