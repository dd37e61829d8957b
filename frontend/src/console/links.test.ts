import { describe, expect, it } from 'vitest';
import { customerPath, invoicePath, orderPath, paymentPath, rowIdOf } from './links';

const UUID = '0193a7c2-5b1e-7d4f-8a90-1234567890ab';

describe('detail page addresses', () => {
  it('carry numbers, escaped as one path segment', () => {
    expect(orderPath('SO-000123')).toBe('/orders/SO-000123');
    expect(orderPath('SO/2026/7')).toBe('/orders/SO%2F2026%2F7');
    expect(invoicePath('CN-000001')).toBe('/invoices/CN-000001');
    expect(paymentPath('PAY-000002')).toBe('/payments/PAY-000002');
  });

  it('carry a customer by its UUID, whether given the global id or the UUID', () => {
    expect(customerPath(btoa(`Customer:${UUID}`))).toBe(`/customers/${UUID}`);
    expect(customerPath(UUID)).toBe(`/customers/${UUID}`);
  });

  it('recognise a global id of the expected kind only', () => {
    expect(rowIdOf(btoa(`Order:${UUID}`), 'Order')).toBe(UUID);
    expect(rowIdOf(btoa(`Invoice:${UUID}`), 'Order')).toBeNull();
    expect(rowIdOf('SO-000123', 'Order')).toBeNull();
    expect(rowIdOf('INV-000001', 'Invoice')).toBeNull();
    expect(rowIdOf(btoa('Order:not-a-uuid'), 'Order')).toBeNull();
  });
});
