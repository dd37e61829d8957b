import { describe, expect, it } from 'vitest';
import { formatDay } from './dates';

describe('formatDay', () => {
  it('shows the calendar day itself in the user language', () => {
    expect(formatDay('2026-03-01', 'en')).toBe('Mar 1, 2026');
    expect(formatDay('2026-12-31', 'zh-CN')).toBe('2026年12月31日');
  });

  it('shows a dash for nothing or for text that is not a date', () => {
    expect(formatDay(null, 'en')).toBe('—');
    expect(formatDay('soon', 'en')).toBe('—');
    expect(formatDay('2026-13-45', 'en')).toBe('—');
  });
});
