import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { CustomerDetailQuery, PaymentTermsKind } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { departmentName } from '../../shared/serverText';
import { useEscapeToClose } from '../../shared/useEscapeToClose';
import { useUserErrors } from '../../shared/useUserErrors';
import { decimalInput } from '../catalog/money';
import { CustomerTiers } from '../catalog/queries';
import { customerPath } from '../links';
import { useCan, useViewer } from '../viewer';
import { AddressModal, ContactModal, type AddressRow, type ContactRow } from './CustomerForms';
import { InstalmentsField } from './InstalmentsField';
import { blankRows, rowsFromStored } from './instalments';
import {
  PAYMENT_KINDS,
  paymentTermsInput,
  termsFieldErrors,
  useTermsText,
  type TermsValues,
} from './termsForm';
import {
  CustomerDetail,
  GrantPortalAccess,
  RemoveCustomerAddress,
  RevokePortalAccess,
  SetCustomerTags,
  SetDefaultCustomerAddress,
  UpdateCustomer,
} from './queries';

export type CustomerNode = Extract<CustomerDetailQuery['node'], { contacts: unknown }>;

interface ProfileValues {
  name: string;
  tier: string;
  region?: string | null;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
  tags: string[];
}

interface CreditValues extends TermsValues {
  creditLimit: string;
}

const blank = (value?: string | null) => value?.trim() || null;

export function ProfileCard({
  customer,
  onSaved,
}: {
  customer: CustomerNode;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const canWrite = useCan('customers', 'write');
  const [form] = Form.useForm<ProfileValues>();
  const [tiers] = useQuery({ query: CustomerTiers });
  const [{ fetching: saving }, update] = useMutation(UpdateCustomer);
  const [{ fetching: tagging }, setTags] = useMutation(SetCustomerTags);
  const showErrors = useUserErrors(form, [
    'name',
    'tier',
    'region',
    'phone',
    'email',
    'notes',
    'tags',
  ]);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: ProfileValues) => {
    setGeneral([]);
    const result = await update({
      input: {
        customerId: customer.id,
        name: values.name,
        tier: values.tier,
        region: blank(values.region),
        phone: blank(values.phone),
        email: blank(values.email),
        notes: blank(values.notes),
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateCustomer.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    const tagged = await setTags({ input: { customerId: customer.id, tags: values.tags } });
    if (tagged.error)
      return setGeneral([tagged.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const tagErrors = tagged.data?.setCustomerTags.userErrors ?? [];
    if (tagErrors.length > 0) return setGeneral(showErrors(tagErrors));
    onSaved();
  };

  return (
    <Card size="small" title={t('customers.profile')}>
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="customerProfile"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        disabled={!canWrite}
        initialValues={{
          name: customer.name,
          tier: customer.tier,
          region: customer.region,
          phone: customer.phone,
          email: customer.email,
          notes: customer.notes,
          tags: customer.tags,
        }}
      >
        <Form.Item
          name="name"
          label={t('customers.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="tier" label={t('customers.tier')}>
            <Select
              style={{ width: 150 }}
              options={(tiers.data?.customerTiers ?? []).map((tier) => ({
                value: tier,
                label: tier,
              }))}
            />
          </Form.Item>
          <Form.Item name="region" label={t('customers.region')}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="phone" label={t('customers.phone')}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="email" label={t('customers.email')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="tags" label={t('customers.tags')}>
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.notes')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {canWrite && (
          <Button htmlType="submit" loading={saving || tagging}>
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

export function CreditCard({ customer, onSaved }: { customer: CustomerNode; onSaved: () => void }) {
  const { t } = useTranslation();
  const canCredit = useCan('customers', 'credit');
  const [form] = Form.useForm<CreditValues>();
  const [{ fetching }, update] = useMutation(UpdateCustomer);
  const showErrors = useUserErrors(form, ['creditLimit']);
  const [general, setGeneral] = useState<string[]>([]);
  const kind = Form.useWatch('paymentKind', form);
  const describeTerms = useTermsText();

  const chooseKind = (next: PaymentTermsKind) => {
    if (next === 'INSTALMENTS' && (form.getFieldValue('instalments') ?? []).length === 0)
      form.setFieldValue('instalments', blankRows());
  };

  const submit = async (values: CreditValues) => {
    setGeneral([]);
    form.setFields([{ name: ['instalments'], errors: [] }]);
    const paymentTerms = paymentTermsInput(values);
    const result = await update({
      input: {
        customerId: customer.id,
        paymentTerms,
        creditLimit: decimalInput(values.creditLimit),
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateCustomer.userErrors ?? [];
    if (errors.length === 0) return onSaved();
    const { fields, rest } = termsFieldErrors(errors, paymentTerms, t);
    form.setFields(fields);
    setGeneral(showErrors(rest));
  };

  return (
    <Card
      size="small"
      title={t('customers.credit')}
      extra={
        !canCredit && (
          <Typography.Text type="secondary">{t('customers.creditReadOnly')}</Typography.Text>
        )
      }
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="customerCredit"
        layout="inline"
        colon={false}
        onFinish={submit}
        requiredMark={false}
        disabled={!canCredit}
        style={{ rowGap: 8 }}
        initialValues={{
          paymentKind: customer.paymentTerms.kind,
          netDays: customer.paymentTerms.netDays,
          instalments: rowsFromStored(customer.paymentTerms.instalments),
          creditLimit: customer.creditLimit.amount,
        }}
      >
        <Form.Item name="paymentKind" label={t('customers.paymentTerms')}>
          <Select
            style={{ width: 160 }}
            onChange={chooseKind}
            options={PAYMENT_KINDS.map((k) => ({
              value: k,
              label: t(`customers.paymentKinds.${k}`),
            }))}
          />
        </Form.Item>
        {kind === 'NET' && (
          <Form.Item name="netDays" label={t('customers.netDays')}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 90 }} />
          </Form.Item>
        )}
        <Form.Item name="creditLimit" label={t('customers.creditLimit')}>
          <InputNumber
            stringMode
            min="0"
            step="100"
            addonAfter={customer.creditLimit.currency}
            style={{ width: 200 }}
          />
        </Form.Item>
        {kind === 'INSTALMENTS' && <InstalmentsField />}
        {canCredit && (
          <Button htmlType="submit" loading={fetching}>
            {t('common.save')}
          </Button>
        )}
      </Form>
      <Typography.Paragraph
        type="secondary"
        data-testid="current-terms"
        style={{ margin: '12px 0 0' }}
      >
        {t('customers.currentTerms', { terms: describeTerms(customer.paymentTerms) })}
      </Typography.Paragraph>
    </Card>
  );
}

export function ContactsCard({
  customer,
  onChanged,
}: {
  customer: CustomerNode;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { tenant } = useViewer();
  const canWrite = useCan('customers', 'write');
  const canPortal = useCan('customers', 'portal');
  const [editing, setEditing] = useState<ContactRow | null>(null);
  const [adding, setAdding] = useState(false);
  const [, grant] = useMutation(GrantPortalAccess);
  const [, revoke] = useMutation(RevokePortalAccess);

  const toggle = async (contact: ContactRow) => {
    const result = contact.portalEnabled
      ? await revoke({ contactId: contact.id })
      : await grant({ contactId: contact.id });
    const data = result.data;
    const problem =
      data && 'revokePortalAccess' in data
        ? data.revokePortalAccess.userErrors[0]
        : data && 'grantPortalAccess' in data
          ? data.grantPortalAccess.userErrors[0]
          : undefined;
    if (result.error || problem) {
      return void message.error(
        problem
          ? t(`errors.${problem.code}`, { defaultValue: problem.message })
          : result.error?.message,
      );
    }
    void message.success(
      contact.portalEnabled
        ? t('customers.portalRevoked', { name: contact.name })
        : t('customers.portalGranted', { name: contact.name }),
    );
    onChanged();
  };

  return (
    <Card
      size="small"
      title={t('customers.contacts')}
      extra={
        canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('customers.addContact')}
          </Button>
        )
      }
    >
      <Table<ContactRow>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={customer.contacts}
        columns={[
          { title: t('customers.contactName'), dataIndex: 'name', key: 'name' },
          { title: t('customers.email'), dataIndex: 'email', key: 'email' },
          { title: t('customers.phone'), key: 'phone', render: (_, c) => c.phone ?? '—' },
          {
            title: t('customers.portal'),
            key: 'portal',
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Tag color={c.portalEnabled ? 'green' : 'default'}>
                  {c.portalEnabled ? t('customers.portalOn') : t('customers.portalOff')}
                </Tag>
                {c.lastPortalLoginAt && (
                  <Typography.Text type="secondary">
                    {formatDateTime(c.lastPortalLoginAt, i18n.language, tenant.timeZone)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space size={0}>
                {canWrite && (
                  <Button type="link" size="small" onClick={() => setEditing(c)}>
                    {t('common.edit')}
                  </Button>
                )}
                {canPortal && (
                  <Popconfirm
                    title={
                      c.portalEnabled
                        ? t('customers.confirmRevoke', { name: c.name })
                        : t('customers.confirmGrant', { name: c.name })
                    }
                    onConfirm={() => toggle(c)}
                    okText={t('common.yes')}
                    cancelText={t('common.no')}
                  >
                    <Button type="link" size="small" danger={c.portalEnabled}>
                      {c.portalEnabled ? t('customers.revokePortal') : t('customers.grantPortal')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ContactModal
        customerId={customer.id}
        contact={editing}
        open={adding || !!editing}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onSaved={() => {
          setAdding(false);
          setEditing(null);
          onChanged();
        }}
      />
    </Card>
  );
}

export function AddressesCard({
  customer,
  onChanged,
}: {
  customer: CustomerNode;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('customers', 'write');
  const [editing, setEditing] = useState<AddressRow | null>(null);
  const [adding, setAdding] = useState(false);
  const [, setDefault] = useMutation(SetDefaultCustomerAddress);
  const [, remove] = useMutation(RemoveCustomerAddress);

  const act = async (
    run: () => Promise<{ problem?: { code: string; message: string }; error?: string }>,
  ) => {
    const { problem, error } = await run();
    if (problem || error)
      return void message.error(
        problem ? t(`errors.${problem.code}`, { defaultValue: problem.message }) : error,
      );
    onChanged();
  };
  const makeDefault = (a: AddressRow) =>
    act(async () => {
      const r = await setDefault({ addressId: a.id });
      return { problem: r.data?.setDefaultCustomerAddress.userErrors[0], error: r.error?.message };
    });
  const drop = (a: AddressRow) =>
    act(async () => {
      const r = await remove({ addressId: a.id });
      return { problem: r.data?.removeCustomerAddress.userErrors[0], error: r.error?.message };
    });

  return (
    <Card
      size="small"
      title={t('customers.addresses')}
      extra={
        canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('customers.addAddress')}
          </Button>
        )
      }
    >
      <Table<AddressRow>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={customer.addresses}
        columns={[
          {
            title: t('customers.addressKind'),
            key: 'kind',
            render: (_, a) => (
              <Space>
                {t(`customers.addressKinds.${a.kind}`)}
                {a.isDefault && <Tag color="blue">{t('customers.default')}</Tag>}
              </Space>
            ),
          },
          { title: t('customers.recipient'), dataIndex: 'recipient', key: 'recipient' },
          {
            title: t('customers.address'),
            key: 'address',
            render: (_, a) =>
              [a.label, a.line1, a.line2, a.city, a.region, a.postalCode, a.country]
                .filter(Boolean)
                .join(', '),
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, a: AddressRow) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(a)}>
                        {t('common.edit')}
                      </Button>
                      {!a.isDefault && (
                        <Button type="link" size="small" onClick={() => void makeDefault(a)}>
                          {t('customers.setDefault')}
                        </Button>
                      )}
                      <Popconfirm
                        title={t('customers.confirmRemoveAddress')}
                        onConfirm={() => drop(a)}
                        okText={t('common.yes')}
                        cancelText={t('common.no')}
                      >
                        <Button type="link" size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AddressModal
        customerId={customer.id}
        address={editing}
        open={adding || !!editing}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onSaved={() => {
          setAdding(false);
          setEditing(null);
          onChanged();
        }}
      />
    </Card>
  );
}

export function CustomerDrawer({
  customerId,
  onClose,
}: {
  customerId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CustomerDetail,
    variables: { id: customerId ?? '' },
    pause: !customerId,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const node = data?.node;
  const customer = node && 'contacts' in node && node.id === customerId ? node : null;
  const saved = () => {
    void message.success(t('customers.saved'));
    reload();
  };
  useEscapeToClose(!!customerId, onClose);
  return (
    <Drawer
      title={customer?.name ?? ''}
      extra={customer && <Link to={customerPath(customer.id)}>{t('customer360.openPage')}</Link>}
      open={!!customerId}
      onClose={onClose}
      width={860}
      destroyOnClose
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={reload} />
      ) : customer ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} key={customer.id}>
          <Typography.Text type="secondary">
            {t('customers.ownedBy', {
              owner: customer.owner?.name ?? '—',
              department: customer.department ? departmentName(t, customer.department) : '—',
            })}
          </Typography.Text>
          <ProfileCard customer={customer} onSaved={saved} />
          <CreditCard customer={customer} onSaved={saved} />
          <ContactsCard customer={customer} onChanged={reload} />
          <AddressesCard customer={customer} onChanged={reload} />
        </Space>
      ) : fetching ? (
        <LoadingState />
      ) : null}
    </Drawer>
  );
}
