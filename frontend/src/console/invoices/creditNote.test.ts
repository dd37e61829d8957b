import { describe, expect, it } from 'vitest';
import {
  creditable,
  creditLineInputs,
  creditTotal,
  exceeds,
  fromUnits,
  isPositiveAmount,
  lineCredit,
  toUnits,
} from './creditNote';

const money = (amount: string) => ({ amount, currency: 'USD' });
const lines = [
  { lineNo: 1, quantity: '3.000', total: money('33.0000') },
  { lineNo: 2, quantity: '7', total: money('10.00') },
];

describe('decimal units', () => {
  it('reads and writes decimal strings without floats', () => {
    expect(toUnits('33.0000')).toBe(330000n);
    expect(toUnits('0.1')).toBe(1000n);
    expect(toUnits('-2.5')).toBe(-25000n);
    expect(toUnits('1.23456')).toBe(12346n);
    expect(toUnits('abc')).toBeNull();
    expect(toUnits(null)).toBeNull();
    expect(fromUnits(12345n)).toBe('1.23');
    expect(fromUnits(12350n)).toBe('1.24');
    expect(fromUnits(50n)).toBe('0.01');
    expect(fromUnits(0n)).toBe('0.00');
    expect(fromUnits(-12350n)).toBe('-1.24');
  });
});

describe('credit note preview', () => {
  it('credits a line pro rata to the cent', () => {
    expect(lineCredit(lines[0]!, '1')).toBe('11.00');
    expect(lineCredit(lines[0]!, '3')).toBe('33.00');
    expect(lineCredit(lines[1]!, '1')).toBe('1.43'); // 10 / 7 = 1.428…
    expect(lineCredit(lines[1]!, '0')).toBe('0.00');
    expect(lineCredit(lines[1]!, null)).toBe('0.00');
    expect(lineCredit({ lineNo: 3, quantity: '0', total: money('5') }, '1')).toBe('0.00');
  });

  it('adds up the lines entered and sends only those', () => {
    const quantities = { 1: '2', 2: '1', 3: '4' };
    expect(creditTotal(lines, quantities)).toBe('23.43');
    expect(creditTotal(lines, {})).toBe('0.00');
    expect(creditLineInputs(lines, { 1: '2', 2: 0 })).toEqual([{ lineNo: 1, quantity: '2' }]);
    expect(creditLineInputs(lines, { 1: 1.5, 2: '' })).toEqual([{ lineNo: 1, quantity: '1.5' }]);
  });

  it('knows what is left to credit and what is too much', () => {
    expect(creditable('33.00', '10.00')).toBe('23.00');
    expect(creditable('33.00', '40.00')).toBe('0.00');
    expect(exceeds('23.01', '23.00')).toBe(true);
    expect(exceeds('23', '23.00')).toBe(false);
    expect(exceeds(null, '1')).toBe(false);
  });

  it('accepts positive amounts with at most two decimals', () => {
    expect(isPositiveAmount('5')).toBe(true);
    expect(isPositiveAmount(5.5)).toBe(true);
    expect(isPositiveAmount('0.01')).toBe(true);
    expect(isPositiveAmount('0')).toBe(false);
    expect(isPositiveAmount('1.001')).toBe(false);
    expect(isPositiveAmount('-1')).toBe(false);
    expect(isPositiveAmount('')).toBe(false);
  });
});
