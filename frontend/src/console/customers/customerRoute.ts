const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The customer's global id from the page's URL segment, which may be the global id itself
 * or the customer's raw UUID (as the audit log and integrators know it). */
export function customerNodeId(segment: string): string {
  const value = decodeURIComponent(segment).trim();
  return UUID.test(value) ? btoa(`Customer:${value.toLowerCase()}`) : value;
}
