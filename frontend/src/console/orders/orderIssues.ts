import { useTranslation } from 'react-i18next';
import { formatQuantity } from '../catalog/money';
import type { Preview } from './useOrderPreview';

export type Issue = Preview['issues'][number];

export const STOCK_CODES = ['INSUFFICIENT_STOCK', 'BACKORDER_NOT_ALLOWED'];

/** A user error in the reader's language: a stock shortfall names its line, SKU and what
 * the warehouse has (from the error's params); other known codes translated, the rest as sent. */
export function useIssueText() {
  const { t, i18n } = useTranslation();
  return (issue: { code: string; message: string; params?: unknown }) => {
    const params = issue.params as Record<string, string> | null | undefined;
    if (STOCK_CODES.includes(issue.code) && params?.line)
      return t('orderEntry.shortLine', {
        ...params,
        requested: formatQuantity(params.requested, i18n.language),
        available: formatQuantity(params.available, i18n.language),
        warehouse: params.warehouse || '—',
      });
    return t(`errors.${issue.code}`, { defaultValue: issue.message });
  };
}

/** The issues the preview found on line `index` (paths lines/<index>/...). */
export function issuesOfLine(preview: Preview | null, index: number): Issue[] {
  return (preview?.issues ?? []).filter(
    (issue) => issue.field?.[0] === 'lines' && issue.field[1] === String(index),
  );
}
