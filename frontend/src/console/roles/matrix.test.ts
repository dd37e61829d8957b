import { describe, expect, it } from 'vitest';
import { actionColumns, grantsOf, permissionInputs, toggleGrant, toggleResource } from './matrix';

const catalog = [
  { resource: 'users', description: '', actions: ['read', 'invite', 'update'] },
  { resource: 'roles', description: '', actions: ['read', 'write'] },
];

describe('permission matrix', () => {
  it('has a column per distinct action in catalog order', () => {
    expect(actionColumns(catalog)).toEqual(['read', 'invite', 'update', 'write']);
  });

  it('toggles single cells and whole rows', () => {
    let grants = grantsOf([{ resource: 'users', action: 'read' }]);
    grants = toggleGrant(grants, 'roles', 'write', true);
    grants = toggleGrant(grants, 'users', 'read', false);
    expect([...grants]).toEqual(['roles:write']);
    grants = toggleResource(grants, catalog[0]!, true);
    expect(permissionInputs(grants, catalog)).toEqual([
      { resource: 'users', action: 'read' },
      { resource: 'users', action: 'invite' },
      { resource: 'users', action: 'update' },
      { resource: 'roles', action: 'write' },
    ]);
  });

  it('sends only what the catalog offers', () => {
    const grants = grantsOf([
      { resource: 'gone', action: 'read' },
      { resource: 'roles', action: 'read' },
    ]);
    expect(permissionInputs(grants, catalog)).toEqual([{ resource: 'roles', action: 'read' }]);
  });
});
