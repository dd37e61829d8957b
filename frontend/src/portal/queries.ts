import { graphql } from '../gql';

export const PortalCatalog = graphql(`
  query PortalCatalog($search: String, $first: Int, $after: String) {
    portalCatalog(search: $search, first: $first, after: $after) {
      edges {
        node {
          id
          code
          name
          productName
          unit
          minOrderQuantity
          packSize
          taxRate
          availability
          unitPrice {
            amount
            currency
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

export const PortalQuote = graphql(`
  query PortalQuote($skuId: ID!, $quantity: Decimal!) {
    portalQuote(skuId: $skuId, quantity: $quantity) {
      quantity
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
      item {
        id
        taxRate
        availability
      }
      issues {
        field
        code
        message
      }
    }
  }
`);

export const PortalAddresses = graphql(`
  query PortalAddresses {
    portalAddresses {
      id
      kind
      label
      recipient
      line1
      line2
      city
      region
      postalCode
      country
      isDefault
    }
  }
`);

export const PortalPlaceOrder = graphql(`
  mutation PortalPlaceOrder($input: PortalPlaceOrderInput!) {
    portalPlaceOrder(input: $input) {
      order {
        id
        number
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const PortalOrdersList = graphql(`
  query PortalOrdersList($first: Int, $after: String) {
    portalOrders(first: $first, after: $after) {
      edges {
        node {
          id
          number
          status
          createdAt
          requestedDeliveryDate
          total {
            amount
            currency
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

export const PortalOrderDetail = graphql(`
  query PortalOrderDetail($id: ID!) {
    portalOrder(id: $id) {
      id
      number
      status
      paymentStatus
      createdAt
      requestedDeliveryDate
      carrier
      trackingNumber
      amountDue {
        amount
        currency
      }
      subtotal {
        amount
        currency
      }
      discountTotal {
        amount
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
      refunds {
        number
        status
        amount {
          amount
          currency
        }
        requestedAt
        completedAt
      }
      shipTo {
        label
        recipient
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
        line1
        line2
        city
        region
        postalCode
        country
      }
      lines {
        skuCode
        description
        quantity
        shippedQuantity
        discountPercent
        taxRate
        unitPrice {
          amount
          currency
        }
        lineSubtotal {
          amount
          currency
        }
        lineTotal {
          amount
          currency
        }
      }
      timeline {
        milestone
        state
        reachedAt
      }
      shipments {
        number
        status
        carrier
        trackingNumber
        shippedAt
        deliveredAt
        lines {
          skuCode
          description
          quantity
        }
      }
    }
  }
`);

export const PortalAccountQuery = graphql(`
  query PortalAccount {
    portalAccount {
      openBalance {
        amount
        currency
      }
      receivables {
        orderId
        orderNumber
        term {
          kind
          percent
          trigger
          daysAfter
        }
        amountOpen {
          amount
          currency
        }
        dueDate
        overdue
      }
      payments {
        number
        method
        amount {
          amount
          currency
        }
        receivedOn
        orderNumbers
      }
    }
  }
`);

export const OnlinePaymentFields = graphql(`
  fragment OnlinePaymentFields on OnlinePayment {
    paymentIntentId
    clientSecret
    publishableKey
    stripeJsUrl
    amount {
      amount
      currency
    }
    paymentMethods
  }
`);

export const PayOrderOnline = graphql(`
  mutation PayOrderOnline($orderId: ID!) {
    payOrderOnline(orderId: $orderId) {
      payment {
        ...OnlinePaymentFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const PortalInvoices = graphql(`
  query PortalInvoices {
    portalInvoices {
      id
      number
      kind
      status
      orderId
      orderNumber
      issuedOn
      dueDate
      pdfUrl
      total {
        amount
        currency
      }
      amountPaid {
        amount
        currency
      }
      amountDue {
        amount
        currency
      }
    }
  }
`);

export const PayInvoiceOnline = graphql(`
  mutation PayInvoiceOnline($invoiceId: ID!) {
    payInvoiceOnline(invoiceId: $invoiceId) {
      payment {
        ...OnlinePaymentFields
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const PortalLanguageQuery = graphql(`
  query PortalLanguage {
    portalViewer {
      contact {
        email
        locale
      }
    }
  }
`);

export const SetPortalLanguage = graphql(`
  mutation SetPortalLanguage($locale: String) {
    setPortalLanguage(locale: $locale) {
      contact {
        email
        locale
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
