import { describe, expect, it } from 'vitest';
import {
  decimalInput,
  formatMoney,
  formatQuantity,
  formatRate,
  isDecimalText,
  isZeroDecimal,
} from './money';

describe('money', () => {
  it('formats an amount by currency and language', () => {
    expect(formatMoney({ amount: '1299.50', currency: 'USD' }, 'en')).toBe('$1,299.50');
    expect(formatMoney({ amount: '1299.5', currency: 'CNY' }, 'zh-CN')).toBe('¥1,299.50');
    expect(formatMoney({ amount: '1299.5', currency: 'EUR' }, 'en')).toBe('€1,299.50');
  });

  it('keeps unit prices with up to 4 places and never rounds through a float', () => {
    expect(formatMoney({ amount: '0.1235', currency: 'USD' }, 'en')).toBe('$0.1235');
    expect(formatMoney({ amount: '9007199254740993.01', currency: 'USD' }, 'en')).toBe(
      '$9,007,199,254,740,993.01',
    );
  });

  it('shows a dash for a missing or malformed amount', () => {
    expect(formatMoney(null, 'en')).toBe('—');
    expect(formatMoney({ amount: 'abc', currency: 'USD' }, 'en')).toBe('—');
  });

  it('formats quantities and rates', () => {
    expect(formatQuantity('1234.5', 'en')).toBe('1,234.5');
    expect(formatQuantity('10', 'zh-CN')).toBe('10');
    expect(formatRate('0.13', 'en')).toBe('13%');
    expect(formatRate(undefined, 'en')).toBe('—');
  });

  it('turns input values into decimal strings', () => {
    expect(decimalInput('12.50')).toBe('12.50');
    expect(decimalInput(3)).toBe('3');
    expect(decimalInput(null)).toBeNull();
    expect(decimalInput('1e3')).toBeNull();
    expect(isDecimalText('-2')).toBe(true);
    expect(isZeroDecimal('0.00')).toBe(true);
    expect(isZeroDecimal('0.01')).toBe(false);
  });
});
