import { describe, expect, it } from 'vitest';
import { shortDuration } from './slaTime';

describe('shortDuration', () => {
  it('shows the two largest units', () => {
    expect(shortDuration((2 * 1440 + 3 * 60 + 5) * 60_000)).toBe('2d 3h');
    expect(shortDuration((3 * 60 + 5) * 60_000 + 59_000)).toBe('3h 5m');
    expect(shortDuration(59_000)).toBe('0m');
  });

  it('reads an overdue (negative) span by its size', () => {
    expect(shortDuration(-90 * 60_000)).toBe('1h 30m');
  });
});
