import { App, Form, Input, Modal } from 'antd';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { actionText } from '../../shared/serverText';
import { useUserErrors } from '../../shared/useUserErrors';
import { TransitionOrder } from './queries';
import { transitionForm, type TransitionLike } from './status';

interface Pending {
  orderId: string;
  version: number;
  transition: TransitionLike;
}

interface Details {
  carrier?: string;
  trackingNumber?: string;
  note?: string;
}

/**
 * Takes a lifecycle action on an order. Shipping asks for the carrier and tracking number and
 * cancelling for a note, in a small form; other actions run at once. `run` resolves to true
 * once the order moved, false when the user gave up or the server refused (with a message).
 */
export function useOrderTransition(): {
  run: (orderId: string, version: number, transition: TransitionLike) => Promise<boolean>;
  dialog: ReactNode;
} {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Details>();
  const [{ fetching }, transition] = useMutation(TransitionOrder);
  const [pending, setPending] = useState<Pending | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const settle = useRef<((done: boolean) => void) | null>(null);
  const showErrors = useUserErrors(form, ['carrier', 'trackingNumber', 'note']);

  const send = useCallback(
    async (target: Pending, details: Details): Promise<{ done: boolean; errors: string[] }> => {
      const result = await transition({
        input: {
          orderId: target.orderId,
          action: target.transition.action,
          expectedVersion: target.version,
          carrier: details.carrier?.trim() || null,
          trackingNumber: details.trackingNumber?.trim() || null,
          note: details.note?.trim() || null,
        },
      });
      if (result.error)
        return {
          done: false,
          errors: [result.error.graphQLErrors[0]?.message ?? t('states.networkError')],
        };
      const payload = result.data?.transitionOrder;
      if (payload?.order) return { done: true, errors: [] };
      return { done: false, errors: showErrors(payload?.userErrors ?? []) };
    },
    [transition, showErrors, t],
  );

  const run = useCallback(
    async (orderId: string, version: number, next: TransitionLike): Promise<boolean> => {
      const target = { orderId, version, transition: next };
      if (transitionForm(next.action) === null) {
        const outcome = await send(target, {});
        if (!outcome.done) message.error(outcome.errors.join(' ') || t('orders.actionFailed'));
        else message.success(t('orders.actionDone', { action: actionText(t, next.action) }));
        return outcome.done;
      }
      form.resetFields();
      setGeneral([]);
      setPending(target);
      return new Promise<boolean>((resolve) => {
        settle.current = resolve;
      });
    },
    [send, form, message, t],
  );

  const close = (done: boolean) => {
    setPending(null);
    settle.current?.(done);
    settle.current = null;
  };

  const submit = async (details: Details) => {
    if (!pending) return;
    setGeneral([]);
    const outcome = await send(pending, details);
    if (!outcome.done) return setGeneral(outcome.errors);
    message.success(t('orders.actionDone', { action: actionText(t, pending.transition.action) }));
    close(true);
  };

  const kind = pending ? transitionForm(pending.transition.action) : null;
  const required = [{ required: true, message: t('validation.required') }];
  const dialog = (
    <Modal
      open={pending !== null}
      title={pending && actionText(t, pending.transition.action)}
      destroyOnClose
      confirmLoading={fetching}
      okText={pending && actionText(t, pending.transition.action)}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => close(false)}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="orderTransition"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
      >
        {kind === 'ship' && (
          <>
            <Form.Item name="carrier" label={t('orders.carrier')} rules={required}>
              <Input />
            </Form.Item>
            <Form.Item name="trackingNumber" label={t('orders.trackingNumber')} rules={required}>
              <Input />
            </Form.Item>
          </>
        )}
        {kind === 'cancel' && (
          <Form.Item name="note" label={t('orders.cancelReason')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
  return { run, dialog };
}
