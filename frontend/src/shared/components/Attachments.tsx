import { PaperClipOutlined, PictureOutlined } from '@ant-design/icons';
import { Button, Image, Space, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttachedFile, FilePurpose, UploadAnswer } from '../useUploads';

/** The "Attach files" / "Add photos" button with the chosen files listed under it. */
export function AttachButton({
  purpose,
  uploadProps,
}: {
  purpose: FilePurpose;
  uploadProps: UploadProps<UploadAnswer>;
}) {
  const { t } = useTranslation();
  const photos = purpose === 'return_photo';
  const refused = (uploadProps.fileList ?? []).filter((f) => f.status === 'error');
  return (
    <div>
      <Upload {...uploadProps}>
        <Button icon={photos ? <PictureOutlined /> : <PaperClipOutlined />}>
          {t(photos ? 'files.attachPhotos' : 'files.attach')}
        </Button>
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          {t(photos ? 'files.photoHint' : 'files.fileHint')}
        </Typography.Text>
      </Upload>
      {refused.map((f) => (
        <Typography.Paragraph key={f.uid} type="danger" style={{ margin: '4px 0 0' }} role="alert">
          {f.name}: {(f.error as Error | undefined)?.message ?? t('files.uploadFailed')}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Attached files: images as thumbnails that open large, anything else as a download link. */
export function AttachmentList({ files }: { files: readonly AttachedFile[] }) {
  if (files.length === 0) return null;
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  const others = files.filter((f) => !f.contentType.startsWith('image/'));
  return (
    <Space direction="vertical" size={4} style={{ marginTop: 8 }} data-testid="attachments">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {images.map((f) => (
              <Image
                key={f.id}
                src={f.url}
                alt={f.fileName}
                width={72}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 4 }}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {others.map((f) => (
        <Typography.Link key={f.id} href={f.url} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {f.fileName}{' '}
          <Typography.Text type="secondary">({size(f.sizeBytes)})</Typography.Text>
        </Typography.Link>
      ))}
    </Space>
  );
}
