import { Checkbox, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { WarehousesListQuery } from '../../gql/graphql';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useUserErrors } from '../../shared/useUserErrors';
import { CreateWarehouse, UpdateWarehouse } from './queries';

export type WarehouseRow = WarehousesListQuery['warehouses']['edges'][number]['node'];

const FIELDS = ['code', 'name', 'regions', 'priority', 'active'] as const;

interface WarehouseValues {
  code: string;
  name: string;
  regions: string[];
  priority: number;
  active: boolean;
}

export function WarehouseDrawer({
  open,
  warehouse,
  onClose,
  onSaved,
}: {
  open: boolean;
  warehouse: WarehouseRow | null;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WarehouseValues>();
  const [{ fetching: creating }, create] = useMutation(CreateWarehouse);
  const [{ fetching: updating }, update] = useMutation(UpdateWarehouse);
  const showErrors = useUserErrors(form, FIELDS);

  const submit = async (values: WarehouseValues) => {
    const result = warehouse
      ? await update({ input: { warehouseId: warehouse.id, ...values } })
      : await create({ input: values });
    if (result.error) return [result.error.graphQLErrors[0]?.message ?? t('states.networkError')];
    const data = result.data;
    const errors =
      data && 'updateWarehouse' in data
        ? data.updateWarehouse.userErrors
        : data && 'createWarehouse' in data
          ? data.createWarehouse.userErrors
          : [];
    if (errors.length > 0) return showErrors(errors);
    form.resetFields();
    onSaved(values.name);
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <FormDrawer
      title={
        warehouse ? t('warehouses.editTitle', { name: warehouse.name }) : t('warehouses.newTitle')
      }
      open={open}
      onClose={onClose}
      width={420}
      form={form}
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={creating || updating}
      name="warehouse"
      initialValues={
        warehouse
          ? {
              code: warehouse.code,
              name: warehouse.name,
              regions: warehouse.regions,
              priority: warehouse.priority,
              active: warehouse.active,
            }
          : { regions: [], priority: 100, active: true }
      }
    >
      <Form.Item name="code" label={t('warehouses.code')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="name" label={t('warehouses.name')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="regions" label={t('warehouses.regions')} extra={t('warehouses.regionsHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item
        name="priority"
        label={t('warehouses.priority')}
        extra={t('warehouses.priorityHelp')}
        rules={required}
      >
        <InputNumber precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="active" valuePropName="checked">
        <Checkbox>{t('warehouses.active')}</Checkbox>
      </Form.Item>
    </FormDrawer>
  );
}
