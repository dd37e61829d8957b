/** Quantities come from the API as decimal text with up to 3 places. */

/** Thousandths, so "1.5" and "1.500" compare as the same quantity; 0 for no number. */
export function thousandths(text: string | number | null | undefined): number {
  const value = Number(text ?? '');
  return Number.isFinite(value) ? Math.round(value * 1000) : 0;
}

/** A returnable line of an order that may still send something back. */
export function canReturn(line: {
  productReturnable: boolean;
  returnableQuantity: string;
}): boolean {
  return line.productReturnable && thousandths(line.returnableQuantity) > 0;
}
