/** Previewing a credit note before it is issued: what crediting some quantity of an invoice's
 * lines comes to, and what is still creditable. Decimal strings are computed in integers
 * (1/10 000 of a unit), never through floats; the API's figures are the real ones. */

export interface CreditableLine {
  lineNo: number;
  quantity: string;
  total: { amount: string; currency: string };
}

const SCALE = 4;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as an integer count of 10^-scale units, or null when it is not a decimal. */
export function toUnits(text: string | number | null | undefined, scale = SCALE): bigint | null {
  if (text === null || text === undefined) return null;
  const match = DECIMAL.exec(String(text).trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    // More places than we keep: round half up on the dropped digits.
    const kept = BigInt(whole + fraction.slice(0, scale));
    const up = Number(fraction[scale]) >= 5 ? 1n : 0n;
    return sign === '-' ? -(kept + up) : kept + up;
  }
  const units = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return sign === '-' ? -units : units;
}

/** Integer units back to a decimal string with `places` places. */
export function fromUnits(units: bigint, places = 2, scale = SCALE): string {
  const negative = units < 0n;
  let value = negative ? -units : units;
  if (places < scale) {
    const step = 10n ** BigInt(scale - places);
    value = (value + step / 2n) / step; // half up, away from zero
  }
  const text = value.toString().padStart(places + 1, '0');
  const whole = places ? text.slice(0, -places) : text;
  const fraction = places ? `.${text.slice(-places)}` : '';
  return `${negative && value !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** The gross amount crediting `quantity` of a line comes to: its total pro rata, to the cent. */
export function lineCredit(
  line: CreditableLine,
  quantity: string | number | null | undefined,
): string {
  const wanted = toUnits(quantity);
  const invoiced = toUnits(line.quantity);
  const total = toUnits(line.total.amount);
  if (wanted === null || invoiced === null || total === null || invoiced === 0n || wanted <= 0n)
    return '0.00';
  // total × wanted / invoiced, in units; rounded half up to the unit, then to the cent.
  const numerator = total * wanted;
  const units = (numerator * 2n + invoiced) / (invoiced * 2n);
  return fromUnits(units);
}

/** The sum of the line credits for the quantities entered (keyed by line number). */
export function creditTotal(
  lines: readonly CreditableLine[],
  quantities: Record<string, string | number | null | undefined>,
): string {
  let sum = 0n;
  for (const line of lines) sum += toUnits(lineCredit(line, quantities[String(line.lineNo)])) ?? 0n;
  return fromUnits(sum);
}

/** The lines with a quantity above 0, as the API's CreditNoteLineInput. */
export function creditLineInputs(
  lines: readonly CreditableLine[],
  quantities: Record<string, string | number | null | undefined>,
): { lineNo: number; quantity: string }[] {
  return lines.flatMap((line) => {
    const value = quantities[String(line.lineNo)];
    const units = toUnits(value);
    return units !== null && units > 0n
      ? [{ lineNo: line.lineNo, quantity: String(value).trim() }]
      : [];
  });
}

/** What can still be credited on an invoice: its total less what credit notes took already. */
export function creditable(total: string, credited: string): string {
  const left = (toUnits(total) ?? 0n) - (toUnits(credited) ?? 0n);
  return fromUnits(left > 0n ? left : 0n);
}

/** True when `a` is more than `b` (decimal strings). */
export function exceeds(a: string | number | null | undefined, b: string): boolean {
  const x = toUnits(a);
  const y = toUnits(b);
  return x !== null && y !== null && x > y;
}

/** True when the text is a positive amount with at most 2 decimals. */
export function isPositiveAmount(text: string | number | null | undefined): boolean {
  if (text === null || text === undefined) return false;
  const trimmed = String(text).trim();
  return /^\d+(\.\d{1,2})?$/.test(trimmed) && (toUnits(trimmed) ?? 0n) > 0n;
}
