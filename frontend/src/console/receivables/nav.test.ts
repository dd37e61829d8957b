import { describe, expect, it } from 'vitest';
import { activeNavPath, NAV_ITEMS } from '../nav';

describe('the receivables menu entry', () => {
  it('needs payments:read', () => {
    expect(NAV_ITEMS.find((item) => item.path === '/receivables')?.requires).toEqual([
      { resource: 'payments', action: 'read' },
    ]);
  });

  it('stays selected on its tabs and on a payment’s page', () => {
    expect(activeNavPath('/receivables')).toBe('/receivables');
    expect(activeNavPath('/payments/UGF5bWVudDox')).toBe('/receivables');
    expect(activeNavPath('/orders/board')).toBe('/orders/board');
    expect(activeNavPath('/paymentsx')).toBe('/');
  });
});
