/** What the signed-in principal may do, as the API reports it in `viewer.permissions`. */

export interface PermissionLike {
  resource: string;
  action: string;
}

export interface Requirement {
  resource: string;
  action: string;
}

export type Permissions = ReadonlySet<string>;

export const NO_PERMISSIONS: Permissions = new Set();

export function permissionSet(granted: readonly PermissionLike[]): Permissions {
  return new Set(granted.map((p) => `${p.resource}:${p.action}`));
}

export function can(permissions: Permissions, resource: string, action: string): boolean {
  return permissions.has(`${resource}:${action}`);
}

/** Every requirement is granted (an item with none is open to every signed-in user). */
export function allows(permissions: Permissions, requires: readonly Requirement[] = []): boolean {
  return requires.every((r) => can(permissions, r.resource, r.action));
}

/** The items of a menu the principal may open, in their order. */
export function visibleItems<T extends { requires?: readonly Requirement[] }>(
  items: readonly T[],
  permissions: Permissions,
): T[] {
  return items.filter((item) => allows(permissions, item.requires));
}
