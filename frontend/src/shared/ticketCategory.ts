import type { TFunction } from 'i18next';
import { ticketsEn } from './i18n/features/tickets';

const BUILT_IN_NAMES: Readonly<Record<string, string>> = ticketsEn.categories;

/** A category's name: a built-in one that kept its name in the reader's language, else the
 * name the tenant gave it. */
export function categoryName(
  t: TFunction,
  category: { key: string; name: string } | null | undefined,
  key: string,
): string {
  const name = category?.name ?? key;
  return BUILT_IN_NAMES[key] === name ? t(`tickets.categories.${key}`) : name;
}
