import { describe, expect, it } from 'vitest';
import { formatDay, parseDay } from './openingHours';

describe('opening hours text', () => {
  it('reads several intervals, and an empty day as closed', () => {
    expect(parseDay('09:00-12:00, 13:00 - 18:00')).toEqual([
      { opens: '09:00', closes: '12:00' },
      { opens: '13:00', closes: '18:00' },
    ]);
    expect(parseDay('  ')).toEqual([]);
  });

  it('refuses what is not HH:MM-HH:MM', () => {
    expect(parseDay('9-18')).toBeNull();
    expect(parseDay('09:00-24:00')).toBeNull();
    expect(parseDay('09:00-18:00, lunch')).toBeNull();
  });

  it('writes the API times back as typed', () => {
    expect(formatDay([{ opens: '09:00:00', closes: '00:00:00' }])).toBe('09:00-00:00');
  });
});
