import { describe, expect, it } from 'vitest';
import { activeNavPath, NAV_ITEMS } from '../nav';

describe('the invoices and refunds menu entries', () => {
  it('need invoices:read and refunds:read', () => {
    expect(NAV_ITEMS.find((item) => item.path === '/invoices')?.requires).toEqual([
      { resource: 'invoices', action: 'read' },
    ]);
    expect(NAV_ITEMS.find((item) => item.path === '/refunds')?.requires).toEqual([
      { resource: 'refunds', action: 'read' },
    ]);
  });

  it('stay selected on an invoice’s page', () => {
    expect(activeNavPath('/invoices/SW52b2ljZTox')).toBe('/invoices');
    expect(activeNavPath('/refunds')).toBe('/refunds');
  });
});
