import { App, Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { ContractRenewalType } from '../../gql/graphql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { placeUserErrors } from '../../shared/userErrors';
import { CustomerSearchSelect } from '../orders/CustomerSearchSelect';
import { PdfUpload } from './PdfUpload';
import { ContractTemplatesQuery, CreateContract } from './queries';

const RENEWAL_TYPES: ContractRenewalType[] = ['AUTOMATIC', 'EVERGREEN', 'ONCE', 'NONE'];

interface Values {
  customerId?: string;
  title: string;
  templateId?: string;
  startDate: Dayjs;
  initialTermMonths: number;
  renewalType: ContractRenewalType;
  renewalTermMonths?: number | null;
  noticeDays: number;
  minimumTermMonths?: number | null;
  send: boolean;
}

const TERM_FIELDS = [
  'startDate',
  'initialTermMonths',
  'renewalType',
  'renewalTermMonths',
  'noticeDays',
  'minimumTermMonths',
];

/** Staff make a contract: the customer, its title and terms, the template version 1 is
 * rendered from, and whether it goes to the customer for signature at once. */
export function NewContractDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, create] = useMutation(CreateContract);
  const [{ data }] = useQuery({ query: ContractTemplatesQuery, pause: !open });
  const [upload, setUpload] = useState<{ id: string | null; busy: boolean }>({
    id: null,
    busy: false,
  });
  const uploaded = useCallback((id: string | null, busy: boolean) => setUpload({ id, busy }), []);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (values: Values) => {
    const result = await create({
      input: {
        customerId: values.customerId ?? '',
        title: values.title ?? '',
        templateId: values.templateId ?? null,
        uploadId: upload.id,
        send: values.send,
        terms: {
          startDate: values.startDate.format('YYYY-MM-DD'),
          initialTermMonths: values.initialTermMonths ?? 0,
          renewalType: values.renewalType,
          renewalTermMonths: values.renewalTermMonths ?? null,
          noticeDays: values.noticeDays ?? 0,
          minimumTermMonths: values.minimumTermMonths ?? null,
        },
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.createContract;
    if (!payload?.contract) {
      const errors = (payload?.userErrors ?? []).map((e) => ({
        ...e,
        field: e.field && e.field[0] === 'terms' ? e.field.slice(1) : e.field,
      }));
      const placed = placeUserErrors(
        errors,
        ['customerId', 'title', 'templateId', ...TERM_FIELDS],
        (e) => t(`errors.${e.code}`, { defaultValue: e.message }),
      );
      form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
      return placed.general;
    }
    void message.success(t('contracts.created', { number: payload.contract.number }));
    onCreated(payload.contract.id);
  };

  return (
    <FormDrawer<Values>
      title={t('contracts.new')}
      open={open}
      onClose={onClose}
      width={560}
      form={form}
      onSubmit={submit}
      submitLabel={t('contracts.create')}
      submitting={fetching}
      submitDisabled={upload.busy}
      name="newContract"
      formTestId="new-contract-form"
      initialValues={{
        startDate: dayjs(),
        initialTermMonths: 12,
        renewalType: 'AUTOMATIC',
        noticeDays: 30,
        send: true,
      }}
    >
      <Form.Item name="customerId" label={t('contracts.customer')} rules={[{ required: true }]}>
        <CustomerSearchSelect aria-label={t('contracts.customer')} />
      </Form.Item>
      <Form.Item name="title" label={t('contracts.titleColumn')}>
        <Input data-testid="new-contract-title" />
      </Form.Item>
      <Form.Item name="templateId" label={t('contracts.template')}>
        <Select
          allowClear
          placeholder={t('contracts.templateDefault')}
          options={(data?.contractTemplates ?? []).map((tpl) => ({
            value: tpl.id,
            label: tpl.name,
          }))}
        />
      </Form.Item>
      <Form.Item>
        <PdfUpload onChange={uploaded} resetKey={open} />
      </Form.Item>
      <Form.Item name="startDate" label={t('contracts.startDate')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="initialTermMonths" label={t('contracts.initialTermMonths')}>
        <InputNumber min={0} data-testid="new-contract-term" />
      </Form.Item>
      <Form.Item name="renewalType" label={t('contracts.renewal')}>
        <Select
          options={RENEWAL_TYPES.map((value) => ({
            value,
            label: t(`contracts.renewalTypes.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="renewalTermMonths" label={t('contracts.renewalTermMonths')}>
        <InputNumber min={1} />
      </Form.Item>
      <Form.Item name="noticeDays" label={t('contracts.noticeDays')}>
        <InputNumber min={0} data-testid="new-contract-notice" />
      </Form.Item>
      <Form.Item name="minimumTermMonths" label={t('contracts.minimumTermMonths')}>
        <InputNumber min={0} />
      </Form.Item>
      <Form.Item name="send" valuePropName="checked">
        <Checkbox>{t('contracts.sendNow')}</Checkbox>
      </Form.Item>
    </FormDrawer>
  );
}
