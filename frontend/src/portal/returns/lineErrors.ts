import type { UserErrorLike } from '../../shared/userErrors';

export interface LineFieldError {
  name: (string | number)[];
  errors: string[];
}

/** requestReturn's errors placed on the form: the API numbers only the lines sent
 * (`lines.N.quantity`), the form has a row per order line; `sentRows[N]` is N's row. Errors
 * on no line field (the order's window, NO_LINES) go above the form. */
export function placeLineErrors(
  errors: readonly UserErrorLike[],
  sentRows: readonly number[],
  describe: (error: UserErrorLike) => string,
): { fields: LineFieldError[]; general: string[] } {
  const fields: LineFieldError[] = [];
  const general: string[] = [];
  for (const error of errors) {
    const path = error.field?.[0] === 'input' ? error.field.slice(1) : (error.field ?? []);
    const [head, index, leaf] = path;
    const row = index !== undefined && /^\d+$/.test(index) ? sentRows[Number(index)] : undefined;
    if (head === 'lines' && row !== undefined && leaf) {
      fields.push({
        name: ['lines', row, leaf === 'orderLineId' ? 'quantity' : leaf],
        errors: [describe(error)],
      });
    } else {
      general.push(describe(error));
    }
  }
  return { fields, general };
}
