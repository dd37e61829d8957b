import type { OrderAction, OrderStatus } from '../../gql/graphql';
import { STATUS_PALETTE } from '../../shared/status';

/** Every status in lifecycle order, with the colour of its tag (the shared palette). */
export const STATUS_COLOURS = STATUS_PALETTE.order;

export const ALL_STATUSES = Object.keys(STATUS_COLOURS) as OrderStatus[];

export interface TransitionLike {
  action: OrderAction;
  label: string;
  toStatus: OrderStatus;
}

/** Submitting lands in Confirmed, or Pending Approval when a rule holds the order; a card
 * dropped on any of those columns (or on Submitted) asks to submit. */
const SUBMIT_TARGETS: readonly OrderStatus[] = ['SUBMITTED', 'PENDING_APPROVAL', 'CONFIRMED'];

/** The action that moves an order into `column`, when the user may take one now. */
export function transitionInto(
  transitions: readonly TransitionLike[],
  column: OrderStatus,
): TransitionLike | undefined {
  return (
    transitions.find((t) => t.toStatus === column && t.action !== 'SUBMIT') ??
    transitions.find((t) => t.action === 'SUBMIT' && SUBMIT_TARGETS.includes(column))
  );
}

/** Actions that need more than a click: shipping (carrier, tracking) and cancelling (a note). */
export type TransitionForm = 'ship' | 'cancel' | null;

export function transitionForm(action: OrderAction): TransitionForm {
  if (action === 'SHIP') return 'ship';
  if (action === 'CANCEL') return 'cancel';
  return null;
}

/** The cards around a card after it moved within its column, as the API wants them. */
export function neighbours(
  ids: readonly string[],
  movedId: string,
): { afterOrderId: string | null; beforeOrderId: string | null } {
  const index = ids.indexOf(movedId);
  return {
    afterOrderId: index > 0 ? (ids[index - 1] ?? null) : null,
    beforeOrderId: index >= 0 && index < ids.length - 1 ? (ids[index + 1] ?? null) : null,
  };
}

/** `ids` with the card at `from` moved to `to`. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  if (item === undefined) return copy;
  copy.splice(to, 0, item);
  return copy;
}

/** Decimal strings of up to `places` places added without floats (stock, money previews). */
export function sumDecimals(values: readonly string[], places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = values.reduce((total, value) => {
    const text = value.trim();
    const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
    const units =
      BigInt(whole || '0') * scale +
      BigInt((fraction + '0'.repeat(places)).slice(0, places) || '0');
    return total + (text.startsWith('-') ? -units : units);
  }, 0n);
  const sign = scaled < 0n ? '-' : '';
  const absolute = scaled < 0n ? -scaled : scaled;
  const fraction = (absolute % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return `${sign}${absolute / scale}${fraction ? `.${fraction}` : ''}`;
}

export function sumQuantities(values: readonly string[]): string {
  return sumDecimals(values, 3);
}

/** a < b for decimal strings of up to 3 places. */
export function lessThan(a: string, b: string): boolean {
  const difference = sumQuantities([
    a,
    b.trim().startsWith('-') ? b.trim().slice(1) : `-${b.trim()}`,
  ]);
  return difference.startsWith('-');
}
