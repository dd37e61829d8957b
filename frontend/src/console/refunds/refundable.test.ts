import { describe, expect, it } from 'vitest';
import { needsReference, refundableOf } from './refundable';

const refund = (status: string, amount: string) => ({ status, amount: { amount } });

describe('refundable amount of a payment', () => {
  it('takes off succeeded and pending refunds, not failed or rejected ones', () => {
    expect(refundableOf('100.00', [])).toBe('100.00');
    expect(
      refundableOf('100.00', [
        refund('SUCCEEDED', '30'),
        refund('REQUESTED', '20.5'),
        refund('PROCESSING', '1'),
      ]),
    ).toBe('48.50');
    expect(refundableOf('100.00', [refund('FAILED', '30'), refund('REJECTED', '70')])).toBe(
      '100.00',
    );
    expect(refundableOf('10.00', [refund('SUCCEEDED', '12')])).toBe('0.00');
  });

  it('asks for a reference only for payments made outside Stripe', () => {
    expect(needsReference('BANK_TRANSFER')).toBe(true);
    expect(needsReference('CHEQUE')).toBe(true);
    expect(needsReference('STRIPE')).toBe(false);
  });
});
