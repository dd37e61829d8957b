import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuoteStatus } from '../../gql/graphql';

const COLORS: Record<QuoteStatus, string> = {
  DRAFT: 'default',
  SENT: 'blue',
  ACCEPTED: 'green',
  DECLINED: 'red',
  EXPIRED: 'orange',
  WITHDRAWN: 'default',
};

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="quote-status">
      {t(`quotes.statuses.${status}`)}
    </Tag>
  );
}
