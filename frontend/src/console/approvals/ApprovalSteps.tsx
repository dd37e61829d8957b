import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApprovalStepFieldsFragment, ApprovalStepStatus } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { approvalReasonText } from '../../shared/serverText';
import { statusColor } from '../../shared/status';

export type Step = ApprovalStepFieldsFragment;

export function StepStatusTag({ status }: { status: ApprovalStepStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor('approvalStep', status)} data-testid="approval-step-status">
      {t(`approvals.stepStatuses.${status}`)}
    </Tag>
  );
}

/** The rules that asked for a step, each with its figures. */
export function StepReasons({ step }: { step: Pick<Step, 'reasons'> }) {
  const { t, i18n } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      {step.reasons.map((reason) => (
        <span key={reason.code}>
          <Tag>{t(`approvals.reasons.${reason.code}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {approvalReasonText(t, i18n.language, reason)}
          </Typography.Text>
        </span>
      ))}
    </Space>
  );
}

/** A request's steps in decision order: level, why, where it is and who decided. */
export function ApprovalSteps({ steps }: { steps: readonly Step[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<Step>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...steps]}
      data-testid="approval-steps"
      columns={[
        { title: '#', dataIndex: 'sequence', key: 'sequence', width: 48 },
        {
          title: t('approvals.level'),
          key: 'level',
          render: (_, s) => t(`approvals.levels.${s.level}`),
        },
        {
          title: t('approvals.reasonsTitle'),
          key: 'reasons',
          render: (_, s) => <StepReasons step={s} />,
        },
        {
          title: t('approvals.status'),
          key: 'status',
          render: (_, s) => <StepStatusTag status={s.status} />,
        },
        {
          title: t('approvals.decidedBy'),
          key: 'decided',
          render: (_, s) =>
            s.decidedAt ? (
              <Space direction="vertical" size={0}>
                <span>{`${s.decidedBy ?? '—'} · ${formatDateTime(s.decidedAt, i18n.language)}`}</span>
                {s.decisionReason && (
                  <Typography.Text type="secondary">{s.decisionReason}</Typography.Text>
                )}
              </Space>
            ) : s.waitingSince ? (
              t('approvals.waitingSince', { when: formatDateTime(s.waitingSince, i18n.language) })
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
