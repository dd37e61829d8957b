import { describe, expect, it } from 'vitest';
import {
  allocateAutomatically,
  allocationInputs,
  errorsOnRows,
  fromUnits,
  oldestDueFirst,
  signOf,
  toUnits,
  unallocated,
} from './allocation';

const receivable = (
  id: string,
  dueDate: string | null,
  amountOpen: string,
  createdAt = '2026-01-01T00:00:00Z',
) => ({ id, dueDate, amountOpen: { amount: amountOpen, currency: 'EUR' }, createdAt });

describe('decimal units', () => {
  it('reads decimal strings exactly and writes them back with at least two places', () => {
    expect(toUnits('12.5')).toBe(125000n);
    expect(toUnits('-0.0025')).toBe(-25n);
    expect(toUnits(' 3 ')).toBe(30000n);
    expect(toUnits('1.23450')).toBe(12345n);
    expect(toUnits('1.23456')).toBeNull();
    expect(toUnits('abc')).toBeNull();
    expect(toUnits('')).toBeNull();
    expect(toUnits(null)).toBeNull();
    expect(fromUnits(125000n)).toBe('12.50');
    expect(fromUnits(12345n)).toBe('1.2345');
    expect(fromUnits(0n)).toBe('0.00');
    expect(fromUnits(-25n)).toBe('-0.0025');
    expect(fromUnits(10n ** 20n)).toBe('10000000000000000.00');
  });
});

describe('oldestDueFirst', () => {
  it('orders by due date, undated last, then by creation', () => {
    const list = [
      receivable('later', '2026-03-01', '1'),
      receivable('undated', null, '1', '2026-01-01T00:00:00Z'),
      receivable('first', '2026-02-01', '1'),
      receivable('same-day-newer', '2026-03-01', '1', '2026-02-01T00:00:00Z'),
    ];
    expect(oldestDueFirst(list).map((r) => r.id)).toEqual([
      'first',
      'later',
      'same-day-newer',
      'undated',
    ]);
  });
});

describe('allocateAutomatically', () => {
  const open = [
    receivable('b', '2026-02-10', '40.00'),
    receivable('a', '2026-01-10', '100.00'),
    receivable('c', null, '25.50'),
  ];

  it('pays the oldest due first, each up to its open amount', () => {
    expect(allocateAutomatically(open, '120')).toEqual({ a: '100.00', b: '20.00', c: '0.00' });
  });

  it('stops at the open amounts when more is received', () => {
    expect(allocateAutomatically(open, '500')).toEqual({ a: '100.00', b: '40.00', c: '25.50' });
  });

  it('keeps sub-cent amounts exact', () => {
    expect(allocateAutomatically([receivable('x', '2026-01-01', '0.3333')], '0.1')).toEqual({
      x: '0.10',
    });
    expect(allocateAutomatically(open, '100.0001')).toEqual({
      a: '100.00',
      b: '0.0001',
      c: '0.00',
    });
  });

  it('allocates nothing for a missing, invalid or negative amount', () => {
    expect(allocateAutomatically(open, null)).toEqual({ a: '0.00', b: '0.00', c: '0.00' });
    expect(allocateAutomatically(open, 'ten')).toEqual({ a: '0.00', b: '0.00', c: '0.00' });
    expect(allocateAutomatically(open, '-5')).toEqual({ a: '0.00', b: '0.00', c: '0.00' });
  });
});

describe('unallocated', () => {
  it('subtracts the allocations from the amount, blanks counting as zero', () => {
    expect(unallocated('100', ['30.25', null, '', '19.75'])).toBe('50.00');
    expect(unallocated('100', ['60', '50'])).toBe('-10.00');
    expect(unallocated(null, ['5'])).toBe('-5.00');
    expect(signOf(unallocated('10', ['10.00']))).toBe(0);
    expect(signOf('-0.01')).toBe(-1);
    expect(signOf('0.0001')).toBe(1);
  });
});

describe('allocationInputs', () => {
  it('sends positive allocations only, in the listed order', () => {
    expect(allocationInputs(['a', 'b', 'c', 'd'], { c: '5', a: '10.5', b: '0', d: 'x' })).toEqual([
      { receivableId: 'a', amount: '10.50' },
      { receivableId: 'c', amount: '5.00' },
    ]);
  });
});

describe('errorsOnRows', () => {
  it('names allocation errors by the receivable they concern, and the whole-list ones by nothing', () => {
    const sent = ['rec-a', 'rec-b'];
    expect(
      errorsOnRows(
        [
          {
            field: ['input', 'allocations', '1', 'amount'],
            code: 'OVER_ALLOCATED',
            message: 'too much',
          },
          {
            field: ['input', 'allocations', '0', 'receivableId'],
            code: 'RECEIVABLE_NOT_FOUND',
            message: 'gone',
          },
          { field: ['input', 'allocations'], code: 'ALLOCATION_MISMATCH', message: 'sum' },
          {
            field: ['input', 'allocations', '7', 'amount'],
            code: 'OVER_ALLOCATED',
            message: 'unknown row',
          },
          { field: ['input', 'amount'], code: 'AMOUNT_NOT_POSITIVE', message: 'zero' },
          { field: null, code: 'CUSTOMER_NOT_FOUND', message: 'who' },
        ],
        sent,
      ),
    ).toEqual([
      { field: ['allocations', 'rec-b'], code: 'OVER_ALLOCATED', message: 'too much' },
      { field: ['allocations', 'rec-a'], code: 'RECEIVABLE_NOT_FOUND', message: 'gone' },
      { field: null, code: 'ALLOCATION_MISMATCH', message: 'sum' },
      { field: null, code: 'OVER_ALLOCATED', message: 'unknown row' },
      { field: ['input', 'amount'], code: 'AMOUNT_NOT_POSITIVE', message: 'zero' },
      { field: null, code: 'CUSTOMER_NOT_FOUND', message: 'who' },
    ]);
  });
});
