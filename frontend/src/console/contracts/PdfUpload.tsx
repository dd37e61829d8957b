import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUploads } from '../../shared/useUploads';

/** One PDF uploaded at once (purpose contract_document); `onChange` gets its upload id, or
 * null while there is none (or it was refused). */
export function PdfUpload({
  onChange,
  resetKey,
}: {
  onChange: (uploadId: string | null, busy: boolean) => void;
  resetKey: unknown;
}) {
  const { t } = useTranslation();
  const { uploadProps, ids, busy, reset } = useUploads('contract_document');
  const uploadId = ids[0] ?? null;
  useEffect(() => onChange(uploadId, busy), [uploadId, busy, onChange]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => reset(), [resetKey]);
  return (
    <Upload {...uploadProps} multiple={false} maxCount={1} accept="application/pdf">
      <Button icon={<UploadOutlined />} data-testid="contract-pdf-upload">
        {t('contracts.uploadPdf')}
      </Button>
    </Upload>
  );
}
