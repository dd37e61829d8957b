import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Previous / next buttons for keyset-paginated tables. */
export function Pager(props: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button onClick={props.onPrevious} disabled={!props.hasPrevious}>
        {t('common.previous')}
      </Button>
      <Typography.Text aria-live="polite">{t('common.page', { page: props.page })}</Typography.Text>
      <Button onClick={props.onNext} disabled={!props.hasNext}>
        {t('common.next')}
      </Button>
    </Space>
  );
}
