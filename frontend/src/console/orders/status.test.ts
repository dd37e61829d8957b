import { describe, expect, it } from 'vitest';
import {
  lessThan,
  moveItem,
  neighbours,
  sumQuantities,
  transitionForm,
  transitionInto,
} from './status';

describe('the board', () => {
  const draft = [
    { action: 'SUBMIT' as const, label: 'Submit', toStatus: 'CONFIRMED' as const },
    { action: 'CANCEL' as const, label: 'Cancel', toStatus: 'CANCELLED' as const },
  ];
  it('finds the action into a column, submitting for Submitted and Confirmed', () => {
    expect(transitionInto(draft, 'SUBMITTED')?.action).toBe('SUBMIT');
    expect(transitionInto(draft, 'CONFIRMED')?.action).toBe('SUBMIT');
    expect(transitionInto(draft, 'PAID')).toBeUndefined();
    expect(
      transitionInto(
        [{ action: 'MARK_READY_TO_SHIP', label: 'Ready', toStatus: 'READY_TO_SHIP' }],
        'READY_TO_SHIP',
      )?.action,
    ).toBe('MARK_READY_TO_SHIP');
  });
  it('asks for input only to ship and to cancel', () => {
    expect([transitionForm('SHIP'), transitionForm('CANCEL'), transitionForm('MARK_PAID')]).toEqual(
      ['ship', 'cancel', null],
    );
  });
  it('names the neighbours of a moved card', () => {
    const ids = moveItem(['a', 'b', 'c', 'd'], 3, 1);
    expect(ids).toEqual(['a', 'd', 'b', 'c']);
    expect(neighbours(ids, 'd')).toEqual({ afterOrderId: 'a', beforeOrderId: 'b' });
    expect(neighbours(ids, 'a')).toEqual({ afterOrderId: null, beforeOrderId: 'd' });
    expect(neighbours(ids, 'c')).toEqual({ afterOrderId: 'b', beforeOrderId: null });
  });
});

describe('stock arithmetic', () => {
  it('adds and compares decimal quantities exactly', () => {
    expect(sumQuantities(['1.5', '2.125', '0'])).toBe('3.625');
    expect(sumQuantities([])).toBe('0');
    expect(sumQuantities(['0.1', '0.2'])).toBe('0.3');
    expect(lessThan('2.5', '3')).toBe(true);
    expect(lessThan('3', '3.000')).toBe(false);
    expect(lessThan('10', '9.999')).toBe(false);
  });
});

describe('money previews', () => {
  it('adds amounts of up to four places', async () => {
    const { sumDecimals } = await import('./status');
    expect(sumDecimals(['10.00', '0.0050', '1.1'], 4)).toBe('11.105');
  });
});
