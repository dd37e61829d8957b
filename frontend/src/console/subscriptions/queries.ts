import { graphql } from '../../gql';

export const PlanFields = graphql(`
  fragment PlanFields on SubscriptionPlan {
    id
    code
    name
    billingPeriod
    trialDays
    customerMayCancel
    customerMayChangeQuantity
    active
    skuId
    sku {
      id
      code
      name
    }
  }
`);

export const PlansList = graphql(`
  query SubscriptionPlansList($activeOnly: Boolean!) {
    subscriptionPlans(first: 100, activeOnly: $activeOnly) {
      edges {
        node {
          ...PlanFields
        }
      }
    }
  }
`);

export const CreatePlan = graphql(`
  mutation CreateSubscriptionPlan($input: PlanInput!) {
    createSubscriptionPlan(input: $input) {
      plan {
        ...PlanFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdatePlan = graphql(`
  mutation UpdateSubscriptionPlan($input: UpdatePlanInput!) {
    updateSubscriptionPlan(input: $input) {
      plan {
        ...PlanFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const SubscriptionRowFields = graphql(`
  fragment SubscriptionRowFields on Subscription {
    id
    number
    status
    billingPeriod
    currentPeriodEnd
    autoRenew
    cancelAtPeriodEnd
    mrr {
      amount
      currency
    }
    customer {
      id
      name
    }
    lines {
      id
      quantity
      plan {
        id
        code
        name
      }
    }
  }
`);

export const SubscriptionsList = graphql(`
  query SubscriptionsList($first: Int, $after: String, $filter: SubscriptionFilterInput) {
    subscriptions(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...SubscriptionRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SubscriptionDetailFields = graphql(`
  fragment SubscriptionDetailFields on Subscription {
    ...SubscriptionRowFields
    currency
    startDate
    currentPeriodStart
    trialEnd
    cardSaved
    version
    lines {
      id
      lineNo
      quantity
      discountPercent
      priceSourceLabel
      unitPrice {
        amount
        currency
      }
      plan {
        id
        code
        name
      }
    }
    periods {
      id
      periodIndex
      periodStart
      periodEnd
      status
      order {
        id
        number
        status
        total {
          amount
          currency
        }
      }
    }
    paymentAttempts {
      attemptNo
      status
      paymentIntentId
      error
      nextRetryAt
      createdAt
    }
    changes {
      id
      kind
      effectiveOn
      applied
      actorKind
      proratedCharge
      createdAt
    }
  }
`);

export const SubscriptionDetail = graphql(`
  query SubscriptionDetail($id: ID!) {
    subscription(id: $id) {
      ...SubscriptionDetailFields
    }
  }
`);

export const CustomerSubscriptions = graphql(`
  query CustomerSubscriptions($id: ID!) {
    node(id: $id) {
      id
      ... on Customer {
        subscriptions {
          ...SubscriptionRowFields
        }
      }
    }
  }
`);

export const StartSubscription = graphql(`
  mutation StartSubscription($input: StartSubscriptionInput!) {
    startSubscription(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ChangeSubscription = graphql(`
  mutation ChangeSubscription($input: ChangeSubscriptionInput!) {
    changeSubscription(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CancelSubscription = graphql(`
  mutation CancelSubscription($input: CancelSubscriptionInput!) {
    cancelSubscription(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ReactivateSubscription = graphql(`
  mutation ReactivateSubscription($input: SubscriptionIdInput!) {
    reactivateSubscription(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const PauseSubscription = graphql(`
  mutation PauseSubscription($input: SubscriptionIdInput!) {
    pauseSubscription(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const ResumeSubscription = graphql(`
  mutation ResumeSubscription($input: SubscriptionIdInput!) {
    resumeSubscription(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const SetAutoRenew = graphql(`
  mutation SetSubscriptionAutoRenew($input: SetAutoRenewInput!) {
    setSubscriptionAutoRenew(input: $input) {
      subscription {
        ...SubscriptionDetailFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
