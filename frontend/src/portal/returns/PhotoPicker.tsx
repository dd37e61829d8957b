import { useEffect } from 'react';
import { AttachButton } from '../../shared/components/Attachments';
import { useUploads } from '../../shared/useUploads';

/** Photos of one returned line, as a form control: uploads each picked image at once and
 * reports the accepted uploads' ids as its value. */
export function PhotoPicker({
  onChange,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const uploads = useUploads('return_photo');
  const accepted = uploads.ids.join(',');
  useEffect(() => {
    onChange?.(accepted ? accepted.split(',') : []);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- report when the set changes
  }, [accepted]);
  return <AttachButton purpose="return_photo" uploadProps={uploads.uploadProps} />;
}
