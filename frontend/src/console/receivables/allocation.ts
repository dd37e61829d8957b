import type { UserErrorLike } from '../../shared/userErrors';

/** Allocating a payment to open receivables, in exact decimal arithmetic (amounts arrive and
 * leave as decimal strings of up to 4 places; no floats touch them). */

const PLACES = 4;
const SCALE = 10n ** BigInt(PLACES);
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal string as whole ten-thousandths; null for anything that is not a decimal. */
export function toUnits(text: string | null | undefined): bigint | null {
  const trimmed = text?.trim() ?? '';
  if (!DECIMAL.test(trimmed)) return null;
  const negative = trimmed.startsWith('-');
  const [whole = '0', fraction = ''] = trimmed.replace(/^-/, '').split('.');
  if (fraction.length > PLACES && /[1-9]/.test(fraction.slice(PLACES))) return null;
  const units = BigInt(whole) * SCALE + BigInt((fraction + '0'.repeat(PLACES)).slice(0, PLACES));
  return negative ? -units : units;
}

/** Whole ten-thousandths as a decimal string with at least two places ("12.50", "-0.0025"). */
export function fromUnits(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const absolute = units < 0n ? -units : units;
  const fraction = (absolute % SCALE)
    .toString()
    .padStart(PLACES, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${absolute / SCALE}.${fraction}`;
}

export interface OpenReceivable {
  id: string;
  /** ISO date, or null while not due yet (net terms before shipping). */
  dueDate?: string | null;
  createdAt: string;
  amountOpen: { amount: string };
}

/** Oldest due first; receivables without a due date come after those with one, oldest first. */
export function oldestDueFirst<T extends OpenReceivable>(receivables: readonly T[]): T[] {
  return [...receivables].sort((a, b) => {
    if (a.dueDate && b.dueDate && a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
    if (a.dueDate && !b.dueDate) return -1;
    if (!a.dueDate && b.dueDate) return 1;
    return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
  });
}

/**
 * Spreads `amount` over the receivables, oldest due first, each up to its open amount. Every
 * receivable gets an entry ("0.00" once the amount is used up); an amount that is not a
 * positive decimal allocates nothing.
 */
export function allocateAutomatically(
  receivables: readonly OpenReceivable[],
  amount: string | null | undefined,
): Record<string, string> {
  let left = toUnits(amount) ?? 0n;
  if (left < 0n) left = 0n;
  const allocations: Record<string, string> = {};
  for (const receivable of oldestDueFirst(receivables)) {
    const open = toUnits(receivable.amountOpen.amount) ?? 0n;
    const take = open > 0n ? (left < open ? left : open) : 0n;
    allocations[receivable.id] = fromUnits(take);
    left -= take;
  }
  return allocations;
}

/** The amount minus what is allocated (negative when allocated beyond it); blanks count as 0. */
export function unallocated(
  amount: string | null | undefined,
  allocations: readonly (string | null | undefined)[],
): string {
  const allocated = allocations.reduce((sum, value) => sum + (toUnits(value) ?? 0n), 0n);
  return fromUnits((toUnits(amount) ?? 0n) - allocated);
}

/** The allocations worth sending: positive decimals only, in the order of `receivableIds`. */
export function allocationInputs(
  receivableIds: readonly string[],
  values: Readonly<Record<string, string | null | undefined>>,
): { receivableId: string; amount: string }[] {
  return receivableIds.flatMap((receivableId) => {
    const units = toUnits(values[receivableId]);
    return units !== null && units > 0n ? [{ receivableId, amount: fromUnits(units) }] : [];
  });
}

/** -1, 0 or 1 as the decimal `text` is below, at or above zero. */
export function signOf(text: string): -1 | 0 | 1 {
  const units = toUnits(text) ?? 0n;
  return units < 0n ? -1 : units > 0n ? 1 : 0;
}

/**
 * The API names allocations by their place in the list sent (`allocations.2.amount`); the form
 * names them by receivable. An error about the allocations as a whole has no row to sit by.
 */
export function errorsOnRows(
  errors: readonly UserErrorLike[],
  sentIds: readonly string[],
): UserErrorLike[] {
  return errors.map((error) => {
    const path = error.field ?? [];
    const at = path[0] === 'input' ? 1 : 0;
    if (path[at] !== 'allocations') return error;
    const index = path[at + 1];
    const receivableId =
      index !== undefined && /^\d+$/.test(index) ? sentIds[Number(index)] : undefined;
    return { ...error, field: receivableId ? ['allocations', receivableId] : null };
  });
}
