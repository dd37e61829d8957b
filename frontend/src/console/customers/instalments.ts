/** Instalment plans in the customer drawer: the form's rows, their total and the API's errors on them. */

import type { InstalmentInput, InstalmentTrigger, PaymentTermsKind } from '../../gql/graphql';
import { formPath, type UserErrorLike } from '../../shared/userErrors';
import { decimalInput } from '../catalog/money';

export const INSTALMENT_TRIGGERS: InstalmentTrigger[] = ['CONFIRMATION', 'SHIPMENT', 'DELIVERY'];
export const MIN_INSTALMENTS = 2;
export const MAX_INSTALMENTS = 12;
export const MAX_DAYS_AFTER = 365;

/** One row of the plan as the form holds it: the percent InputNumber is in string mode. */
export interface InstalmentRow {
  percent?: string | number | null;
  trigger?: InstalmentTrigger | null;
  daysAfter?: number | null;
}

/** A stored part of a plan, as the API returns it. */
export interface StoredInstalment {
  percent: string;
  trigger: InstalmentTrigger;
  daysAfter: number;
  label: string;
}

/** 30 % on confirmation, 70 % on delivery. */
export function presetThirtySeventy(): InstalmentRow[] {
  return [
    { percent: '30', trigger: 'CONFIRMATION', daysAfter: 0 },
    { percent: '70', trigger: 'DELIVERY', daysAfter: 0 },
  ];
}

/** Rows for a new plan: two empty parts, the least a plan has. */
export function blankRows(): InstalmentRow[] {
  return [
    { trigger: 'CONFIRMATION', daysAfter: 0 },
    { trigger: 'DELIVERY', daysAfter: 0 },
  ];
}

export function rowsFromStored(parts: readonly StoredInstalment[]): InstalmentRow[] {
  return parts.map((p) => ({ percent: p.percent, trigger: p.trigger, daysAfter: p.daysAfter }));
}

const PERCENT = /^(\d+)(?:\.(\d{1,2}))?$/;

/** A percentage with at most two decimals in hundredths (exact integers), or null when it is not one. */
export function hundredths(value: string | number | null | undefined): number | null {
  const text = decimalInput(value);
  const match = text === null ? null : PERCENT.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

export interface PlanTotal {
  /** The sum of the rows that hold a valid percentage, as text ("100", "92.5"). */
  text: string;
  /** Exactly 100 and every row a valid percentage. */
  complete: boolean;
}

/** The live total of the plan, summed in hundredths so that 33.33 + 33.33 + 33.34 is exactly 100. */
export function planTotal(rows: readonly (InstalmentRow | undefined)[]): PlanTotal {
  let sum = 0;
  let valid = true;
  for (const row of rows) {
    const part = hundredths(row?.percent);
    if (part === null) valid = false;
    else sum += part;
  }
  const whole = Math.floor(sum / 100);
  const fraction = sum % 100;
  const text =
    fraction === 0
      ? String(whole)
      : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
  return { text, complete: valid && sum === 10000 };
}

/** The rows as the API takes them; a missing percentage is sent as it is not, for the server to name. */
export function instalmentInputs(rows: readonly InstalmentRow[]): InstalmentInput[] {
  return rows.map((row) => ({
    percent: decimalInput(row.percent) ?? '0',
    trigger: row.trigger ?? 'CONFIRMATION',
    daysAfter: row.daysAfter ?? 0,
  }));
}

/** What a payment-terms error is about, so that the form can name it in the user's language. */
export type TermsProblem =
  | 'kind'
  | 'netDays'
  | 'planSize'
  | 'planTotal'
  | 'planNotAllowed'
  | 'percent'
  | 'trigger'
  | 'daysAfter';

/** Where the credit form shows a payment-terms error. */
export type TermsFieldName =
  | ['paymentKind']
  | ['netDays']
  | ['instalments']
  | ['instalments', number, 'percent' | 'trigger' | 'daysAfter'];

export interface PlacedTermsError {
  name: TermsFieldName;
  problem: TermsProblem;
  error: UserErrorLike;
}

/**
 * Moves the API's `paymentTerms…` errors onto the credit form: `["paymentTerms","instalments","1","percent"]`
 * becomes `["instalments", 1, "percent"]` (antd's list fields are numbered). A plan-wide error is
 * about its size or its total, told apart by the rows sent. Errors about other fields are left over.
 */
export function placeTermsErrors(
  errors: readonly UserErrorLike[],
  sent: { kind: PaymentTermsKind; rows: number },
): { placed: PlacedTermsError[]; rest: UserErrorLike[] } {
  const placed: PlacedTermsError[] = [];
  const rest: UserErrorLike[] = [];
  for (const error of errors) {
    const path = error.field ? formPath(error.field) : [];
    if (path[0] !== 'paymentTerms') {
      rest.push(error);
      continue;
    }
    const [, field, index, part] = path;
    if (field === 'netDays') placed.push({ name: ['netDays'], problem: 'netDays', error });
    else if (
      field === 'instalments' &&
      index !== undefined &&
      /^\d+$/.test(index) &&
      (part === 'percent' || part === 'trigger' || part === 'daysAfter')
    ) {
      placed.push({ name: ['instalments', Number(index), part], problem: part, error });
    } else if (field === 'instalments') {
      const problem: TermsProblem =
        sent.kind !== 'INSTALMENTS'
          ? 'planNotAllowed'
          : sent.rows < MIN_INSTALMENTS || sent.rows > MAX_INSTALMENTS
            ? 'planSize'
            : 'planTotal';
      placed.push({ name: ['instalments'], problem, error });
    } else placed.push({ name: ['paymentKind'], problem: 'kind', error });
  }
  return { placed, rest };
}

/** The terms as one line of text: "Prepaid", "Net 30 days", or the plan's parts joined with " · ". */
export function termsText(
  terms: {
    kind: PaymentTermsKind;
    netDays?: number | null;
    instalments: readonly StoredInstalment[];
  },
  describe: {
    kind: (kind: PaymentTermsKind) => string;
    net: (days: number) => string;
    part: (part: StoredInstalment) => string;
  },
): string {
  if (terms.kind === 'INSTALMENTS' && terms.instalments.length > 0)
    return terms.instalments.map(describe.part).join(' · ');
  if (terms.kind === 'NET' && terms.netDays) return describe.net(terms.netDays);
  return describe.kind(terms.kind);
}

/** A percentage as the API writes it ("30.00") without its trailing zeros ("30", "12.5"). */
export function percentText(percent: string): string {
  return /\./.test(percent) ? percent.replace(/\.?0+$/, '') : percent;
}
