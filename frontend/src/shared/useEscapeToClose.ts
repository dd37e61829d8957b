import { useEffect } from 'react';

/**
 * Escape closes an open drawer wherever the focus is. antd's drawer only hears Escape pressed
 * inside it: after a click on the page behind or once the focused element is gone, the
 * keyboard could no longer close it. Keys a control inside already handled (a select's
 * dropdown closing) are left alone.
 */
export function useEscapeToClose(open: boolean, onClose: () => void): void {
  useEffect(() => {
    if (!open) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, onClose]);
}
