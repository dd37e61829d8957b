import type { RefundStatus } from '../../gql/graphql';

export const REFUND_COLOURS: Record<RefundStatus, string> = {
  REQUESTED: 'gold',
  PROCESSING: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
  REJECTED: 'default',
};

/** Requested first: those are the ones waiting for someone. */
export const REFUND_STATUSES = Object.keys(REFUND_COLOURS) as RefundStatus[];
