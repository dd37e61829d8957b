import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toQuoteInput } from './priceTester';

describe('price tester', () => {
  it('sends the SKU, the quantity as a decimal string, the customer and the day', () => {
    expect(
      toQuoteInput({
        skuId: 'sku1',
        quantity: '10',
        customerId: 'c1',
        date: dayjs('2026-03-05T23:30:00'),
      }),
    ).toEqual({
      skuId: 'sku1',
      quantity: '10',
      customerId: 'c1',
      tier: null,
      date: '2026-03-05',
    });
  });

  it('prices for a tier without a customer, today by default', () => {
    expect(toQuoteInput({ skuId: 'sku1', quantity: 2.5, tier: 'VIP' })).toEqual({
      skuId: 'sku1',
      quantity: '2.5',
      customerId: null,
      tier: 'VIP',
      date: null,
    });
  });

  it('asks nothing until a SKU and a valid quantity are given', () => {
    expect(toQuoteInput({ quantity: '1' })).toBeNull();
    expect(toQuoteInput({ skuId: 'sku1', quantity: null })).toBeNull();
    expect(toQuoteInput({ skuId: 'sku1', quantity: 'abc' })).toBeNull();
  });
});
