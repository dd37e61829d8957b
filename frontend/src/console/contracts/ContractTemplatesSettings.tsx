import { App, Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { UserErrorLike } from '../../shared/userErrors';
import { useCan } from '../viewer';
import { ContractTemplatesQuery, SaveContractTemplate, UpdateContractSettings } from './queries';

interface TemplateValues {
  name: string;
  body: string;
  isDefault: boolean;
}

/** Settings: the tenant's contract templates and reminder ladder (read with contracts:read,
 * changed with contracts:configure). */
export function ContractTemplatesSettings() {
  const mayRead = useCan('contracts', 'read');
  return mayRead ? <TemplatesCard /> : null;
}

function TemplatesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayConfigure = useCan('contracts', 'configure');
  const [{ data }, refetch] = useQuery({ query: ContractTemplatesQuery });
  const [, save] = useMutation(SaveContractTemplate);
  const [, saveSettings] = useMutation(UpdateContractSettings);
  const [selected, setSelected] = useState<string | null>(null);
  const [form] = Form.useForm<TemplateValues>();
  const [offsets, setOffsets] = useState<string | null>(null);
  const templates = data?.contractTemplates ?? [];
  const describe = (errors: UserErrorLike[]) =>
    errors.map((e) => t(`errors.${e.code}`, { defaultValue: e.message })).join(' ');
  const pick = (id: string | null) => {
    setSelected(id);
    const found = templates.find((tpl) => tpl.id === id);
    form.setFieldsValue(
      found
        ? { name: found.name, body: found.body, isDefault: found.isDefault }
        : { name: '', body: '', isDefault: false },
    );
  };
  const submit = async (values: TemplateValues) => {
    const result = await save({ input: { id: selected, ...values } });
    const errors = result.data?.saveContractTemplate.userErrors ?? [];
    if (result.error || errors.length) message.error(result.error?.message ?? describe(errors));
    else {
      message.success(t('contracts.done'));
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const ladder = offsets ?? (data?.contractSettings.reminderOffsets ?? []).join(', ');
  const saveLadder = async () => {
    const reminderOffsets = ladder
      .split(/[,\s]+/)
      .filter(Boolean)
      .map((value) => Number.parseInt(value, 10));
    const result = await saveSettings({ input: { reminderOffsets } });
    const errors = result.data?.updateContractSettings.userErrors ?? [];
    if (result.error || errors.length) message.error(result.error?.message ?? describe(errors));
    else message.success(t('contracts.done'));
  };
  return (
    <Card size="small" title={t('contracts.templates')} data-testid="contract-templates">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ width: 320 }}
          value={selected}
          onChange={pick}
          placeholder={t('contracts.newTemplate')}
          allowClear
          options={templates.map((tpl) => ({
            value: tpl.id,
            label: tpl.isDefault ? `${tpl.name} (${t('contracts.templateDefault')})` : tpl.name,
          }))}
        />
        <Form<TemplateValues>
          form={form}
          layout="vertical"
          disabled={!mayConfigure}
          onFinish={submit}
          initialValues={{ isDefault: false }}
        >
          <Form.Item name="name" label={t('contracts.templateName')}>
            <Input />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('contracts.templateBody')}
            extra={
              <Typography.Text type="secondary">{t('contracts.templateHelp')}</Typography.Text>
            }
          >
            <Input.TextArea rows={8} />
          </Form.Item>
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox>{t('contracts.templateDefault')}</Checkbox>
          </Form.Item>
          {mayConfigure && (
            <Button type="primary" htmlType="submit">
              {t('contracts.saveTemplate')}
            </Button>
          )}
        </Form>
        <Space wrap>
          <Typography.Text>{t('contracts.reminderOffsets')}</Typography.Text>
          <Input
            style={{ width: 200 }}
            value={ladder}
            disabled={!mayConfigure}
            onChange={(event) => setOffsets(event.target.value)}
            data-testid="contract-reminder-offsets"
          />
          {mayConfigure && (
            <Button onClick={() => void saveLadder()}>{t('contracts.saveReminders')}</Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
