import type { ReceivableStatus } from '../../gql/graphql';
import { STATUS_PALETTE } from '../../shared/status';

export const RECEIVABLE_STATUSES = Object.keys(STATUS_PALETTE.receivable) as ReceivableStatus[];
