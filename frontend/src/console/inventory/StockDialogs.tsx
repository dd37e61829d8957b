import { Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { decimalInput, requiredDecimal } from '../catalog/money';
import { SkuSelect } from '../catalog/SkuSelect';
import { AdjustStock, ReceiveStock, SetLowStockThreshold } from './queries';
import { WarehouseSelect } from './WarehouseSelect';

/** The SKU in a warehouse that a dialog acts on. */
export interface StockTarget {
  warehouseId: string;
  skuId: string;
  label: string;
  threshold?: string | null;
}

interface ReceiveValues {
  warehouseId: string;
  skuId: string;
  quantity: string;
  reason: string;
}

export function ReceiveStockModal({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReceiveValues>();
  const [{ fetching }, receive] = useMutation(ReceiveStock);
  const showErrors = useUserErrors(form, ['warehouseId', 'skuId', 'quantity', 'reason']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: ReceiveValues) => {
    setGeneral([]);
    const result = await receive({
      input: { ...values, quantity: requiredDecimal(values.quantity) },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.receiveStock.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    form.resetFields();
    onDone();
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Modal
      open={open}
      title={t('inventory.receiveTitle')}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('inventory.receive')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="receiveStock"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
      >
        <Form.Item name="warehouseId" label={t('inventory.warehouse')} rules={required}>
          <WarehouseSelect />
        </Form.Item>
        <Form.Item name="skuId" label={t('inventory.sku')} rules={required}>
          <SkuSelect />
        </Form.Item>
        <Form.Item name="quantity" label={t('inventory.quantity')} rules={required}>
          <InputNumber stringMode min="0.001" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('inventory.reason')}
          extra={t('inventory.receiveReasonHelp')}
          rules={required}
        >
          <Input />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

export function AdjustStockModal({
  target,
  onClose,
  onDone,
}: {
  target: StockTarget | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ delta: string; reason: string }>();
  const [{ fetching }, adjust] = useMutation(AdjustStock);
  const showErrors = useUserErrors(form, ['delta', 'reason']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: { delta: string; reason: string }) => {
    if (!target) return;
    setGeneral([]);
    const result = await adjust({
      input: {
        warehouseId: target.warehouseId,
        skuId: target.skuId,
        delta: requiredDecimal(values.delta),
        reason: values.reason,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.adjustStock.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onDone();
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Modal
      open={!!target}
      title={t('inventory.adjustTitle', { label: target?.label ?? '' })}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('inventory.adjust')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
    >
      <FormAlerts messages={general} />
      <Form form={form} name="adjustStock" layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="delta"
          label={t('inventory.delta')}
          extra={t('inventory.deltaHelp')}
          rules={required}
        >
          <InputNumber stringMode style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('inventory.reason')} rules={required}>
          <Input />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

export function ThresholdModal({
  target,
  onClose,
  onDone,
}: {
  target: StockTarget | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ threshold?: string | null }>();
  const [{ fetching }, setThreshold] = useMutation(SetLowStockThreshold);
  const showErrors = useUserErrors(form, ['threshold']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: { threshold?: string | null }) => {
    if (!target) return;
    setGeneral([]);
    const result = await setThreshold({
      input: {
        warehouseId: target.warehouseId,
        skuId: target.skuId,
        threshold: decimalInput(values.threshold),
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.setLowStockThreshold.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onDone();
  };

  return (
    <Modal
      open={!!target}
      title={t('inventory.thresholdTitle', { label: target?.label ?? '' })}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={fetching}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="lowStockThreshold"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ threshold: target?.threshold ?? null }}
      >
        <Form.Item
          name="threshold"
          label={t('inventory.threshold')}
          extra={t('inventory.thresholdHelp')}
        >
          <InputNumber stringMode min="0" style={{ width: '100%' }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
