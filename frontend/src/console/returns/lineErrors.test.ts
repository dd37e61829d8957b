import { describe, expect, it } from 'vitest';
import { placeLineErrors } from './lineErrors';

describe('placeLineErrors', () => {
  it('puts a sent line error on the row it came from', () => {
    const placed = placeLineErrors(
      [{ field: ['input', 'lines', '1', 'quantity'], code: 'MORE_THAN_RETURNABLE', message: 'm' }],
      [0, 2],
      (e) => e.code,
    );
    expect(placed).toEqual({
      fields: [{ name: ['lines', 2, 'quantity'], errors: ['MORE_THAN_RETURNABLE'] }],
      general: [],
    });
  });

  it('shows errors on no line above the form', () => {
    const placed = placeLineErrors(
      [
        { field: ['input', 'lines'], code: 'NO_LINES', message: 'm' },
        { field: ['input', 'orderId'], code: 'OUTSIDE_RETURN_WINDOW', message: 'm' },
        { field: null, code: 'X', message: 'm' },
      ],
      [0],
      (e) => e.code,
    );
    expect(placed).toEqual({ fields: [], general: ['NO_LINES', 'OUTSIDE_RETURN_WINDOW', 'X'] });
  });
});
