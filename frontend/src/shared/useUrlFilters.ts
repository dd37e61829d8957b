import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** A list page's state kept in the URL (filters, sort, saved view, open record), so a
 * filtered list can be shared, survives a reload, and Back restores the previous one.
 *
 * Each key of `defaults` is one query parameter: strings as they are, objects and arrays
 * as JSON, missing (or unparsable) ones fall back to their default. Every change pushes a
 * history entry; empty values (null, '', [], {}) leave the URL. */
export type UrlValues = Record<string, unknown>;

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(withoutEmpty(value as UrlValues)).length === 0;
  return false;
}

/** The object without its empty entries (a filter `{search: null}` is no filter). */
export function withoutEmpty<T extends UrlValues>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => !isEmpty(value)),
  ) as Partial<T>;
}

function decode(raw: string, fallback: unknown): unknown {
  if (typeof fallback === 'string' || (fallback === null && !/^[[{]/.test(raw))) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return fallback;
  }
}

function encode(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(
    typeof value === 'object' && !Array.isArray(value) ? withoutEmpty(value as UrlValues) : value,
  );
}

export function readUrlValues<T extends UrlValues>(params: URLSearchParams, defaults: T): T {
  const values: UrlValues = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const raw = params.get(key);
    if (raw !== null) values[key] = decode(raw, defaults[key]);
  }
  return values as T;
}

export function writeUrlValues<T extends UrlValues>(
  params: URLSearchParams,
  values: Partial<T>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(values)) {
    if (isEmpty(value)) next.delete(key);
    else next.set(key, encode(value));
  }
  return next;
}

export function useUrlFilters<T extends UrlValues>(
  defaults: T,
): [T, (patch: Partial<T>, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // The defaults are constants of the page; the values change only with the URL.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const values = useMemo(() => readUrlValues(params, defaults), [key]);
  const update = useCallback(
    (patch: Partial<T>, options?: { replace?: boolean }) =>
      setParams((current) => writeUrlValues(current, patch), { replace: options?.replace }),
    [setParams],
  );
  return [values, update];
}
