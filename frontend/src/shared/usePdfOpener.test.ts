import { describe, expect, it } from 'vitest';
import { downloadName } from './usePdfOpener';

describe('downloadName', () => {
  it('takes the file name the server gives the document', () => {
    expect(downloadName('inline; filename="INV-000123.pdf"', '/documents/invoices/x.pdf')).toBe(
      'INV-000123.pdf',
    );
    expect(downloadName('attachment; filename=CN-000045.pdf', '/documents/invoices/x.pdf')).toBe(
      'CN-000045.pdf',
    );
  });

  it("falls back to the URL's last part", () => {
    expect(downloadName(null, '/documents/invoices/0190.pdf')).toBe('0190.pdf');
  });
});
