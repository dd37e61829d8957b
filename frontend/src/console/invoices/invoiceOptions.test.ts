import { describe, expect, it } from 'vitest';
import { invoiceChoices } from './invoiceOptions';

const instalments = [
  { id: 'r1', status: 'OPEN' },
  { id: 'r2', status: 'OPEN' },
  { id: 'r3', status: 'VOID' },
];
const shipments = [
  { id: 's1', invoiced: false },
  { id: 's2', invoiced: true },
];

describe('invoice choices', () => {
  it('offers every way while the order has no live invoice', () => {
    const c = invoiceChoices({
      invoicedAs: null,
      canInvoiceWholeOrder: true,
      instalments,
      invoicedReceivableIds: [],
      shipments,
    });
    expect(c.bases).toEqual(['ORDER', 'INSTALMENT', 'SHIPMENT']);
    expect(c.instalments.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(c.shipments.map((s) => s.id)).toEqual(['s1']);
  });

  it('keeps to the way the order is billed', () => {
    const byInstalment = invoiceChoices({
      invoicedAs: 'INSTALMENT',
      canInvoiceWholeOrder: false,
      instalments,
      invoicedReceivableIds: ['r1'],
      shipments,
    });
    expect(byInstalment.bases).toEqual(['INSTALMENT']);
    expect(byInstalment.instalments.map((r) => r.id)).toEqual(['r2']);
    const byShipment = invoiceChoices({
      invoicedAs: 'SHIPMENT',
      canInvoiceWholeOrder: true,
      instalments,
      invoicedReceivableIds: [],
      shipments,
    });
    expect(byShipment.bases).toEqual(['SHIPMENT']);
    const whole = invoiceChoices({
      invoicedAs: 'ORDER',
      canInvoiceWholeOrder: false,
      instalments,
      invoicedReceivableIds: [],
      shipments,
    });
    expect(whole.bases).toEqual([]);
  });

  it('offers nothing without options', () => {
    expect(invoiceChoices(null).bases).toEqual([]);
  });
});
