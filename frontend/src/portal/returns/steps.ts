import type { ReturnStatus } from '../../gql/graphql';

/** The dates a return carries, one per step it may have reached. */
export interface ReturnDates {
  status: ReturnStatus;
  createdAt: string;
  approvedAt?: string | null;
  declinedAt?: string | null;
  receivedAt?: string | null;
  inspectedAt?: string | null;
  resolvedAt?: string | null;
  closedAt?: string | null;
  cancelledAt?: string | null;
}

export type StepKey =
  | 'requested'
  | 'approved'
  | 'declined'
  | 'received'
  | 'inspected'
  | 'resolved'
  | 'closed'
  | 'cancelled';

export interface ReturnStep {
  key: StepKey;
  /** When it was reached; null for a step still ahead. */
  at: string | null;
  /** A refusal or a withdrawal: the return ends there. */
  ending: boolean;
}

const AHEAD: StepKey[] = ['approved', 'received', 'inspected', 'resolved', 'closed'];

/** The steps of a return as the customer follows them: those reached, with their dates,
 * then the ones still ahead. A declined or cancelled return ends at that step. */
export function returnSteps(r: ReturnDates): ReturnStep[] {
  const dates: Record<StepKey, string | null> = {
    requested: r.createdAt,
    approved: r.approvedAt ?? null,
    declined: r.declinedAt ?? null,
    received: r.receivedAt ?? null,
    inspected: r.inspectedAt ?? null,
    resolved: r.resolvedAt ?? null,
    closed: r.closedAt ?? null,
    cancelled: r.cancelledAt ?? null,
  };
  const steps: ReturnStep[] = [{ key: 'requested', at: dates.requested, ending: false }];
  for (const key of AHEAD) {
    if (dates[key]) steps.push({ key, at: dates[key], ending: false });
  }
  if (r.status === 'DECLINED' || r.status === 'CANCELLED') {
    const key: StepKey = r.status === 'DECLINED' ? 'declined' : 'cancelled';
    steps.push({ key, at: dates[key], ending: true });
    return steps;
  }
  for (const key of AHEAD) {
    if (!dates[key]) steps.push({ key, at: null, ending: false });
  }
  return steps;
}
