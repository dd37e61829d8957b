import { App, Button, Card, Checkbox, Form, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { InvoiceOptionsQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { formatDateTime, formatDay } from '../../shared/format';
import { useUserErrors } from '../../shared/useUserErrors';
import { receivableTermText } from '../../shared/serverText';
import { formatMoney } from '../catalog/money';
import type { OrderPanelProps } from '../orders/panelProps';
import { useCan } from '../viewer';
import { InvoicesTable } from './InvoicesPage';
import { invoiceChoices, type IssueBasis } from './invoiceOptions';
import { InvoiceOptionsQuery as InvoiceOptionsDoc, InvoicesList, IssueInvoice } from './queries';

type Options = InvoiceOptionsQuery['invoiceOptions'];
const FIELDS = ['basis', 'receivableId', 'shipmentId', 'sendEmail', 'orderId'] as const;

interface IssueValues {
  basis: IssueBasis;
  receivableId?: string;
  shipmentId?: string;
  sendEmail: boolean;
}

function IssueInvoiceModal({
  orderId,
  options,
  open,
  onClose,
  onIssued,
}: {
  orderId: string;
  options: Options;
  open: boolean;
  onClose: () => void;
  onIssued: (number: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<IssueValues>();
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, issue] = useMutation(IssueInvoice);
  const choices = invoiceChoices(options);
  const basis = Form.useWatch('basis', form);
  const language = i18n.language;

  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setGeneral([]);
  }
  // The first basis on offer when the dialog opens; options read later change nothing.
  const firstBasis = useRef<IssueBasis>('ORDER');
  useLayoutEffect(() => {
    firstBasis.current = choices.bases[0] ?? 'ORDER';
  });
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ basis: firstBasis.current, sendEmail: true });
    }
  }, [open, form]);

  const submit = async (values: IssueValues) => {
    setGeneral([]);
    const result = await issue({
      input: {
        orderId,
        basis: values.basis,
        receivableId: values.basis === 'INSTALMENT' ? (values.receivableId ?? null) : null,
        shipmentId: values.basis === 'SHIPMENT' ? (values.shipmentId ?? null) : null,
        sendEmail: values.sendEmail,
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const payload = result.data?.issueInvoice;
    if (!payload?.invoice) return setGeneral(showErrors(payload?.userErrors ?? []));
    onIssued(payload.invoice.number);
  };
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <Modal
      open={open}
      title={t('invoices.issue.title')}
      onCancel={onClose}
      destroyOnHidden
      width={560}
      okText={t('invoices.issue.submit')}
      okButtonProps={{ loading: fetching }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
    >
      <FormAlerts messages={general} />
      {options.invoicedAs && (
        <Typography.Paragraph type="secondary" data-testid="invoiced-as">
          {t('invoices.issue.invoicedAs', { way: t(`invoices.bases.${options.invoicedAs}`) })}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        initialValues={{ sendEmail: true }}
        data-testid="issue-invoice-form"
      >
        <Form.Item name="basis" label={t('invoices.issue.basis')} rules={required}>
          <Radio.Group
            options={(['ORDER', 'INSTALMENT', 'SHIPMENT'] as const).map((b) => ({
              value: b,
              label: t(`invoices.issue.bases.${b}`),
              disabled: !choices.bases.includes(b),
            }))}
          />
        </Form.Item>
        {basis === 'INSTALMENT' && (
          <Form.Item name="receivableId" label={t('invoices.issue.instalment')} rules={required}>
            <Select
              aria-label={t('invoices.issue.instalment')}
              options={choices.instalments.map((r) => ({
                value: r.id,
                label: `${r.sequence}. ${receivableTermText(t, r.term)} · ${formatMoney(r.amount, language)}${r.dueDate ? ` · ${formatDay(r.dueDate, language)}` : ''}`,
              }))}
            />
          </Form.Item>
        )}
        {basis === 'SHIPMENT' && (
          <Form.Item name="shipmentId" label={t('invoices.issue.shipment')} rules={required}>
            <Select
              aria-label={t('invoices.issue.shipment')}
              options={choices.shipments.map((s) => ({
                value: s.id,
                label: `${s.number}${s.shippedAt ? ` · ${formatDateTime(s.shippedAt, language)}` : ''}`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="sendEmail" valuePropName="checked">
          <Checkbox>{t('invoices.issue.sendEmail')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** On the order page: the order's invoices and credit notes, and "Issue invoice". */
export function OrderInvoicesPanel({
  orderId,
  orderVersion,
  onChanged,
}: OrderPanelProps): JSX.Element | null {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mayRead = useCan('invoices', 'read');
  const mayIssue = useCan('invoices', 'issue');
  const [list, refetchList] = useQuery({
    query: InvoicesList,
    variables: { first: 100, filter: { orderId } },
    pause: !mayRead,
  });
  const [opts, refetchOptions] = useQuery({
    query: InvoiceOptionsDoc,
    variables: { orderId },
    pause: !mayIssue,
  });
  const [issuing, setIssuing] = useState(false);

  useEffect(() => {
    if (mayRead) refetchList({ requestPolicy: 'network-only' });
    if (mayIssue) refetchOptions({ requestPolicy: 'network-only' });
  }, [orderVersion, mayRead, mayIssue, refetchList, refetchOptions]);

  if (!mayRead) return null;
  const rows = list.data?.invoices.edges.map((e) => e.node) ?? [];
  const options = opts.data?.invoiceOptions;
  const canIssue = mayIssue && !!options && invoiceChoices(options).bases.length > 0;

  return (
    <Card
      size="small"
      title={t('invoices.panelTitle')}
      style={{ marginBottom: 16 }}
      data-testid="order-invoices"
      extra={
        canIssue && (
          <Button type="primary" onClick={() => setIssuing(true)}>
            {t('invoices.issue.button')}
          </Button>
        )
      }
    >
      <InvoicesTable
        rows={rows}
        loading={list.fetching}
        language={i18n.language}
        testId="order-invoices-table"
        compact
      />
      {options && (
        <IssueInvoiceModal
          orderId={orderId}
          options={options}
          open={issuing}
          onClose={() => setIssuing(false)}
          onIssued={(number) => {
            setIssuing(false);
            void message.success(t('invoices.issue.issued', { number }));
            refetchList({ requestPolicy: 'network-only' });
            refetchOptions({ requestPolicy: 'network-only' });
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
