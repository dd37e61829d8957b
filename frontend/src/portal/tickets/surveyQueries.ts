import { graphql } from '../../gql';

export const CustomerSurveyFields = graphql(`
  fragment CustomerSurveyFields on CustomerSurvey {
    ticketNumber
    ticketSubject
    tenantName
    scale
    ratings
    answered
    rating
    reason
    comment
    answeredAt
    expiresAt
    expired
  }
`);

export const SurveyByToken = graphql(`
  query SurveyByToken($token: String!) {
    survey(token: $token) {
      ...CustomerSurveyFields
    }
  }
`);

export const AnswerSurvey = graphql(`
  mutation AnswerSurvey($input: AnswerSurveyInput!) {
    answerSurvey(input: $input) {
      survey {
        ...CustomerSurveyFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const PortalTicketSurvey = graphql(`
  query PortalTicketSurvey($id: ID!) {
    portalTicket(id: $id) {
      id
      survey {
        ...CustomerSurveyFields
      }
    }
  }
`);

export const PortalAnswerSurvey = graphql(`
  mutation PortalAnswerSurvey($input: PortalAnswerSurveyInput!) {
    portalAnswerSurvey(input: $input) {
      survey {
        ...CustomerSurveyFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const PortalPendingSurveys = graphql(`
  query PortalPendingSurveys($first: Int!, $after: String) {
    portalTickets(first: $first, after: $after) {
      edges {
        node {
          id
          survey {
            answered
            expired
          }
        }
      }
    }
  }
`);
