/** Amounts and quantities arrive as decimal strings; they are shown, never computed, here. */

export interface MoneyLike {
  amount: string;
  currency: string;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimalText(text: string | null | undefined): text is string {
  return !!text && DECIMAL.test(text.trim());
}

// Intl formats a decimal string without going through a float (ECMA-402 NumberFormat v3);
// the standard library types only declare numbers.
type StringFormat = (value: string) => string;

/** "0", "0.00", "-0.0": a zero written any way. */
export function isZeroDecimal(text: string | null | undefined): boolean {
  return isDecimalText(text) && /^-?0(\.0+)?$/.test(text.trim());
}

/** An amount in its currency, in the user's language: at least the currency's minor units, up to 4 places. */
export function formatMoney(money: MoneyLike | null | undefined, locale: string): string {
  if (!money || !isDecimalText(money.amount)) return '—';
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    maximumFractionDigits: 4,
  }).format as unknown as StringFormat;
  return format(money.amount.trim());
}

/** A quantity (up to 3 places) in the user's language. */
export function formatQuantity(value: string | null | undefined, locale: string): string {
  if (!isDecimalText(value)) return '—';
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 })
    .format as unknown as StringFormat;
  return format(value.trim());
}

/** An InputNumber in string mode gives strings, numbers or null; the API wants a decimal string. */
export function decimalInput(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return isDecimalText(text) ? text : null;
}

/** A decimal the form has already required: its absence is a bug, not user input. */
export function requiredDecimal(value: string | number | null | undefined): string {
  const text = decimalInput(value);
  if (text === null)
    throw new Error('A required amount is missing; the form rules should have caught it.');
  return text;
}

/** A fraction such as "0.13" as a percentage label ("13%"), shifting the decimal point in the text. */
export function formatRate(rate: string | null | undefined, locale: string): string {
  if (!isDecimalText(rate)) return '—';
  const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
    .format as unknown as StringFormat;
  return format(rate.trim());
}
