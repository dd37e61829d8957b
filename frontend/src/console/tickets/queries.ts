import { graphql } from '../../gql';

export const TicketRowFields = graphql(`
  fragment TicketRowFields on Ticket {
    id
    number
    subject
    status
    priority
    categoryKey
    category {
      key
      name
    }
    updatedAt
    createdAt
    customer {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const TicketsList = graphql(`
  query TicketsList($first: Int!, $after: String, $filter: TicketFilterInput) {
    tickets(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...TicketRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const TicketDetail = graphql(`
  query TicketDetail($number: String!) {
    ticketByNumber(number: $number) {
      ...TicketRowFields
      description
      channel
      resolutionCode
      firstResponseAt
      solvedAt
      closedAt
      department {
        id
        name
        nameCode
      }
      order {
        id
        number
        status
      }
      orderLines {
        id
        lineNo
        skuCode
        quantity
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
        kind
        authorKind
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
      slaClocks {
        metric
        dueAt
        pausedSince
        reachedAt
        breachedAt
        breached
      }
    }
  }
`);

export const TicketFormChoices = graphql(`
  query TicketFormChoices {
    ticketCategories {
      key
      name
    }
    departments {
      id
      name
      nameCode
    }
  }
`);

export const TicketAssignees = graphql(`
  query TicketAssignees {
    users(first: 100, filter: { status: ACTIVE }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const CreateTicket = graphql(`
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
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

export const ReplyToTicket = graphql(`
  mutation ReplyToTicket($input: ReplyToTicketInput!) {
    replyToTicket(input: $input) {
      ticket {
        id
        status
        firstResponseAt
        messages {
          id
          kind
          authorKind
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
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ChangeTicketStatus = graphql(`
  mutation ChangeTicketStatus($input: ChangeTicketStatusInput!) {
    changeTicketStatus(input: $input) {
      ticket {
        id
        status
        resolutionCode
        solvedAt
        closedAt
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ReopenTicket = graphql(`
  mutation ReopenTicket($ticketId: ID!) {
    reopenTicket(ticketId: $ticketId) {
      ticket {
        id
        status
        resolutionCode
        solvedAt
        closedAt
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateTicket = graphql(`
  mutation UpdateTicket($input: UpdateTicketInput!) {
    updateTicket(input: $input) {
      ticket {
        id
        priority
        categoryKey
        category {
          key
          name
        }
        owner {
          id
          name
        }
        department {
          id
          name
          nameCode
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const SlaSettings = graphql(`
  query SlaSettings {
    ticketCalendar {
      timeZone
      country
      subdivision
      closedDates
      isDefault
      weeklyHours {
        weekday
        opens
        closes
      }
    }
    slaPolicies {
      id
      name
      position
      priorities
      categories
      fallback
      firstResponseMinutes
      nextResponseMinutes
      resolutionMinutes
    }
  }
`);

export const SaveTicketCalendar = graphql(`
  mutation SaveTicketCalendar($input: SaveTicketCalendarInput!) {
    saveTicketCalendar(input: $input) {
      calendar {
        timeZone
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const SaveSlaPolicy = graphql(`
  mutation SaveSlaPolicy($input: SaveSlaPolicyInput!) {
    saveSlaPolicy(input: $input) {
      policy {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const DeleteSlaPolicy = graphql(`
  mutation DeleteSlaPolicy($id: ID!) {
    deleteSlaPolicy(id: $id) {
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const TicketOrderFollowUps = graphql(`
  query TicketOrderFollowUps($orderId: ID!) {
    node(id: $orderId) {
      ... on Order {
        id
        number
        customer {
          id
          name
        }
        lines {
          id
          lineNo
          skuCode
          description
          shippedQuantity
        }
      }
    }
    invoices(first: 20, filter: { orderId: $orderId, kind: INVOICE }) {
      edges {
        node {
          id
          number
          status
        }
      }
    }
  }
`);

export const SupportMail = graphql(`
  query SupportMail($withMail: Boolean!) {
    supportMailAddress
    inboundMail(first: 20) @include(if: $withMail) {
      id
      receivedAt
      fromAddress
      subject
      status
      reason
      ticketId
    }
  }
`);
