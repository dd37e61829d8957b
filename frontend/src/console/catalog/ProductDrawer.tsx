import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { ProductDetailQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { useEscapeToClose } from '../../shared/useEscapeToClose';
import { useUserErrors } from '../../shared/useUserErrors';
import { useCan } from '../viewer';
import { decimalInput, formatMoney, formatQuantity, isZeroDecimal } from './money';
import { OptionModal } from './OptionModal';
import { GenerateVariants, ProductDetail, SetProductActive, UpdateProduct } from './queries';
import { SkuEditModal, type SkuRow } from './SkuEditModal';

type ProductNode = Extract<ProductDetailQuery['node'], { skus: unknown }>;

const FIELDS = ['name', 'description', 'unit', 'taxRate', 'basePrice', 'baseCost'] as const;

interface ProductValues {
  name: string;
  description: string;
  unit: string;
  taxRate: string;
  basePrice: string;
  baseCost: string;
}

function ProductForm({ product, onSaved }: { product: ProductNode; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ProductValues>();
  const [{ fetching }, update] = useMutation(UpdateProduct);
  const showErrors = useUserErrors(form, FIELDS);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async (values: ProductValues) => {
    setGeneral([]);
    const result = await update({
      input: {
        productId: product.id,
        name: values.name,
        description: values.description,
        unit: values.unit,
        taxRate: decimalInput(values.taxRate),
        basePrice: decimalInput(values.basePrice),
        baseCost: decimalInput(values.baseCost),
      },
    });
    if (result.error)
      return setGeneral([result.error.graphQLErrors[0]?.message ?? t('states.networkError')]);
    const errors = result.data?.updateProduct.userErrors ?? [];
    if (errors.length > 0) return setGeneral(showErrors(errors));
    onSaved();
  };

  const required = [{ required: true, message: t('validation.required') }];
  return (
    <>
      <FormAlerts messages={general} />
      <Form
        form={form}
        name="productDetails"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{
          name: product.name,
          description: product.description,
          unit: product.unit,
          taxRate: product.taxRate,
          basePrice: product.basePrice.amount,
          baseCost: product.baseCost.amount,
        }}
      >
        <Form.Item name="name" label={t('products.name')} rules={required}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="unit" label={t('products.unit')} rules={required}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="basePrice" label={t('products.basePrice')} rules={required}>
            <InputNumber stringMode min="0" step="0.01" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="baseCost" label={t('products.cost')} rules={required}>
            <InputNumber stringMode min="0" step="0.01" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="taxRate" label={t('products.taxRate')} rules={required}>
            <InputNumber stringMode min="0" max="0.9999" step="0.01" style={{ width: 110 }} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('products.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={fetching}>
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}

function ProductBody({ product, reload }: { product: ProductNode; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('products', 'write');
  const [optionTarget, setOptionTarget] = useState<
    { productId: string } | { optionId: string; optionName: string } | null
  >(null);
  const [editingSku, setEditingSku] = useState<SkuRow | null>(null);
  const [{ fetching: generating }, generate] = useMutation(GenerateVariants);
  const [{ fetching: toggling }, setActive] = useMutation(SetProductActive);

  const describe = (e: { code: string; message: string }) =>
    t(`errors.${e.code}`, { defaultValue: e.message });
  const onGenerate = async () => {
    const result = await generate({ productId: product.id });
    const payload = result.data?.generateVariants;
    if (result.error || !payload) return void message.error(result.error?.message);
    const problem = payload.userErrors[0];
    if (problem) return void message.error(describe(problem));
    void message.success(t('products.variantsGenerated', { count: payload.createdSkus.length }));
    reload();
  };
  const onToggle = async (active: boolean) => {
    const result = await setActive({ productId: product.id, active });
    const problem = result.data?.setProductActive.userErrors[0];
    if (result.error || problem)
      return void message.error(problem ? describe(problem) : result.error?.message);
    reload();
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('products.code')}>{product.code}</Descriptions.Item>
        <Descriptions.Item label={t('products.status')}>
          {canWrite ? (
            <Switch
              checked={product.active}
              loading={toggling}
              onChange={(v) => void onToggle(v)}
              aria-label={t('products.active')}
              checkedChildren={t('products.active')}
              unCheckedChildren={t('products.inactive')}
            />
          ) : (
            <Tag color={product.active ? 'green' : 'default'}>
              {product.active ? t('products.active') : t('products.inactive')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('products.basePrice')}>
          {formatMoney(product.basePrice, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('products.cost')}>
          {formatMoney(product.baseCost, i18n.language)}
        </Descriptions.Item>
      </Descriptions>
      {canWrite && (
        <Card size="small" title={t('products.details')}>
          <ProductForm
            product={product}
            onSaved={() => {
              void message.success(t('products.saved'));
              reload();
            }}
          />
        </Card>
      )}
      {product.hasOptions && (
        <Card
          size="small"
          title={t('products.options')}
          extra={
            canWrite &&
            product.skus.length === 0 && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setOptionTarget({ productId: product.id })}
              >
                {t('products.addOption')}
              </Button>
            )
          }
        >
          {product.options.length === 0 && (
            <Typography.Text type="secondary">{t('products.noOptions')}</Typography.Text>
          )}
          {product.options.map((option) => (
            <div key={option.id} style={{ marginBottom: 8 }} data-testid="product-option">
              <Typography.Text strong>{option.name}: </Typography.Text>
              {option.values.map((v) => (
                <Tag key={v.id}>
                  {v.name} ({v.code}
                  {isZeroDecimal(v.priceDelta.amount as string)
                    ? ''
                    : `, ${formatMoney(v.priceDelta, i18n.language)}`}
                  )
                </Tag>
              ))}
              {canWrite && (
                <Button
                  type="link"
                  size="small"
                  onClick={() => setOptionTarget({ optionId: option.id, optionName: option.name })}
                >
                  {t('products.addValues')}
                </Button>
              )}
            </div>
          ))}
          {canWrite && product.options.length > 0 && (
            <Button type="primary" loading={generating} onClick={() => void onGenerate()}>
              {t('products.generateVariants')}
            </Button>
          )}
        </Card>
      )}
      <Card size="small" title={t('products.skus')}>
        <Table<SkuRow>
          rowKey="id"
          size="small"
          dataSource={product.skus}
          pagination={false}
          scroll={{ x: 700 }}
          columns={[
            { title: t('products.skuCode'), dataIndex: 'code', key: 'code' },
            { title: t('products.name'), dataIndex: 'name', key: 'name' },
            {
              title: t('products.listPrice'),
              key: 'price',
              render: (_, s) => formatMoney(s.listPrice, i18n.language),
            },
            {
              title: t('products.cost'),
              key: 'cost',
              render: (_, s) => formatMoney(s.cost, i18n.language),
            },
            {
              title: t('products.minOrderQuantity'),
              key: 'moq',
              render: (_, s) => formatQuantity(s.minOrderQuantity as string, i18n.language),
            },
            {
              title: t('products.packSize'),
              key: 'pack',
              render: (_, s) => formatQuantity(s.packSize as string, i18n.language),
            },
            {
              title: t('products.status'),
              key: 'active',
              render: (_, s) => (
                <Tag color={s.sellable ? 'green' : 'default'}>
                  {s.active ? t('products.active') : t('products.inactive')}
                </Tag>
              ),
            },
            ...(canWrite
              ? [
                  {
                    title: t('common.actions'),
                    key: 'edit',
                    render: (_: unknown, s: SkuRow) => (
                      <Button type="link" size="small" onClick={() => setEditingSku(s)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <OptionModal
        target={optionTarget}
        onClose={() => setOptionTarget(null)}
        onSaved={() => {
          setOptionTarget(null);
          reload();
        }}
      />
      <SkuEditModal
        sku={editingSku}
        onClose={() => setEditingSku(null)}
        onSaved={() => {
          setEditingSku(null);
          void message.success(t('products.saved'));
          reload();
        }}
      />
    </Space>
  );
}

export function ProductDrawer({
  productId,
  onClose,
}: {
  productId: string | null;
  onClose: () => void;
}) {
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ProductDetail,
    variables: { id: productId ?? '' },
    pause: !productId,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const node = data?.node;
  const product = node && 'skus' in node ? node : null;
  useEscapeToClose(!!productId, onClose);
  return (
    <Drawer
      title={product?.name ?? ''}
      open={!!productId}
      onClose={onClose}
      width={820}
      destroyOnClose
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={reload} />
      ) : product && product.id === productId ? (
        <ProductBody key={product.id} product={product} reload={reload} />
      ) : fetching ? (
        <LoadingState />
      ) : null}
    </Drawer>
  );
}
