import { graphql } from '../../gql';

export const TicketSurveyOfTicket = graphql(`
  query TicketSurveyOfTicket($id: ID!) {
    ticket(id: $id) {
      id
      survey {
        sendAt
        sentAt
        expiresAt
        answered
        rating
        good
        reason
        comment
        answeredAt
        version
        owner {
          id
          name
        }
      }
    }
  }
`);

export const CsatResultsQuery = graphql(`
  query CsatResults($from: DateTime!, $to: DateTime!, $ownerId: ID) {
    csatResults(from: $from, to: $to, ownerId: $ownerId) {
      figures {
        sent
        answered
        good
        csatPercent
        responseRate
      }
      byOwner {
        sent
        answered
        good
        csatPercent
        responseRate
        owner {
          id
          name
        }
      }
      answers {
        ticketId
        ticketNumber
        ticketSubject
        rating
        good
        reason
        comment
        answeredAt
        version
        owner {
          id
          name
        }
        customer {
          id
          name
        }
      }
    }
  }
`);

export const SurveySettingsQuery = graphql(`
  query TicketSurveySettings {
    ticketSurveySettings {
      delayHours
      validityDays
      scale
    }
  }
`);

export const SaveSurveySettings = graphql(`
  mutation SaveTicketSurveySettings($input: SaveTicketSurveySettingsInput!) {
    saveTicketSurveySettings(input: $input) {
      settings {
        delayHours
        validityDays
        scale
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
