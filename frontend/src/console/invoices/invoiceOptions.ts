/** Which invoices an order can still get, from `invoiceOptions`: an order is billed one way
 * only (whole, per instalment or per shipment), so once it has a live invoice only that way
 * stays open, and each instalment or shipment is billed once. */

export type IssueBasis = 'ORDER' | 'INSTALMENT' | 'SHIPMENT';

export interface InvoiceOptionsLike<
  I extends { id: string },
  S extends { id: string; invoiced: boolean },
> {
  invoicedAs?: string | null;
  canInvoiceWholeOrder: boolean;
  instalments: readonly I[];
  invoicedReceivableIds: readonly string[];
  shipments: readonly S[];
}

export interface InvoiceChoices<I, S> {
  wholeOrder: boolean;
  instalments: I[];
  shipments: S[];
  /** The bases that can be chosen now, in the order the form offers them. */
  bases: IssueBasis[];
}

export function invoiceChoices<
  I extends { id: string; status?: string },
  S extends { id: string; invoiced: boolean },
>(options: InvoiceOptionsLike<I, S> | null | undefined): InvoiceChoices<I, S> {
  if (!options) return { wholeOrder: false, instalments: [], shipments: [], bases: [] };
  const way = options.invoicedAs ?? null;
  const billed = new Set(options.invoicedReceivableIds);
  const wholeOrder = options.canInvoiceWholeOrder && (way === null || way === 'ORDER');
  const instalments =
    way === null || way === 'INSTALMENT'
      ? options.instalments.filter((r) => !billed.has(r.id) && r.status !== 'VOID')
      : [];
  const shipments =
    way === null || way === 'SHIPMENT' ? options.shipments.filter((s) => !s.invoiced) : [];
  const bases: IssueBasis[] = [];
  if (wholeOrder) bases.push('ORDER');
  if (instalments.length) bases.push('INSTALMENT');
  if (shipments.length) bases.push('SHIPMENT');
  return { wholeOrder, instalments, shipments, bases };
}
