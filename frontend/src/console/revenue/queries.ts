import { graphql } from '../../gql';

export const RecurringRevenueQuery = graphql(`
  query RecurringRevenue($currency: String, $fromMonth: Date, $toMonth: Date) {
    recurringRevenue(currency: $currency, fromMonth: $fromMonth, toMonth: $toMonth) {
      currency
      currencies
      mrr {
        amount
        currency
      }
      arr {
        amount
        currency
      }
      activeCustomers
      months {
        month
        mrrStart {
          amount
        }
        new {
          amount
        }
        expansion {
          amount
        }
        reactivation {
          amount
        }
        contraction {
          amount
        }
        churn {
          amount
        }
        mrrEnd {
          amount
        }
        customersStart
        customersChurned
        customersEnd
        logoChurnRate
        revenueChurnRate
        netRevenueRetention
      }
    }
  }
`);

export const MrrMovementsQuery = graphql(`
  query MrrMovements($filter: MrrMovementFilterInput, $first: Int, $after: String) {
    mrrMovements(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          kind
          cause
          effectiveOn
          amount {
            amount
            currency
          }
          customerMrrAfter {
            amount
            currency
          }
          customerId
          customer {
            id
            name
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

export const CustomerLifecycleQuery = graphql(`
  query CustomerLifecycle($id: ID!) {
    node(id: $id) {
      ... on Customer {
        id
        lifecycle {
          segment
          rule
          reason
          computedAt
        }
      }
    }
  }
`);
