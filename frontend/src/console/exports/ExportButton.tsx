import { DownOutlined, ExportOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMutation } from 'urql';
import { withoutEmpty, type UrlValues } from '../../shared/useUrlFilters';
import { StartExport } from './queries';

/** The lists the API exports (startExport's `list`). */
export type ExportList =
  'ORDERS' | 'CUSTOMERS' | 'PRODUCTS' | 'INVOICES' | 'RECEIVABLES' | 'PAYMENTS' | 'AUDIT';

/**
 * "Export" with CSV / XLSX: asks the worker to write the list with the page's current
 * filter (the list query's own filter, as the page keeps it in the URL); the user is
 * notified when the file is ready, and "My exports" lists the files.
 */
export function ExportButton({ list, filter }: { list: ExportList; filter: object }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [{ fetching }, startExport] = useMutation(StartExport);

  const start = async (format: 'CSV' | 'XLSX') => {
    const result = await startExport({
      input: { list, format, filter: withoutEmpty(filter as UrlValues) },
    });
    const payload = result.data?.startExport;
    if (!payload?.export) {
      const reason = payload?.userErrors[0]?.message ?? result.error?.message ?? '';
      void message.error(t('exports.startFailed', { reason }));
      return;
    }
    void message.success(t('exports.started'));
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'CSV', label: t('exports.csv') },
          { key: 'XLSX', label: t('exports.xlsx') },
          { type: 'divider' },
          { key: 'mine', label: t('exports.mine') },
        ],
        onClick: ({ key }) => {
          if (key === 'mine') navigate('/exports');
          else void start(key as 'CSV' | 'XLSX');
        },
      }}
    >
      <Button icon={<ExportOutlined />} loading={fetching} data-testid={`export-${list}`}>
        {t('exports.export')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
