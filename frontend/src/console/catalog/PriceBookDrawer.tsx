import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { PriceBookKind, PriceBooksListQuery } from '../../gql/graphql';
import type { UserErrorLike } from '../../shared/userErrors';
import { FormDrawer } from '../../shared/components/FormDrawer';
import { useUserErrors } from '../../shared/useUserErrors';
import { decimalInput, requiredDecimal } from './money';
import { CreatePriceBook, CustomerTiers, SetPriceBookEntries, UpdatePriceBook } from './queries';
import { SkuSelect, type SkuOption } from './SkuSelect';

export type PriceBookRow = PriceBooksListQuery['priceBooks']['edges'][number]['node'];
const PRICE_BOOK_KINDS: PriceBookKind[] = ['TIER', 'PROMOTION', 'REGIONAL', 'VOLUME'];

const FIELDS = [
  'name',
  'kind',
  'customerTier',
  'region',
  'validity',
  'priority',
  'active',
  'entries',
] as const;

interface EntryValues {
  skuId: string;
  unitPrice: string;
  minQuantity?: string;
}

interface BookValues {
  name: string;
  kind: PriceBookKind;
  customerTier?: string | null;
  region?: string | null;
  validity?: [Dayjs | null, Dayjs | null] | null;
  priority: number;
  active: boolean;
  entries: EntryValues[];
}

function day(value: Dayjs | null | undefined): string | null {
  return value ? value.format('YYYY-MM-DD') : null;
}

function toEntries(values: BookValues) {
  return (values.entries ?? []).map((e) => ({
    skuId: e.skuId,
    unitPrice: requiredDecimal(e.unitPrice),
    minQuantity: decimalInput(e.minQuantity) ?? '1',
  }));
}

/** Creates a price book or edits one: its rule (kind, tier, region, validity, priority) and its prices. */
export function PriceBookDrawer({
  open,
  book,
  onClose,
  onSaved,
}: {
  open: boolean;
  book: PriceBookRow | null;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<BookValues>();
  const [tiers] = useQuery({ query: CustomerTiers, pause: !open });
  const [{ fetching: creating }, create] = useMutation(CreatePriceBook);
  const [{ fetching: updating }, update] = useMutation(UpdatePriceBook);
  const [{ fetching: setting }, setEntries] = useMutation(SetPriceBookEntries);
  const showErrors = useUserErrors(form, FIELDS);
  const kind = Form.useWatch('kind', form);
  const known: SkuOption[] = (book?.entries ?? []).map((e) => e.sku);

  const report = (errors: readonly UserErrorLike[]) =>
    showErrors(
      errors.map((e) => ({
        ...e,
        field: e.field?.[0] === 'validFrom' || e.field?.[0] === 'validTo' ? ['validity'] : e.field,
      })),
    );
  const failed = (error: CombinedError) => [
    error.graphQLErrors[0]?.message ?? t('states.networkError'),
  ];

  const submit = async (values: BookValues) => {
    const [from, to] = values.validity ?? [null, null];
    const rule = {
      name: values.name,
      kind: values.kind,
      customerTier: values.customerTier || null,
      region: values.region?.trim() || null,
      validFrom: day(from),
      validTo: day(to),
      priority: values.priority,
      active: values.active,
    };
    if (!book) {
      const result = await create({ input: { ...rule, entries: toEntries(values) } });
      if (result.error) return failed(result.error);
      const errors = result.data?.createPriceBook.userErrors ?? [];
      if (errors.length > 0) return report(errors);
      form.resetFields();
      onSaved(values.name);
      return;
    }
    const updated = await update({ input: { priceBookId: book.id, ...rule } });
    if (updated.error) return failed(updated.error);
    const errors = updated.data?.updatePriceBook.userErrors ?? [];
    if (errors.length > 0) return report(errors);
    const replaced = await setEntries({
      input: { priceBookId: book.id, entries: toEntries(values) },
    });
    if (replaced.error) return failed(replaced.error);
    const entryErrors = replaced.data?.setPriceBookEntries.userErrors ?? [];
    if (entryErrors.length > 0) return report(entryErrors);
    onSaved(values.name);
  };

  const initial: Partial<BookValues> = book
    ? {
        name: book.name,
        kind: book.kind,
        customerTier: book.customerTier,
        region: book.region,
        validity:
          book.validFrom || book.validTo
            ? [
                book.validFrom ? dayjs(book.validFrom as string) : null,
                book.validTo ? dayjs(book.validTo as string) : null,
              ]
            : null,
        priority: book.priority,
        active: book.active,
        entries: book.entries.map((e) => ({
          skuId: e.sku.id,
          unitPrice: e.unitPrice.amount as string,
          minQuantity: e.minQuantity as string,
        })),
      }
    : { kind: 'TIER', priority: 0, active: true, entries: [] };
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <FormDrawer
      title={book ? t('priceBooks.editTitle', { name: book.name }) : t('priceBooks.newTitle')}
      open={open}
      onClose={onClose}
      width={720}
      form={form}
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={creating || updating || setting}
      name="priceBook"
      initialValues={initial}
    >
      <Form.Item name="name" label={t('priceBooks.name')} rules={required}>
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="kind" label={t('priceBooks.kind')} rules={required}>
          <Select
            style={{ width: 180 }}
            options={PRICE_BOOK_KINDS.map((k) => ({
              value: k,
              label: t(`priceBooks.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="customerTier" label={t('priceBooks.customerTier')}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={(tiers.data?.customerTiers ?? []).map((tier) => ({
              value: tier,
              label: tier,
            }))}
          />
        </Form.Item>
        <Form.Item name="region" label={t('priceBooks.region')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="priority" label={t('priceBooks.priority')} rules={required}>
          <InputNumber precision={0} style={{ width: 100 }} />
        </Form.Item>
      </Space>
      <Form.Item
        name="validity"
        label={t('priceBooks.validity')}
        extra={t('priceBooks.validityHelp')}
      >
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="active" valuePropName="checked">
        <Checkbox>{t('priceBooks.active')}</Checkbox>
      </Form.Item>
      <Typography.Title level={5}>{t('priceBooks.entries')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {kind === 'VOLUME' ? t('priceBooks.entriesVolumeHelp') : t('priceBooks.entriesHelp')}
      </Typography.Paragraph>
      <Form.List name="entries">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap data-testid="price-book-entry">
                <Form.Item
                  name={[field.name, 'skuId']}
                  label={t('priceBooks.sku')}
                  rules={required}
                >
                  <SkuSelect known={known} aria-label={`${t('priceBooks.sku')} ${index + 1}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'minQuantity']} label={t('priceBooks.minQuantity')}>
                  <InputNumber
                    aria-label={`${t('priceBooks.minQuantity')} ${index + 1}`}
                    stringMode
                    min="0.001"
                    disabled={kind !== 'VOLUME'}
                    style={{ width: 110 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'unitPrice']}
                  label={t('priceBooks.unitPrice')}
                  rules={required}
                >
                  <InputNumber
                    aria-label={`${t('priceBooks.unitPrice')} ${index + 1}`}
                    stringMode
                    min="0"
                    step="0.01"
                    style={{ width: 130 }}
                  />
                </Form.Item>
                <Button
                  type="text"
                  aria-label={`${t('common.delete')} ${index + 1}`}
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ minQuantity: '1' })}>
              {t('priceBooks.addEntry')}
            </Button>
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}
