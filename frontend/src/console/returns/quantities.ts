/** Quantities on a return line are decimals with at most 3 places, sent as text. */
const SCALE = 1000;

function thousandths(text: string): number {
  return Math.round(Number(text) * SCALE);
}

/** `from` less `less`, never below zero, as decimal text ("1.5", "0"). */
export function remainingQuantity(from: string, less: string): string {
  const left = Math.max(0, thousandths(from) - thousandths(less));
  return String(left / SCALE);
}

/** The quantity is above zero. */
export function isPositiveQuantity(text: string | null | undefined): boolean {
  return !!text && Number.isFinite(Number(text)) && thousandths(text) > 0;
}
