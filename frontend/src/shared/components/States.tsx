import { Button, Empty, Result, Spin } from 'antd';
import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { isForbidden } from '../graphqlClient';

export function LoadingState() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip={t('common.loading')}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

export function ForbiddenState() {
  const { t } = useTranslation();
  return (
    <Result status="403" title={t('states.forbiddenTitle')} subTitle={t('states.forbiddenBody')} />
  );
}

export function EmptyState({ description }: { description?: string }) {
  const { t } = useTranslation();
  return <Empty description={description ?? t('states.empty')} />;
}

/** A failed query: permission denied, or a retryable error with the API's message. */
export function ErrorState({ error, onRetry }: { error: CombinedError; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (isForbidden(error)) return <ForbiddenState />;
  const detail = error.networkError ? t('states.networkError') : error.graphQLErrors[0]?.message;
  return (
    <Result
      status="error"
      title={t('states.errorTitle')}
      subTitle={detail}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
