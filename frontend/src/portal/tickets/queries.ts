import { graphql } from '../../gql';

export const PortalTicketsList = graphql(`
  query PortalTicketsList($first: Int!, $after: String) {
    portalTickets(first: $first, after: $after) {
      edges {
        node {
          id
          number
          subject
          status
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

export const PortalTicketDetail = graphql(`
  query PortalTicketDetail($id: ID!) {
    portalTicket(id: $id) {
      id
      number
      subject
      description
      status
      orderId
      createdAt
      solvedAt
      closedAt
      category {
        key
        name
      }
      attachments {
        id
        fileName
        contentType
        sizeBytes
        url
      }
      messages {
        id
        fromCustomer
        authorName
        body
        createdAt
        attachments {
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

export const PortalTicketCategories = graphql(`
  query PortalTicketCategories {
    portalTicketCategories {
      key
      name
    }
  }
`);

export const PortalCreateTicket = graphql(`
  mutation PortalCreateTicket($input: PortalCreateTicketInput!) {
    portalCreateTicket(input: $input) {
      ticket {
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

export const PortalReplyToTicket = graphql(`
  mutation PortalReplyToTicket($input: PortalReplyToTicketInput!) {
    portalReplyToTicket(input: $input) {
      ticket {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
