import dayjs, { type Dayjs } from 'dayjs';
import type { AuditLogFilter } from '../../gql/graphql';

/** The audit log's filters as they travel in the URL query string, so that a filtered view
 * survives a reload and can be shared: `?action=orders.create&from=2026-01-01&routine=1`. */
export interface AuditUrlFilters {
  action: string | null;
  targetType: string | null;
  targetId: string | null;
  from: string | null; // YYYY-MM-DD, in the reader's time
  to: string | null;
  routine: boolean; // show sign-ins and token refreshes
}

const DAY = 'YYYY-MM-DD';

function text(params: URLSearchParams, key: string): string | null {
  return params.get(key)?.trim() || null;
}

function day(params: URLSearchParams, key: string): string | null {
  const value = text(params, key);
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).isValid() ? value : null;
}

export function readAuditFilters(params: URLSearchParams): AuditUrlFilters {
  return {
    action: text(params, 'action'),
    targetType: text(params, 'targetType'),
    targetId: text(params, 'targetId'),
    from: day(params, 'from'),
    to: day(params, 'to'),
    routine: params.get('routine') === '1',
  };
}

/** Only the filters set, so an unfiltered view has a clean URL. */
export function auditFilterParams(filters: AuditUrlFilters): Record<string, string> {
  const entries: [string, string | null][] = [
    ['action', filters.action],
    ['targetType', filters.targetType],
    ['targetId', filters.targetId],
    ['from', filters.from],
    ['to', filters.to],
    ['routine', filters.routine ? '1' : null],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => !!entry[1]));
}

/** The API's filter: whole days in the reader's time; routine entries left out unless asked. */
export function toAuditLogFilter(filters: AuditUrlFilters): AuditLogFilter {
  return {
    action: filters.action,
    targetType: filters.targetType,
    targetId: filters.targetId,
    since: filters.from ? dayjs(filters.from).startOf('day').toISOString() : null,
    until: filters.to ? dayjs(filters.to).add(1, 'day').startOf('day').toISOString() : null,
    includeRoutine: filters.routine,
  };
}

export function periodOf(filters: AuditUrlFilters): [Dayjs | null, Dayjs | null] | null {
  if (!filters.from && !filters.to) return null;
  return [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null];
}

export function dayOf(value: Dayjs | null | undefined): string | null {
  return value ? value.format(DAY) : null;
}
