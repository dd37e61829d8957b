import type { RefundStatus } from '../../gql/graphql';
import { STATUS_PALETTE } from '../../shared/status';

/** Requested first: those are the ones waiting for someone. */
export const REFUND_STATUSES = Object.keys(STATUS_PALETTE.refund) as RefundStatus[];
