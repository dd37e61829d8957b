import { Checkbox, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { ProductDetailQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { decimalInput } from './money';
import { UpdateSku } from './queries';

type ProductNode = Extract<ProductDetailQuery['node'], { skus: unknown }>;
export type SkuRow = ProductNode['skus'][number];

const FIELDS = [
  'code',
  'name',
  'listPrice',
  'cost',
  'minOrderQuantity',
  'packSize',
  'active',
] as const;

interface SkuValues {
  code: string;
  name: string;
  listPrice: string;
  cost: string;
  minOrderQuantity: string;
  packSize: string;
  active: boolean;
}

export function SkuEditModal({
  sku,
  onClose,
  onSaved,
}: {
  sku: SkuRow | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SkuValues>();
  const [{ fetching }, update] = useMutation(UpdateSku);
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: SkuValues) => {
    if (!sku) return;
    setGeneral([]);
    const result = await update({
      input: {
        skuId: sku.id,
        code: values.code,
        name: values.name,
        listPrice: decimalInput(values.listPrice),
        cost: decimalInput(values.cost),
        minOrderQuantity: decimalInput(values.minOrderQuantity),
        packSize: decimalInput(values.packSize),
        active: values.active,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateSku.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onSaved();
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Modal
      open={!!sku}
      title={t('products.editSku', { code: sku?.code ?? '' })}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
    >
      <FormAlerts messages={general} />
      {sku && (
        <Form
          form={form}
          name="sku"
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          initialValues={{
            code: sku.code,
            name: sku.name,
            listPrice: sku.listPrice.amount,
            cost: sku.cost.amount,
            minOrderQuantity: sku.minOrderQuantity,
            packSize: sku.packSize,
            active: sku.active,
          }}
        >
          <Form.Item name="code" label={t('products.skuCode')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('products.name')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="listPrice" label={t('products.listPrice')} rules={required}>
            <InputNumber stringMode min="0" step="0.01" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="cost" label={t('products.cost')} rules={required}>
            <InputNumber stringMode min="0" step="0.01" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="minOrderQuantity"
            label={t('products.minOrderQuantity')}
            rules={required}
          >
            <InputNumber stringMode min="0" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="packSize" label={t('products.packSize')} rules={required}>
            <InputNumber stringMode min="0" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="active" valuePropName="checked">
            <Checkbox>{t('products.active')}</Checkbox>
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      )}
    </Modal>
  );
}
