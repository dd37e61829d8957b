/** Readable addresses of the console's detail pages: an order, invoice (or credit note) or
 * payment by its number, a customer by its UUID. Every link to a detail page is built here. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DetailKind = 'Order' | 'Invoice' | 'Payment' | 'Customer';

export function orderPath(number: string): string {
  return `/orders/${encodeURIComponent(number)}`;
}

/** Invoices and credit notes share one page. */
export function invoicePath(number: string): string {
  return `/invoices/${encodeURIComponent(number)}`;
}

export function paymentPath(number: string): string {
  return `/payments/${encodeURIComponent(number)}`;
}

export function ticketPath(number: string): string {
  return `/tickets/${encodeURIComponent(number)}`;
}

export function returnPath(number: string): string {
  return `/returns/${encodeURIComponent(number)}`;
}

/** `id` is the customer's global id or its UUID. */
export function customerPath(id: string): string {
  return `/customers/${rowIdOf(id, 'Customer') ?? id}`;
}

/** The UUID inside a global id of `kind` (base64 of "Kind:uuid"), or null when `value` is
 * something else, such as a document number. */
export function rowIdOf(value: string, kind: DetailKind): string | null {
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return null;
  }
  const [type, rowId = ''] = decoded.split(':', 2);
  return type === kind && UUID.test(rowId) ? rowId.toLowerCase() : null;
}
