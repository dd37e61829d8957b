import { graphql } from '../../gql';

export const OrdersList = graphql(`
  query OrdersList($first: Int, $after: String, $filter: OrderFilterInput, $orderBy: OrderSort!) {
    orders(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges {
        node {
          id
          number
          status
          priority
          channel
          tags
          createdAt
          requestedDeliveryDate
          total {
            amount
            currency
          }
          customer {
            id
            name
          }
          shippingProgress {
            shipped
            ordered
            partial
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

export const OrderViews = graphql(`
  query OrderViews {
    orderViews {
      id
      name
      shared
      filters
      sort
      mine
      ownerLabel
    }
  }
`);

export const SaveOrderView = graphql(`
  mutation SaveOrderView($input: SaveOrderViewInput!) {
    saveOrderView(input: $input) {
      view {
        id
        name
        shared
        filters
        sort
        mine
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const DeleteOrderView = graphql(`
  mutation DeleteOrderView($id: ID!) {
    deleteOrderView(id: $id) {
      deletedId
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const OrderBoard = graphql(`
  query OrderBoard($first: Int) {
    orderBoard(first: $first) {
      status
      orders {
        edges {
          node {
            ...BoardCard
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const OrderBoardColumn = graphql(`
  query OrderBoardColumn($status: OrderStatus!, $first: Int, $after: String) {
    orderBoardColumn(status: $status, first: $first, after: $after) {
      edges {
        node {
          ...BoardCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const BoardCard = graphql(`
  fragment BoardCard on Order {
    id
    number
    status
    priority
    rank
    version
    total {
      amount
      currency
    }
    customer {
      id
      name
    }
    availableTransitions {
      action
      label
      toStatus
    }
    shippingProgress {
      shipped
      ordered
      partial
    }
  }
`);

export const MoveOrderOnBoard = graphql(`
  mutation MoveOrderOnBoard($input: MoveOrderOnBoardInput!) {
    moveOrderOnBoard(input: $input) {
      order {
        id
        rank
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const TransitionOrder = graphql(`
  mutation TransitionOrder($input: TransitionOrderInput!) {
    transitionOrder(input: $input) {
      order {
        id
        status
        version
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const OrderDetail = graphql(`
  query OrderDetail($number: String!) {
    orderByNumber(number: $number) {
      id
      number
      status
      channel
      externalRef
      priority
      tags
      notes
      requestedDeliveryDate
      currency
      version
      createdAt
      updatedAt
      carrier
      trackingNumber
      shippedAt
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
      taxByRate {
        rate
        taxableAmount {
          amount
        }
        tax {
          amount
        }
      }
      total {
        amount
        currency
      }
      paymentStatus
      amountPaid {
        amount
        currency
      }
      amountDue {
        amount
        currency
      }
      amountRefunded {
        amount
        currency
      }
      paymentTerms {
        kind
        netDays
        instalments {
          percent
          trigger
          daysAfter
          label
        }
      }
      customer {
        id
        name
      }
      shipTo {
        label
        recipient
        phone
        line1
        line2
        city
        region
        postalCode
        country
      }
      billTo {
        label
        recipient
        phone
        line1
        line2
        city
        region
        postalCode
        country
      }
      lines {
        id
        lineNo
        skuCode
        description
        quantity
        discountPercent
        taxRate
        priceSource
        priceRule {
          kind
          bookName
          minQuantity
        }
        reservedQuantity
        backorderedQuantity
        shippedQuantity
        unitPrice {
          amount
          currency
        }
        lineSubtotal {
          amount
          currency
        }
        taxAmount {
          amount
          currency
        }
        lineTotal {
          amount
          currency
        }
        sku {
          id
        }
      }
      statusHistory {
        fromStatus
        toStatus
        action
        actorLabel
        noteCode
        noteParams
        comment
        createdAt
      }
      availableTransitions {
        action
        label
        toStatus
      }
    }
  }
`);

export const SkuStock = graphql(`
  query SkuStock($skuId: ID!) {
    stockLevels(skuId: $skuId, first: 100) {
      edges {
        node {
          id
          available
        }
      }
    }
  }
`);

export const OrderFormCustomer = graphql(`
  query OrderFormCustomer($id: ID!) {
    node(id: $id) {
      ... on Customer {
        id
        name
        addresses {
          id
          kind
          label
          recipient
          line1
          city
          country
          isDefault
        }
        paymentTerms {
          kind
          netDays
          instalments {
            percent
            trigger
            daysAfter
            label
          }
        }
      }
    }
  }
`);

export const CreateOrder = graphql(`
  mutation CreateOrder($input: CreateOrderInput!) {
    createOrder(input: $input) {
      order {
        id
        number
        status
      }
      userErrors {
        ...UserErrorFields
        code
        params
      }
    }
  }
`);
