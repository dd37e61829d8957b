import {
  App,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { CsatResultsQuery, SurveyScale, TicketSurveySettingsQuery } from '../../gql/graphql';
import { FormAlerts } from '../../shared/components/FormAlerts';
import { PageHeader } from '../../shared/components/PageHeader';
import { ErrorState, ForbiddenState, LoadingState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/format';
import { ratingLabel } from '../../shared/surveyRating';
import { useUserErrors } from '../../shared/useUserErrors';
import { customerPath, ticketPath } from '../links';
import { useCan } from '../viewer';
import { TicketAssignees } from './queries';
import {
  CsatResultsQuery as CsatResultsDocument,
  SaveSurveySettings,
  SurveySettingsQuery,
} from './csatQueries';

type Answer = CsatResultsQuery['csatResults']['answers'][number];
type OwnerFigures = CsatResultsQuery['csatResults']['byOwner'][number];
const PERIODS = { D7: 7, D30: 30, D90: 90, D365: 365 } as const;
type Period = keyof typeof PERIODS;
const DAY_MS = 24 * 60 * 60 * 1000;

function windowOf(period: Period): { from: string; to: string } {
  const now = Date.now();
  return {
    from: new Date(now - PERIODS[period] * DAY_MS).toISOString(),
    to: new Date(now + 60 * 60 * 1000).toISOString(),
  };
}

function percent(value: string | null | undefined): string {
  return value == null ? '—' : `${value} %`;
}

/** Customer satisfaction (under Support): CSAT % and response rate of the surveys sent in a
 * period, optionally of one owner, and the answers; the survey settings for those who may
 * configure tickets. */
export default function CsatPage() {
  const { t, i18n } = useTranslation();
  const mayRead = useCan('tickets', 'read');
  const mayConfigure = useCan('tickets', 'configure');
  const [period, setPeriod] = useState<Period>('D30');
  const choosePeriod = (value: Period) => {
    setPeriod(value);
    setSpan(windowOf(value));
  };
  const [ownerId, setOwnerId] = useState<string | null>(null);
  // The window is fixed when the period is chosen, so the query's variables stay put.
  const [span, setSpan] = useState(() => windowOf('D30'));
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CsatResultsDocument,
    variables: { ...span, ownerId },
    pause: !mayRead,
    requestPolicy: 'cache-and-network',
  });
  const [{ data: people }] = useQuery({ query: TicketAssignees, pause: !mayRead });
  if (!mayRead) return <ForbiddenState />;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const results = data?.csatResults;
  const figures = results?.figures;
  const when = (value: string) => formatDateTime(value, i18n.language);
  return (
    <>
      <PageHeader title={t('csat.title')} extra={<Link to="/tickets">{t('csat.back')}</Link>} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Space wrap>
            <Segmented<Period>
              aria-label={t('csat.period')}
              value={period}
              onChange={choosePeriod}
              options={(Object.keys(PERIODS) as Period[]).map((p) => ({
                value: p,
                label: t(`csat.periods.${p}`),
              }))}
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={t('csat.owner')}
              placeholder={t('csat.anyOwner')}
              style={{ minWidth: 200 }}
              value={ownerId}
              onChange={(value: string | undefined) => setOwnerId(value ?? null)}
              options={(people?.users.edges ?? []).map((e) => ({
                value: e.node.id,
                label: e.node.name,
              }))}
            />
          </Space>
        </Card>
        {!results && fetching ? (
          <LoadingState />
        ) : (
          <>
            <Row gutter={[16, 16]} data-testid="csat-figures">
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('csat.csatPercent')} value={percent(figures?.csatPercent)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic
                    title={t('csat.responseRate')}
                    value={percent(figures?.responseRate)}
                  />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('csat.sent')} value={figures?.sent ?? 0} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('csat.answered')} value={figures?.answered ?? 0} />
                </Card>
              </Col>
            </Row>
            {!ownerId && (results?.byOwner.length ?? 0) > 1 && (
              <Card size="small" title={t('csat.byOwner')}>
                <Table<OwnerFigures>
                  size="small"
                  data-testid="csat-by-owner"
                  rowKey={(row) => row.owner?.id ?? 'nobody'}
                  dataSource={results?.byOwner ?? []}
                  pagination={false}
                  columns={[
                    {
                      title: t('csat.owner'),
                      key: 'owner',
                      render: (_, row) => row.owner?.name ?? t('csat.nobody'),
                    },
                    {
                      title: t('csat.csatPercent'),
                      key: 'csat',
                      render: (_, row) => percent(row.csatPercent),
                    },
                    {
                      title: t('csat.responseRate'),
                      key: 'rate',
                      render: (_, row) => percent(row.responseRate),
                    },
                    { title: t('csat.sent'), dataIndex: 'sent' },
                    { title: t('csat.answered'), dataIndex: 'answered' },
                  ]}
                />
              </Card>
            )}
            <Card size="small">
              <Table<Answer>
                size="small"
                rowKey="ticketId"
                data-testid="csat-answers"
                loading={fetching}
                dataSource={results?.answers ?? []}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                locale={{ emptyText: t('csat.empty') }}
                columns={[
                  {
                    title: t('csat.ticket'),
                    key: 'ticket',
                    render: (_, a) => (
                      <Link to={ticketPath(a.ticketNumber)}>
                        {a.ticketNumber} · {a.ticketSubject}
                      </Link>
                    ),
                  },
                  {
                    title: t('csat.customer'),
                    key: 'customer',
                    render: (_, a) =>
                      a.customer ? (
                        <Link to={customerPath(a.customer.id)}>{a.customer.name}</Link>
                      ) : (
                        '—'
                      ),
                  },
                  {
                    title: t('csat.owner'),
                    key: 'owner',
                    render: (_, a) => a.owner?.name ?? t('csat.nobody'),
                  },
                  {
                    title: t('csat.rating'),
                    key: 'rating',
                    render: (_, a) => (
                      <Tag color={a.good ? 'green' : 'red'}>{ratingLabel(t, a.rating)}</Tag>
                    ),
                  },
                  {
                    title: t('csat.reason'),
                    key: 'reason',
                    render: (_, a) => (a.reason ? t(`csat.reasons.${a.reason}`) : '—'),
                  },
                  { title: t('csat.comment'), dataIndex: 'comment', render: (c) => c ?? '—' },
                  {
                    title: t('csat.answeredAt'),
                    key: 'answeredAt',
                    render: (_, a) => when(a.answeredAt),
                  },
                ]}
              />
            </Card>
          </>
        )}
        {mayConfigure && <SurveySettingsCard />}
      </Space>
    </>
  );
}

type SettingsValues = TicketSurveySettingsQuery['ticketSurveySettings'];
const SETTINGS_FIELDS = ['delayHours', 'validityDays', 'scale'] as const;
const SCALES: SurveyScale[] = ['GOOD_BAD', 'FIVE_POINT'];

function SurveySettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsValues>();
  const [{ data }] = useQuery({ query: SurveySettingsQuery });
  const [{ fetching }, save] = useMutation(SaveSurveySettings);
  const placeErrors = useUserErrors(form, SETTINGS_FIELDS);
  const [general, setGeneral] = useState<string[]>([]);
  if (!data) return null;
  const submit = async (values: SettingsValues) => {
    const result = await save({ input: values });
    const errors = result.data?.saveTicketSurveySettings.userErrors ?? [];
    if (result.error) {
      setGeneral([t('states.networkError')]);
      return;
    }
    setGeneral(placeErrors(errors));
    if (errors.length === 0) void message.success(t('csat.settings.saved'));
  };
  return (
    <Card size="small" title={t('csat.settings.title')} data-testid="survey-settings">
      <FormAlerts messages={general} />
      <Form<SettingsValues>
        form={form}
        layout="inline"
        initialValues={data.ticketSurveySettings}
        onFinish={submit}
      >
        <Form.Item name="delayHours" label={t('csat.settings.delayHours')}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="validityDays" label={t('csat.settings.validityDays')}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="scale" label={t('csat.settings.scale')}>
          <Radio.Group options={SCALES.map((s) => ({ value: s, label: t(`csat.scales.${s}`) }))} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={fetching}>
            {t('csat.settings.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
