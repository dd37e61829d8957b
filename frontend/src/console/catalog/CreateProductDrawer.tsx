import { Checkbox, Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useUserErrors } from '../../shared/useUserErrors';
import { decimalInput, requiredDecimal } from './money';
import { CreateProduct } from './queries';

const FIELDS = [
  'code',
  'name',
  'unit',
  'listPrice',
  'cost',
  'taxRate',
  'minOrderQuantity',
  'packSize',
  'description',
  'hasOptions',
] as const;

interface ProductValues {
  code: string;
  name: string;
  unit: string;
  listPrice: string;
  cost?: string;
  taxRate: string;
  minOrderQuantity?: string;
  packSize?: string;
  description?: string;
  hasOptions: boolean;
}

export function CreateProductDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ProductValues>();
  const [{ fetching }, create] = useMutation(CreateProduct);
  const showErrors = useUserErrors(form, FIELDS);

  const submit = async (values: ProductValues) => {
    const result = await create({
      input: {
        code: values.code,
        name: values.name,
        unit: values.unit,
        listPrice: requiredDecimal(values.listPrice),
        cost: decimalInput(values.cost) ?? '0',
        taxRate: requiredDecimal(values.taxRate),
        minOrderQuantity: decimalInput(values.minOrderQuantity) ?? '1',
        packSize: decimalInput(values.packSize) ?? '1',
        description: values.description ?? '',
        hasOptions: values.hasOptions,
      },
    });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const payload = result.data?.createProduct;
    if (!payload?.product) return showErrors(payload?.userErrors ?? []);
    form.resetFields();
    onCreated(payload.product.id, payload.product.name);
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <FormDrawer
      title={t('products.newTitle')}
      open={open}
      onClose={onClose}
      width={460}
      form={form}
      onSubmit={submit}
      submitLabel={t('common.create')}
      submitting={fetching}
      name="newProduct"
      initialValues={{
        unit: 'pcs',
        cost: '0',
        taxRate: '0',
        minOrderQuantity: '1',
        packSize: '1',
        hasOptions: false,
      }}
    >
      <Form.Item name="code" label={t('products.code')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="name" label={t('products.name')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="unit" label={t('products.unit')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="listPrice" label={t('products.listPrice')} rules={required}>
        <InputNumber stringMode min="0" step="0.01" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="cost" label={t('products.cost')}>
        <InputNumber stringMode min="0" step="0.01" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="taxRate"
        label={t('products.taxRate')}
        extra={t('products.taxRateHelp')}
        rules={required}
      >
        <InputNumber stringMode min="0" max="0.9999" step="0.01" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="minOrderQuantity" label={t('products.minOrderQuantity')}>
        <InputNumber stringMode min="0" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="packSize" label={t('products.packSize')}>
        <InputNumber stringMode min="0" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="description" label={t('products.description')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="hasOptions" valuePropName="checked" extra={t('products.hasOptionsHelp')}>
        <Checkbox>{t('products.hasOptions')}</Checkbox>
      </Form.Item>
    </FormDrawer>
  );
}
