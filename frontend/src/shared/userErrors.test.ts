import { describe, expect, it } from 'vitest';
import { formPath, placeUserErrors } from './userErrors';

describe('placeUserErrors', () => {
  const fields = ['email', 'slug', 'password'];

  it('puts each error next to the field it names, several per field in order', () => {
    const placed = placeUserErrors(
      [
        { field: ['slug'], code: 'SLUG_TAKEN', message: 'taken' },
        { field: ['password'], code: 'WEAK_PASSWORD', message: 'weak' },
        { field: ['slug'], code: 'INVALID_SLUG', message: 'bad' },
      ],
      fields,
    );
    expect(placed.fields).toEqual([
      { name: ['slug'], errors: ['taken', 'bad'] },
      { name: ['password'], errors: ['weak'] },
    ]);
    expect(placed.general).toEqual([]);
  });

  it('shows errors without a field, or naming a field the form lacks, above the form', () => {
    const placed = placeUserErrors(
      [
        { field: null, code: 'TOO_MANY_ATTEMPTS', message: 'slow down' },
        { field: ['tenantSlug'], code: 'X', message: 'not here' },
      ],
      fields,
    );
    expect(placed.fields).toEqual([]);
    expect(placed.general).toEqual(['slow down', 'not here']);
  });

  it('drops the input wrapper and keeps nested paths', () => {
    expect(formPath(['input', 'email'])).toEqual(['email']);
    const placed = placeUserErrors(
      [{ field: ['input', 'password', '0'], code: 'C', message: 'm' }],
      fields,
    );
    expect(placed.fields).toEqual([{ name: ['password', '0'], errors: ['m'] }]);
  });

  it('describes errors in the user language when a translation is given', () => {
    const placed = placeUserErrors(
      [{ field: ['email'], code: 'EMAIL_TAKEN', message: 'taken' }],
      fields,
      (e) => `T:${e.code}`,
    );
    expect(placed.fields[0]?.errors).toEqual(['T:EMAIL_TAKEN']);
  });
});
