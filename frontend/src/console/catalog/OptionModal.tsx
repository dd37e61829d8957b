import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { decimalInput } from './money';
import { AddProductOption, AddProductOptionValues } from './queries';

interface ValueRow {
  name: string;
  code: string;
  priceDelta?: string;
}

interface OptionValues {
  name?: string;
  values: ValueRow[];
}

/** Adds an option with its values to a product, or more values to an existing option. */
export function OptionModal({
  target,
  onClose,
  onSaved,
}: {
  target: { productId: string } | { optionId: string; optionName: string } | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OptionValues>();
  const [{ fetching: addingValues }, addValues] = useMutation(AddProductOptionValues);
  const [{ fetching: addingOption }, addNewOption] = useMutation(AddProductOption);
  const showErrors = useUserErrors(form, ['name', 'values']);
  const [general, setGeneral] = useState<string[]>([]);
  const isNew = !!target && 'productId' in target;

  const submit = async (values: OptionValues) => {
    if (!target) return;
    setGeneral([]);
    const rows = values.values.map((v) => ({
      name: v.name,
      code: v.code,
      priceDelta: decimalInput(v.priceDelta) ?? '0',
    }));
    const result =
      'productId' in target
        ? await addNewOption({
            input: { productId: target.productId, name: values.name ?? '', values: rows },
          })
        : await addValues({ input: { optionId: target.optionId, values: rows } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const data = result.data;
    const errors =
      data && 'addProductOption' in data
        ? data.addProductOption.userErrors
        : data && 'addProductOptionValues' in data
          ? data.addProductOptionValues.userErrors
          : [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    form.resetFields();
    onSaved();
  };

  return (
    <Modal
      open={!!target}
      destroyOnClose
      width={640}
      title={
        isNew
          ? t('products.addOption')
          : t('products.addValuesTitle', {
              name: target && 'optionName' in target ? target.optionName : '',
            })
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={addingOption || addingValues}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="productOption"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ values: [{ name: '', code: '', priceDelta: '0' }] }}
      >
        {isNew && (
          <Form.Item
            name="name"
            label={t('products.optionName')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.List name="values">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('products.valueName')}
                    rules={[{ required: true, message: t('validation.required') }]}
                  >
                    <Input aria-label={`${t('products.valueName')} ${index + 1}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'code']}
                    label={t('products.valueCode')}
                    rules={[{ required: true, message: t('validation.required') }]}
                  >
                    <Input
                      aria-label={`${t('products.valueCode')} ${index + 1}`}
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'priceDelta']} label={t('products.priceDelta')}>
                    <InputNumber
                      aria-label={`${t('products.priceDelta')} ${index + 1}`}
                      stringMode
                      step="0.01"
                      style={{ width: 120 }}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      aria-label={t('common.delete')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', code: '', priceDelta: '0' })}
              >
                {t('products.addValue')}
              </Button>
            </>
          )}
        </Form.List>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
