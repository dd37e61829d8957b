import { Button, Drawer, Form, Space, type FormInstance, type FormProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEscapeToClose } from '../useEscapeToClose';
import { FormAlerts } from './FormAlerts';

export interface FormDrawerProps<TValues> {
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  width: number;
  form: FormInstance<TValues>;
  /**
   * Sends the form. Resolves to the messages for the alert above the form (errors that name
   * no field of it); nothing, or none, when it went through.
   */
  onSubmit: (values: TValues) => Promise<readonly string[] | void>;
  submitLabel: string;
  submitting: boolean;
  submitDisabled?: boolean;
  /** Shows the form disabled, with Close and no submit button. */
  readOnly?: boolean;
  /** The form's name: antd prefixes its fields' ids with it. */
  name?: string;
  initialValues?: FormProps<TValues>['initialValues'];
  formTestId?: string;
  /** Shown between the alerts and the form. */
  intro?: ReactNode;
  /** Shown instead of the form (null: nothing) when there is nothing it could act on. */
  unavailable?: ReactNode;
  children: ReactNode;
}

/**
 * A drawer holding one vertical form: Cancel and the submit button in its header, the
 * submit button busy while the form is sent, and the errors that name no field above it.
 */
export function FormDrawer<TValues>({
  title,
  open,
  onClose,
  width,
  form,
  onSubmit,
  submitLabel,
  submitting,
  submitDisabled = false,
  readOnly = false,
  name,
  initialValues,
  formTestId,
  intro,
  unavailable,
  children,
}: FormDrawerProps<TValues>) {
  const { t } = useTranslation();
  const [general, setGeneral] = useState<readonly string[]>([]);
  const [wasOpen, setWasOpen] = useState(open);
  useEscapeToClose(open, onClose);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setGeneral([]);
  }
  const finish = async (values: TValues) => {
    setGeneral([]);
    setGeneral((await onSubmit(values)) ?? []);
  };
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      width={width}
      destroyOnClose
      extra={
        <Space>
          <Button onClick={onClose}>{readOnly ? t('common.close') : t('common.cancel')}</Button>
          {!readOnly && (
            <Button
              type="primary"
              loading={submitting}
              disabled={submitDisabled}
              onClick={() => form.submit()}
            >
              {submitLabel}
            </Button>
          )}
        </Space>
      }
    >
      <FormAlerts messages={general} />
      {intro}
      {unavailable !== undefined ? (
        unavailable
      ) : (
        <Form<TValues>
          form={form}
          name={name}
          initialValues={initialValues}
          data-testid={formTestId}
          layout="vertical"
          requiredMark={false}
          disabled={readOnly || undefined}
          onFinish={(values) => void finish(values)}
        >
          {children}
          <button type="submit" hidden />
        </Form>
      )}
    </Drawer>
  );
}
