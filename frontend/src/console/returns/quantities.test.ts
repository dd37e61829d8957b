import { describe, expect, it } from 'vitest';
import { isPositiveQuantity, remainingQuantity } from './quantities';

describe('remainingQuantity', () => {
  it('subtracts decimals exactly to three places', () => {
    expect(remainingQuantity('3', '1')).toBe('2');
    expect(remainingQuantity('0.3', '0.1')).toBe('0.2');
    expect(remainingQuantity('2.000', '0.5')).toBe('1.5');
  });

  it('never goes below zero', () => {
    expect(remainingQuantity('1', '2')).toBe('0');
  });
});

describe('isPositiveQuantity', () => {
  it('accepts only quantities above zero', () => {
    expect(isPositiveQuantity('0.001')).toBe(true);
    expect(isPositiveQuantity('0')).toBe(false);
    expect(isPositiveQuantity('')).toBe(false);
    expect(isPositiveQuantity(null)).toBe(false);
    expect(isPositiveQuantity('abc')).toBe(false);
  });
});
