import { graphql } from '../gql';

/**
 * What every payload's `userErrors` selects from the `UserError` interface. Each domain's
 * error type adds `code`, typed by that domain's enum, so selections read
 * `userErrors { ...UserErrorFields code }`.
 */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
  }
`);
