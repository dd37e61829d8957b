import { describe, expect, it } from 'vitest';
import { remainingOf } from './remaining';

describe('remainingOf', () => {
  it('is what was ordered less what shipped, exactly', () => {
    expect(remainingOf({ quantity: '5.000', shippedQuantity: '2.000' })).toBe(3);
    expect(remainingOf({ quantity: '0.3', shippedQuantity: '0.1' })).toBe(0.2);
  });

  it('never goes below zero', () => {
    expect(remainingOf({ quantity: '1', shippedQuantity: '2' })).toBe(0);
  });
});
