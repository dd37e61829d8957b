import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Card, Col, Progress, Result, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, LoadingState } from '../../shared/components/States';
import { departmentName } from '../../shared/serverText';
import { formatMoney } from '../catalog/money';
import { useViewer } from '../viewer';
import {
  AddressesCard,
  ContactsCard,
  CreditCard,
  ProfileCard,
  type CustomerNode,
} from './CustomerDrawer';
import { CUSTOMER_SECTIONS } from './customerSections';
import { customerNodeId } from './customerRoute';
import { CustomerSummary } from './customerPageQueries';
import { CustomerDetail } from './queries';
import { LifecycleTag } from '../revenue/LifecycleTag';

/** Balance and credit used against the limit (credit used is what the customer owes on
 * confirmed orders, the figure the credit check weighs new orders against). */
function CreditSummary({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({ query: CustomerSummary, variables: { id: customerId } });
  const node = data?.node;
  if (!node || !('creditLimit' in node)) return null;
  const owed = node.openBalance;
  const limit = Number(node.creditLimit.amount);
  const used = owed ? Number(owed.amount) : 0;
  const percent = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  return (
    <Card size="small" data-testid="customer-credit">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8}>
          <Statistic
            title={t('customer360.balance')}
            value={owed ? formatMoney(owed, i18n.language) : '—'}
          />
        </Col>
        <Col xs={12} md={8}>
          <Statistic
            title={t('customer360.creditLimit')}
            value={formatMoney(node.creditLimit, i18n.language)}
          />
        </Col>
        <Col xs={24} md={8}>
          <Typography.Text type="secondary">{t('customer360.creditUsed')}</Typography.Text>
          {limit > 0 ? (
            <>
              <Progress
                percent={percent}
                status={used > limit ? 'exception' : 'normal'}
                showInfo={false}
              />
              <Typography.Text>
                {t('customer360.creditUsedOf', {
                  used: formatMoney({ ...node.creditLimit, amount: String(used) }, i18n.language),
                  limit: formatMoney(node.creditLimit, i18n.language),
                })}
              </Typography.Text>
              {used > limit && <Tag color="red">{t('customer360.overLimit')}</Tag>}
            </>
          ) : (
            <div>{t('customer360.noCredit')}</div>
          )}
        </Col>
      </Row>
    </Card>
  );
}

function CustomerView({ customer, onChanged }: { customer: CustomerNode; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { permissions } = useViewer();
  const saved = () => {
    void message.success(t('customers.saved'));
    onChanged();
  };
  const sections = CUSTOMER_SECTIONS.filter(({ needs: [resource, action] }) =>
    permissions.has(`${resource}:${action}`),
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('customers.ownedBy', {
          owner: customer.owner?.name ?? '—',
          department: customer.department ? departmentName(t, customer.department) : '—',
        })}
      </Typography.Text>
      <CreditSummary customerId={customer.id} />
      <Row gutter={[16, 16]}>
        {sections.map(({ key, Component }) => (
          <Col key={key} xs={24} xl={12} data-section={key}>
            <Component customerId={customer.id} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ContactsCard customer={customer} onChanged={onChanged} />
        </Col>
        <Col xs={24} xl={12}>
          <AddressesCard customer={customer} onChanged={onChanged} />
        </Col>
        <Col xs={24} xl={12}>
          <ProfileCard customer={customer} onSaved={saved} />
        </Col>
        <Col xs={24} xl={12}>
          <CreditCard customer={customer} onSaved={saved} />
        </Col>
      </Row>
    </Space>
  );
}

/** The customer 360 page, at /customers/<global id or uuid>: everything about one customer
 * in one place. A customer outside the reader's data scope reads as not found. */
export default function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const nodeId = customerNodeId(id);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CustomerDetail,
    variables: { id: nodeId },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const node = data?.node;
  const customer = node && 'contacts' in node ? node : null;
  const missing = error?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND');
  const back = (
    <Link to="/customers">
      <ArrowLeftOutlined /> {t('customer360.back')}
    </Link>
  );
  if (missing || (data && !customer))
    return <Result status="404" title={t('customer360.notFound')} extra={back} />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  if (!customer) return fetching ? <LoadingState /> : null;
  return (
    <>
      {back}
      <PageHeader
        title={customer.name}
        extra={
          <Space size={4}>
            <Tag color={customer.status === 'ACTIVE' ? 'green' : 'default'}>
              {t(`customer360.statuses.${customer.status}`)}
            </Tag>
            <LifecycleTag customerId={customer.id} />
          </Space>
        }
      />
      <CustomerView key={customer.id} customer={customer} onChanged={reload} />
    </>
  );
}
