import { describe, expect, it } from 'vitest';
import { canReturn, thousandths } from './quantities';

describe('return quantities', () => {
  it('compares decimal text by value', () => {
    expect(thousandths('1.500')).toBe(thousandths('1.5'));
    expect(thousandths('')).toBe(0);
    expect(thousandths('abc')).toBe(0);
  });

  it('offers a line only while its product may return and something is left', () => {
    expect(canReturn({ productReturnable: true, returnableQuantity: '2.000' })).toBe(true);
    expect(canReturn({ productReturnable: true, returnableQuantity: '0.000' })).toBe(false);
    expect(canReturn({ productReturnable: false, returnableQuantity: '2.000' })).toBe(false);
  });
});
