import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shared/components/PageHeader';
import { ForbiddenState } from '../../shared/components/States';
import { useCan } from '../viewer';
import { ApprovalInbox } from './ApprovalInbox';
import { ApprovalRules } from './ApprovalRules';

/** Approvers' inbox, and the tenant's approval rules. */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const mayRead = useCan('approvals', 'read');
  const mayConfigure = useCan('approvals', 'configure');
  if (!mayRead) return <ForbiddenState />;
  return (
    <>
      <PageHeader title={t('approvals.title')} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'inbox', label: t('approvals.inbox'), children: <ApprovalInbox /> },
            {
              key: 'rules',
              label: t('approvals.rules'),
              children: <ApprovalRules editable={mayConfigure} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
