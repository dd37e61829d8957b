import { describe, expect, it } from 'vitest';
import { placeLineErrors } from './lineErrors';

const describeCode = (e: { code: string }) => e.code;

describe('placeLineErrors', () => {
  it('puts a line error on the row it was sent from', () => {
    const placed = placeLineErrors(
      [{ field: ['input', 'lines', '1', 'quantity'], code: 'MORE_THAN_RETURNABLE', message: '' }],
      [0, 2],
      describeCode,
    );
    expect(placed.fields).toEqual([
      { name: ['lines', 2, 'quantity'], errors: ['MORE_THAN_RETURNABLE'] },
    ]);
    expect(placed.general).toEqual([]);
  });

  it('shows an error about the order above the form', () => {
    const placed = placeLineErrors(
      [{ field: ['input', 'orderId'], code: 'OUTSIDE_RETURN_WINDOW', message: '' }],
      [0],
      describeCode,
    );
    expect(placed).toEqual({ fields: [], general: ['OUTSIDE_RETURN_WINDOW'] });
  });

  it('shows a refused product on its quantity', () => {
    const placed = placeLineErrors(
      [
        {
          field: ['input', 'lines', '0', 'orderLineId'],
          code: 'NON_RETURNABLE_PRODUCT',
          message: '',
        },
      ],
      [3],
      describeCode,
    );
    expect(placed.fields).toEqual([
      { name: ['lines', 3, 'quantity'], errors: ['NON_RETURNABLE_PRODUCT'] },
    ]);
  });
});
