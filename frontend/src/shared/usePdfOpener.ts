import { App } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './auth/useSession';

/** The file name the server gives a document (`INV-000123.pdf`), else the URL's last part. */
export function downloadName(contentDisposition: string | null, url: string): string {
  const named = /filename="?([^";]+)"?/i.exec(contentDisposition ?? '');
  return named?.[1] ?? url.split('/').pop() ?? 'document.pdf';
}

/**
 * Downloads a document the API serves (an invoice's PDF) under the name the server gives it
 * (`INV-000123.pdf`). The session is a bearer token held in memory, not a cookie, so a bare
 * link would arrive unauthenticated: the click fetches the file with the token and saves it
 * from a blob URL (a blob URL alone would be saved under a random name). The href stays for
 * copying.
 */
export function usePdfOpener() {
  const { session } = useSession();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async (url: string, event?: MouseEvent) => {
    event?.preventDefault();
    try {
      const token = await session.validAccessToken();
      const response = await fetch(url, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error(String(response.status));
      const blobUrl = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = blobUrl;
      link.download = downloadName(response.headers.get('Content-Disposition'), url);
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
    } catch {
      void message.error(t('documents.downloadFailed'));
    }
  };
}
