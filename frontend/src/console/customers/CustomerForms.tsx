import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { CustomerAddressKind, CustomerDetailQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { useUserErrors } from '../../shared/useUserErrors';
import { AddContact, AddCustomerAddress, UpdateContact, UpdateCustomerAddress } from './queries';

type CustomerNode = Extract<CustomerDetailQuery['node'], { contacts: unknown }>;
export type ContactRow = CustomerNode['contacts'][number];
export type AddressRow = CustomerNode['addresses'][number];

const ADDRESS_FIELDS = [
  'kind',
  'label',
  'recipient',
  'phone',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
  'isDefault',
] as const;
const ADDRESS_KINDS: CustomerAddressKind[] = ['SHIP_TO', 'BILL_TO'];

interface AddressValues {
  kind: CustomerAddressKind;
  label?: string;
  recipient: string;
  phone?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  isDefault?: boolean;
}

const blank = (value?: string | null) => value?.trim() || null;

/** Adds an address to a customer, or edits one (`address` set). */
export function AddressModal({
  customerId,
  address,
  open,
  onClose,
  onSaved,
}: {
  customerId: string;
  address: AddressRow | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AddressValues>();
  const [{ fetching: adding }, add] = useMutation(AddCustomerAddress);
  const [{ fetching: updating }, update] = useMutation(UpdateCustomerAddress);
  const showErrors = useUserErrors(form, ADDRESS_FIELDS);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: AddressValues) => {
    setGeneral([]);
    const common = {
      label: blank(values.label),
      recipient: values.recipient,
      phone: blank(values.phone),
      line1: values.line1,
      line2: blank(values.line2),
      city: values.city,
      region: blank(values.region),
      postalCode: blank(values.postalCode),
      country: values.country,
    };
    const result = address
      ? await update({ input: { addressId: address.id, ...common } })
      : await add({
          input: { customerId, kind: values.kind, isDefault: !!values.isDefault, ...common },
        });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const data = result.data;
    const errors =
      data && 'updateCustomerAddress' in data
        ? data.updateCustomerAddress.userErrors
        : data && 'addCustomerAddress' in data
          ? data.addCustomerAddress.userErrors
          : [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onSaved();
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Modal
      open={open}
      title={address ? t('customers.editAddress') : t('customers.addAddress')}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={adding || updating}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="customerAddress"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={
          address
            ? { ...address, label: address.label ?? undefined }
            : { kind: 'SHIP_TO', isDefault: false }
        }
      >
        <Form.Item name="kind" label={t('customers.addressKind')} rules={required}>
          <Select
            disabled={!!address}
            options={ADDRESS_KINDS.map((k) => ({
              value: k,
              label: t(`customers.addressKinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="label" label={t('customers.addressLabel')}>
          <Input />
        </Form.Item>
        <Form.Item name="recipient" label={t('customers.recipient')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('customers.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="line1" label={t('customers.line1')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="line2" label={t('customers.line2')}>
          <Input />
        </Form.Item>
        <Form.Item name="city" label={t('customers.city')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="region" label={t('customers.region')}>
          <Input />
        </Form.Item>
        <Form.Item name="postalCode" label={t('customers.postalCode')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="country"
          label={t('customers.country')}
          extra={t('customers.countryHelp')}
          rules={required}
        >
          <Input />
        </Form.Item>
        {!address && (
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox>{t('customers.makeDefault')}</Checkbox>
          </Form.Item>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

interface ContactValues {
  name: string;
  email: string;
  phone?: string;
}

/** Adds a contact to a customer, or edits one (`contact` set). */
export function ContactModal({
  customerId,
  contact,
  open,
  onClose,
  onSaved,
}: {
  customerId: string;
  contact: ContactRow | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ContactValues>();
  const [{ fetching: adding }, add] = useMutation(AddContact);
  const [{ fetching: updating }, update] = useMutation(UpdateContact);
  const showErrors = useUserErrors(form, ['name', 'email', 'phone']);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: ContactValues) => {
    setGeneral([]);
    const fields = { name: values.name, email: values.email, phone: blank(values.phone) };
    const result = contact
      ? await update({ input: { contactId: contact.id, ...fields } })
      : await add({ input: { customerId, ...fields } });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const data = result.data;
    const errors =
      data && 'updateContact' in data
        ? data.updateContact.userErrors
        : data && 'addContact' in data
          ? data.addContact.userErrors
          : [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onSaved();
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Modal
      open={open}
      title={contact ? t('customers.editContact') : t('customers.addContact')}
      destroyOnClose
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={adding || updating}
    >
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="customerContact"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={
          contact
            ? { name: contact.name, email: contact.email, phone: contact.phone ?? undefined }
            : {}
        }
      >
        <Form.Item name="name" label={t('customers.contactName')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('customers.email')} rules={required}>
          <Input type="email" />
        </Form.Item>
        <Form.Item name="phone" label={t('customers.phone')}>
          <Input />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
