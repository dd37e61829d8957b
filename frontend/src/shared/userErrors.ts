/** Placing the API's `userErrors` where the user looks: next to the field they name. */

export interface UserErrorLike {
  field?: readonly string[] | null;
  code: string;
  message: string;
}

export interface FieldError {
  name: string[];
  errors: string[];
}

export interface PlacedErrors {
  /** For antd's `form.setFields`: one entry per field, messages in API order. */
  fields: FieldError[];
  /** Errors that name no field of this form; shown above the form. */
  general: string[];
}

/** Translates a code into the user's language, falling back to the API's message. */
export type Describe = (error: UserErrorLike) => string;

/** The API names fields as the input object does; forms drop the `input` wrapper. */
export function formPath(field: readonly string[]): string[] {
  return field[0] === 'input' ? field.slice(1) : [...field];
}

export function placeUserErrors(
  errors: readonly UserErrorLike[],
  formFields: readonly string[],
  describe: Describe = (e) => e.message,
): PlacedErrors {
  const known = new Set(formFields);
  const byField = new Map<string, FieldError>();
  const general: string[] = [];
  for (const error of errors) {
    const path = error.field ? formPath(error.field) : [];
    const head = path[0];
    if (head === undefined || !known.has(head)) {
      general.push(describe(error));
      continue;
    }
    const key = path.join('.');
    const entry = byField.get(key) ?? { name: path, errors: [] };
    entry.errors.push(describe(error));
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], general };
}
