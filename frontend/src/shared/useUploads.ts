import type { UploadFile, UploadProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './auth/useSession';

export type FilePurpose = 'ticket_attachment' | 'return_photo' | 'contract_document';

export interface AttachedFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

export interface UploadAnswer {
  id?: string;
  code?: string;
  message?: string;
  errors?: { params?: Record<string, string> }[];
}

/**
 * Files chosen for a message or request, uploaded at once to POST /files (with the session's
 * token) so a refused one (type, size) is marked before the form is sent; `ids` are the
 * accepted uploads to pass as `attachmentIds` / `photoIds`.
 */
export function useUploads(purpose: FilePurpose) {
  const { session } = useSession();
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile<UploadAnswer>[]>([]);

  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', file as Blob);
    try {
      const token = await session.validAccessToken();
      const response = await fetch('/files', {
        method: 'POST',
        body: form,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      const answer = (await response.json()) as UploadAnswer;
      if (response.ok) {
        onSuccess?.(answer);
        return;
      }
      const params = answer.errors?.[0]?.params ?? {};
      const reason = answer.code
        ? t(`errors.${answer.code}`, { defaultValue: answer.message, ...params })
        : t('files.uploadFailed');
      onError?.(Object.assign(new Error(reason), { status: response.status }), answer);
    } catch {
      onError?.(new Error(t('files.uploadFailed')));
    }
  };

  const uploadProps: UploadProps<UploadAnswer> = {
    multiple: true,
    fileList: files,
    customRequest,
    accept: purpose === 'return_photo' ? 'image/jpeg,image/png,image/gif,image/webp' : undefined,
    onChange: ({ fileList }) => setFiles(fileList),
  };
  const ids = files.flatMap((f) => (f.status === 'done' && f.response?.id ? [f.response.id] : []));
  const busy = files.some((f) => f.status === 'uploading');
  return { uploadProps, ids, busy, reset: () => setFiles([]) };
}
