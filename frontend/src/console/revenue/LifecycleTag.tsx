import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { LifecycleSegment } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format';
import { CustomerLifecycleQuery } from './queries';

const COLOURS: Record<LifecycleSegment, string> = {
  NEW: 'green',
  GROWING: 'blue',
  MATURE: 'default',
  AT_RISK: 'orange',
  CHURNED: 'red',
};

/** The customer's lifecycle segment on its page, with the rule that fired and its facts. */
export function LifecycleTag({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({ query: CustomerLifecycleQuery, variables: { id: customerId } });
  const node = data?.node;
  const lifecycle = node && 'lifecycle' in node ? node.lifecycle : null;
  if (!lifecycle) return null;
  const why = `${t(`revenue.rules.${lifecycle.rule}`, lifecycle.rule)}: ${lifecycle.reason}`;
  return (
    <Tooltip
      title={`${why} (${t('revenue.computedAt', {
        when: formatDateTime(lifecycle.computedAt, i18n.language),
      })})`}
    >
      <Tag color={COLOURS[lifecycle.segment]} data-testid="lifecycle-segment">
        {t(`revenue.segments.${lifecycle.segment}`)}
      </Tag>
    </Tooltip>
  );
}
