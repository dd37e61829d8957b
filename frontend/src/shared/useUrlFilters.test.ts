import { describe, expect, it } from 'vitest';
import { readUrlValues, writeUrlValues } from './useUrlFilters';

const DEFAULTS = {
  filter: {} as Record<string, unknown>,
  sort: 'NEWEST',
  view: null as string | null,
};

describe('list state in the URL', () => {
  it('round-trips filters, sort and view', () => {
    const params = writeUrlValues(new URLSearchParams(), {
      filter: { search: 'bolt', statuses: ['PAID'], tag: null },
      sort: 'TOTAL',
      view: 'v1',
    });
    expect(params.get('filter')).toBe('{"search":"bolt","statuses":["PAID"]}');
    expect(readUrlValues(params, DEFAULTS)).toEqual({
      filter: { search: 'bolt', statuses: ['PAID'] },
      sort: 'TOTAL',
      view: 'v1',
    });
  });

  it('drops empty values and keeps other parameters', () => {
    const start = new URLSearchParams('tab=aging&filter=%7B%22search%22%3A%22x%22%7D');
    const params = writeUrlValues(start, { filter: { search: null }, view: null });
    expect(params.toString()).toBe('tab=aging');
  });

  it('falls back to the default for a damaged value', () => {
    const params = new URLSearchParams('filter=%7Bbroken');
    expect(readUrlValues(params, DEFAULTS).filter).toEqual({});
  });
});
