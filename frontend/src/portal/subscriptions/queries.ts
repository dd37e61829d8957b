import { graphql } from '../../gql';

export const PortalSubscriptionFields = graphql(`
  fragment PortalSubscriptionFields on PortalSubscription {
    id
    number
    status
    billingPeriod
    currentPeriodStart
    nextRenewal
    trialEnd
    cancelAtPeriodEnd
    autoRenew
    remindersOptedOut
    cardSaved
    mayCancel
    monthlyValue {
      amount
      currency
    }
    lines {
      id
      planName
      quantity
      mayChangeQuantity
      unitPrice {
        amount
      }
    }
    periods {
      periodStart
      periodEnd
      status
      orderId
    }
  }
`);

export const MySubscriptions = graphql(`
  query MySubscriptions {
    mySubscriptions(first: 50) {
      edges {
        node {
          ...PortalSubscriptionFields
        }
      }
    }
  }
`);

export const ChangeMySubscription = graphql(`
  mutation ChangeMySubscription($input: ChangeMySubscriptionInput!) {
    changeMySubscription(input: $input) {
      subscription {
        ...PortalSubscriptionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const CancelMySubscription = graphql(`
  mutation CancelMySubscription($input: CancelMySubscriptionInput!) {
    cancelMySubscription(input: $input) {
      subscription {
        ...PortalSubscriptionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateMySubscriptionWishes = graphql(`
  mutation UpdateMySubscriptionWishes($input: MySubscriptionWishesInput!) {
    updateMySubscriptionWishes(input: $input) {
      subscription {
        ...PortalSubscriptionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
