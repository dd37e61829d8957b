import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  INSTALMENT_TRIGGERS,
  MAX_DAYS_AFTER,
  MAX_INSTALMENTS,
  MIN_INSTALMENTS,
  planTotal,
  presetThirtySeventy,
  type InstalmentRow,
} from './instalments';

/** The rows of an instalment plan (`instalments` of the surrounding form), their live total and the 30/70 preset. */
export function InstalmentsField() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const rows = Form.useWatch<(InstalmentRow | undefined)[] | undefined>('instalments', form);
  const total = planTotal(rows ?? []);
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <div style={{ flexBasis: '100%' }}>
      <Typography.Text strong>{t('customers.instalmentPlan')}</Typography.Text>
      <Form.List name="instalments">
        {(fields, { add, remove }, { errors }) => (
          <div data-testid="instalment-rows" style={{ marginTop: 8 }}>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap data-testid="instalment-row">
                <Form.Item
                  name={[field.name, 'percent']}
                  label={t('customers.instalmentPercent')}
                  rules={required}
                >
                  <InputNumber
                    aria-label={`${t('customers.instalmentPercent')} ${index + 1}`}
                    stringMode
                    min="0.01"
                    max="100"
                    step="5"
                    suffix="%"
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'trigger']}
                  label={t('customers.instalmentTrigger')}
                  rules={required}
                >
                  <Select
                    aria-label={`${t('customers.instalmentTrigger')} ${index + 1}`}
                    style={{ width: 160 }}
                    options={INSTALMENT_TRIGGERS.map((k) => ({
                      value: k,
                      label: t(`customers.instalmentTriggers.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'daysAfter']}
                  label={t('customers.instalmentDaysAfter')}
                  rules={required}
                >
                  <InputNumber
                    aria-label={`${t('customers.instalmentDaysAfter')} ${index + 1}`}
                    min={0}
                    max={MAX_DAYS_AFTER}
                    precision={0}
                    style={{ width: 90 }}
                  />
                </Form.Item>
                <Button
                  type="text"
                  aria-label={t('customers.removeInstalment', { number: index + 1 })}
                  icon={<MinusCircleOutlined />}
                  disabled={fields.length <= MIN_INSTALMENTS}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            {errors.length > 0 && (
              <Form.Item style={{ margin: 0 }}>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            )}
            <Space wrap style={{ marginTop: 8 }}>
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= MAX_INSTALMENTS}
                onClick={() => add({ trigger: 'DELIVERY', daysAfter: 0 } satisfies InstalmentRow)}
              >
                {t('customers.addInstalment')}
              </Button>
              <Button onClick={() => form.setFieldValue('instalments', presetThirtySeventy())}>
                {t('customers.presetThirtySeventy')}
              </Button>
              <Typography.Text
                data-testid="instalments-total"
                type={total.complete ? 'success' : 'danger'}
              >
                {t('customers.instalmentsTotal', { total: total.text })}
              </Typography.Text>
            </Space>
          </div>
        )}
      </Form.List>
    </div>
  );
}
