import type { TFunction } from 'i18next';

/**
 * Words what the server sends as codes and facts in the reader's language (keys in
 * i18n/features/serverText.ts): order action buttons, the pricing rule behind a price and
 * the system's notes in an order's status history. Text a person typed stays as it is.
 */

export interface PriceRuleFacts {
  kind: string;
  bookName?: string | null;
  minQuantity?: string | null;
}

export interface HistoryNoteFacts {
  noteCode?: string | null;
  noteParams?: unknown;
  comment?: string | null;
}

interface ChangeFacts {
  lines?: { sku: string; before: string; after: string }[];
  delivery?: { before: string | null; after: string };
  shipTo?: { recipient: string; city: string };
}

/** The button text of an order action (SUBMIT, MARK_PAID, ...). */
export function actionText(t: TFunction, action: string): string {
  return t(`serverText.actions.${action}`, { defaultValue: action });
}

/** A quantity as people write it: the API's fixed-point "10.000" reads "10", "2.500" "2.5". */
export function plainQuantity(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/** Which pricing rule gave a price: the list price, or a price book by its kind. */
export function priceRuleText(t: TFunction, rule: PriceRuleFacts): string {
  return t(`serverText.priceRule.${rule.kind}`, {
    book: rule.bookName ?? '',
    quantity: rule.minQuantity ? plainQuantity(rule.minQuantity) : '',
    defaultValue: rule.bookName ?? rule.kind,
  });
}

function facts<T>(params: unknown): T {
  return (params && typeof params === 'object' ? params : {}) as T;
}

function changeParts(t: TFunction, change: ChangeFacts): string {
  const parts = (change.lines ?? []).map((line) => t('serverText.notes.changedLine', line));
  if (change.delivery) {
    parts.push(
      t('serverText.notes.changedDelivery', {
        before: change.delivery.before ?? '-',
        after: change.delivery.after,
      }),
    );
  }
  if (change.shipTo) parts.push(t('serverText.notes.changedShipTo', change.shipTo));
  return parts.join(t('serverText.notes.partSeparator'));
}

function systemNote(t: TFunction, code: string, params: unknown): string {
  if (code === 'ORDER_CHANGED') {
    return t('serverText.notes.ORDER_CHANGED', { parts: changeParts(t, facts(params)) });
  }
  return t(`serverText.notes.${code}`, { ...facts<object>(params), defaultValue: code });
}

/** A status history entry's note: the system's words, then the actor's in brackets. */
export function historyNoteText(t: TFunction, entry: HistoryNoteFacts): string | null {
  const comment = entry.comment ?? null;
  if (!entry.noteCode) return comment;
  const note = systemNote(t, entry.noteCode, entry.noteParams);
  return comment ? t('serverText.notes.withComment', { note, comment }) : note;
}

export interface BuiltInNamed {
  name: string;
  nameCode?: string | null;
}

/** A role's name: the built-in one in the reader's language, else the tenant's own. */
export function roleName(t: TFunction, role: BuiltInNamed): string {
  return role.nameCode
    ? t(`serverText.roles.${role.nameCode}`, { defaultValue: role.name })
    : role.name;
}

/** A role's description, translated while it is the built-in one. */
export function roleDescription(
  t: TFunction,
  role: { description: string; descriptionCode?: string | null },
): string {
  return role.descriptionCode
    ? t(`serverText.roleDescriptions.${role.descriptionCode}`, { defaultValue: role.description })
    : role.description;
}

/** A department's name: the built-in one in the reader's language, else the tenant's own. */
export function departmentName(t: TFunction, department: BuiltInNamed): string {
  return department.nameCode
    ? t(`serverText.departments.${department.nameCode}`, { defaultValue: department.name })
    : department.name;
}

export interface ApprovalReasonFacts {
  code: string;
  message: string;
  params?: unknown;
}

const MONEY_PARAMS = ['total', 'openReceivables', 'creditLimit', 'threshold'];

/** Why an approval step is needed, its figures in the reader's format; the server's English
 * sentence when the figures could not be read back from an old request. */
export function approvalReasonText(
  t: TFunction,
  locale: string,
  reason: ApprovalReasonFacts,
): string {
  const params = facts<Record<string, string>>(reason.params);
  if (Object.keys(params).length === 0) return reason.message;
  const currency = params.currency;
  const shown: Record<string, string> = { ...params };
  if (currency) {
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
    for (const name of MONEY_PARAMS) {
      if (params[name] !== undefined) shown[name] = money.format(Number(params[name]));
    }
  }
  return t(`serverText.approvalReasons.${reason.code}`, { ...shown, defaultValue: reason.message });
}

export interface ReceivableTermFacts {
  kind: string;
  percent?: string | null;
  trigger: string;
  daysAfter: number;
}

/** What a receivable is: paid in full, net days, or one part of an instalment plan. */
export function receivableTermText(t: TFunction, term: ReceivableTermFacts): string {
  if (term.kind === 'FULL') return t('serverText.terms.FULL');
  if (term.kind === 'NET') return t('serverText.terms.NET', { days: term.daysAfter });
  const event = t(`serverText.terms.events.${term.trigger}`, { defaultValue: term.trigger });
  return t(term.daysAfter > 0 ? 'serverText.terms.partAfter' : 'serverText.terms.partOn', {
    percent: term.percent ?? '',
    days: term.daysAfter,
    event,
  });
}
