import { graphql } from '../../gql';

export const OrderShipments = graphql(`
  query OrderShipments($id: ID!) {
    node(id: $id) {
      id
      ... on Order {
        number
        status
        version
        lines {
          id
          lineNo
          skuCode
          description
          quantity
          shippedQuantity
        }
        shipments {
          id
          number
          status
          carrier
          trackingNumber
          note
          shippedAt
          deliveredAt
          warehouse {
            id
            code
            name
          }
          lines {
            quantity
            orderLine {
              id
              lineNo
              skuCode
            }
          }
        }
      }
    }
  }
`);

export const CreateShipment = graphql(`
  mutation CreateShipment($input: CreateShipmentInput!) {
    createShipment(input: $input) {
      shipment {
        id
        number
      }
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

export const MarkShipmentDelivered = graphql(`
  mutation MarkShipmentDelivered($input: MarkShipmentDeliveredInput!) {
    markShipmentDelivered(input: $input) {
      shipment {
        id
        number
        status
        deliveredAt
      }
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
