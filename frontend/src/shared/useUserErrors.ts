import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { placeUserErrors, type UserErrorLike } from './userErrors';

/**
 * Shows `userErrors` on an antd form: each next to the field it names, the rest returned
 * for an alert above the form. Known codes are translated; others keep the API's message.
 */
export function useUserErrors(form: FormInstance, formFields: readonly string[]) {
  const { t } = useTranslation();
  return useCallback(
    (errors: readonly UserErrorLike[]): string[] => {
      const placed = placeUserErrors(errors, formFields, (e) =>
        t(`errors.${e.code}`, { defaultValue: e.message }),
      );
      form.setFields(placed.fields);
      return placed.general;
    },
    [form, formFields, t],
  );
}
