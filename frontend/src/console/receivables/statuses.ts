import type { ReceivableStatus } from '../../gql/graphql';

export const RECEIVABLE_COLOURS: Record<ReceivableStatus, string> = {
  OPEN: 'gold',
  PAID: 'green',
  VOID: 'default',
};

export const RECEIVABLE_STATUSES = Object.keys(RECEIVABLE_COLOURS) as ReceivableStatus[];
