import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay } from './format';

describe('formatDay', () => {
  it('shows the calendar day itself in the reader language', () => {
    expect(formatDay('2026-03-01', 'en')).toBe('Mar 1, 2026');
    expect(formatDay('2026-12-31', 'zh-CN')).toBe('2026年12月31日');
  });

  it('names the same day whatever the time zone, since a due date is not an instant', () => {
    expect(formatDay('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDay('2026-12-31', 'en')).toBe('Dec 31, 2026');
  });

  it('shows a dash for nothing or for text that is not a date', () => {
    expect(formatDay(null, 'en')).toBe('—');
    expect(formatDay(undefined, 'zh-CN')).toBe('—');
    expect(formatDay('soon', 'en')).toBe('—');
    expect(formatDay('2026-13-45', 'en')).toBe('—');
  });
});

describe('formatDateTime', () => {
  const instant = '2026-03-01T14:05:00Z';

  it('shows an instant in the reader language and the given time zone', () => {
    expect(formatDateTime(instant, 'en', 'UTC')).toBe('Mar 1, 2026, 2:05 PM');
    expect(formatDateTime(instant, 'zh-CN', 'Asia/Shanghai')).toBe('2026年3月1日 22:05');
  });

  it('shows a dash for nothing or for text that is not a date', () => {
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('later', 'en')).toBe('—');
  });
});
