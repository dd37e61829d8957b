import type { ReactNode } from 'react';
import { usePdfOpener } from '../usePdfOpener';

export function PdfLink({
  url,
  children,
  testId,
}: {
  url: string;
  children: ReactNode;
  testId?: string;
}) {
  const open = usePdfOpener();
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener"
      data-testid={testId}
      onClick={(e) => void open(url, e)}
    >
      {children}
    </a>
  );
}
