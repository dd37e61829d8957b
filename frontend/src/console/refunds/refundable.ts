/** What is left to refund on a payment: its amount less what refunds took or are taking
 * (succeeded, requested or processing), never below 0. The API decides; this is for the form. */
import { fromUnits, toUnits } from '../invoices/creditNote';

export interface RefundLike {
  status: string;
  amount: { amount: string };
}

const PENDING_OR_DONE = new Set(['REQUESTED', 'PROCESSING', 'SUCCEEDED']);

export function refundableOf(amount: string, refunds: readonly RefundLike[]): string {
  let left = toUnits(amount) ?? 0n;
  for (const refund of refunds) {
    if (PENDING_OR_DONE.has(refund.status)) left -= toUnits(refund.amount.amount) ?? 0n;
  }
  return fromUnits(left > 0n ? left : 0n);
}

/** Manual payments (bank transfer, cash, cheque) are paid back outside Orbit, so the one who
 * executes the refund records the bank's or cheque's reference; Stripe refunds itself. */
export function needsReference(method: string): boolean {
  return method !== 'STRIPE';
}
