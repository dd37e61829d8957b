import { graphql } from '../../gql';

export const ApprovalStepFields = graphql(`
  fragment ApprovalStepFields on ApprovalStep {
    id
    sequence
    level
    permission
    status
    waitingSince
    decidedBy
    decidedAt
    decisionReason
    reasons {
      code
      params
      message
    }
  }
`);

export const ApprovalInbox = graphql(`
  query ApprovalInbox($first: Int, $after: String) {
    approvalInbox(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...ApprovalStepFields
          orderNumber
          forReturn
          customerName
          orderTotal {
            amount
            currency
          }
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

export const OrderApproval = graphql(`
  query OrderApproval($id: ID!) {
    node(id: $id) {
      id
      ... on Order {
        approval {
          id
          status
          createdAt
          decidedAt
          steps {
            ...ApprovalStepFields
          }
        }
      }
    }
  }
`);

export const ApprovalStockOutlook = graphql(`
  query ApprovalStockOutlook($stepId: ID!) {
    node(id: $stepId) {
      id
      ... on ApprovalStep {
        stockShortfall {
          line
          skuCode
          requested
          available
          warehouse
        }
        request {
          id
          steps {
            id
          }
        }
      }
    }
  }
`);

export const DecideApproval = graphql(`
  mutation DecideApproval($input: DecideApprovalInput!) {
    decideApproval(input: $input) {
      step {
        id
        status
      }
      order {
        id
        status
        version
      }
      userErrors {
        ...UserErrorFields
        code
        params
      }
    }
  }
`);

export const ApprovalRules = graphql(`
  query ApprovalRules {
    approvalSettings {
      creditCheck
      discountThresholdPercent
      forbidSelfApproval
      reminderAfterHours
      amountThresholds {
        above
        level
      }
    }
  }
`);

export const UpdateApprovalRules = graphql(`
  mutation UpdateApprovalRules($input: UpdateApprovalSettingsInput!) {
    updateApprovalSettings(input: $input) {
      settings {
        creditCheck
        discountThresholdPercent
        forbidSelfApproval
        reminderAfterHours
        amountThresholds {
          above
          level
        }
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
