/** The permission matrix of a role: resources as rows, actions as columns. */

export interface CatalogResource {
  resource: string;
  description: string;
  actions: readonly string[];
}

export type Grants = ReadonlySet<string>;

export const grantKey = (resource: string, action: string) => `${resource}:${action}`;

/** Every action any resource offers, in first-seen order: the matrix's columns. */
export function actionColumns(catalog: readonly CatalogResource[]): string[] {
  const seen = new Set<string>();
  for (const entry of catalog) entry.actions.forEach((action) => seen.add(action));
  return [...seen];
}

export function grantsOf(permissions: readonly { resource: string; action: string }[]): Grants {
  return new Set(permissions.map((p) => grantKey(p.resource, p.action)));
}

export function toggleGrant(
  grants: Grants,
  resource: string,
  action: string,
  granted: boolean,
): Grants {
  const next = new Set(grants);
  if (granted) next.add(grantKey(resource, action));
  else next.delete(grantKey(resource, action));
  return next;
}

/** Grant or revoke every action of one resource at once. */
export function toggleResource(grants: Grants, entry: CatalogResource, granted: boolean): Grants {
  return entry.actions.reduce(
    (acc, action) => toggleGrant(acc, entry.resource, action, granted),
    grants,
  );
}

/** The grants as the API's PermissionInput list, limited to what the catalog offers. */
export function permissionInputs(
  grants: Grants,
  catalog: readonly CatalogResource[],
): { resource: string; action: string }[] {
  return catalog.flatMap((entry) =>
    entry.actions
      .filter((action) => grants.has(grantKey(entry.resource, action)))
      .map((action) => ({ resource: entry.resource, action })),
  );
}
