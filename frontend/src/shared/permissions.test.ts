import { describe, expect, it } from 'vitest';
import { activeNavPath, NAV_ITEMS } from '../console/nav';
import { allows, can, permissionSet, visibleItems } from './permissions';

const sales = permissionSet([
  { resource: 'users', action: 'read' },
  { resource: 'settings', action: 'read' },
  { resource: 'customers', action: 'write' },
]);

describe('permissions', () => {
  it('grants exactly the reported resource-action pairs', () => {
    expect(can(sales, 'users', 'read')).toBe(true);
    expect(can(sales, 'users', 'invite')).toBe(false);
    expect(can(sales, 'customers', 'read')).toBe(false);
  });

  it('needs every requirement, and none for open items', () => {
    expect(allows(sales, [])).toBe(true);
    expect(
      allows(sales, [
        { resource: 'users', action: 'read' },
        { resource: 'roles', action: 'read' },
      ]),
    ).toBe(false);
  });

  it('shows a sales user home, users and settings, and a manager also roles and audit', () => {
    expect(visibleItems(NAV_ITEMS, sales).map((i) => i.path)).toEqual(['/', '/users', '/settings']);
    const manager = permissionSet(
      ['users:read', 'roles:read', 'audit:read', 'settings:read'].map((p) => {
        const [resource = '', action = ''] = p.split(':');
        return { resource, action };
      }),
    );
    expect(visibleItems(NAV_ITEMS, manager).map((i) => i.path)).toEqual([
      '/',
      '/users',
      '/roles',
      '/audit',
      '/settings',
    ]);
  });

  it('highlights the module a deep path belongs to', () => {
    expect(activeNavPath('/users')).toBe('/users');
    expect(activeNavPath('/api-clients/x')).toBe('/api-clients');
    expect(activeNavPath('/')).toBe('/');
    expect(activeNavPath('/unknown')).toBe('/');
  });
});
