import { describe, expect, it } from 'vitest';
import { agingBars } from './aging';

describe('agingBars', () => {
  it('gives one bar per bucket in age order, sized against the largest bucket', () => {
    const bars = agingBars({
      current: '200.00',
      days1To30: '100.00',
      days31To60: '0',
      days61To90: '50',
      over90: '50.00',
      total: '400.00',
    });
    expect(bars.map((b) => b.bucket)).toEqual([
      'current',
      'days1To30',
      'days31To60',
      'days61To90',
      'over90',
    ]);
    expect(bars.map((b) => b.widthPercent)).toEqual([100, 50, 0, 25, 25]);
    expect(bars.map((b) => b.sharePercent)).toEqual([50, 25, 0, 12.5, 12.5]);
    expect(bars[0]?.amount).toBe('200.00');
  });

  it('draws no bars when nothing is open', () => {
    const bars = agingBars({
      current: '0',
      days1To30: '0',
      days31To60: '0',
      days61To90: '0',
      over90: '0',
      total: '0',
    });
    expect(bars.every((b) => b.widthPercent === 0 && b.sharePercent === 0)).toBe(true);
  });

  it('rounds shares to one place', () => {
    const bars = agingBars({
      current: '1',
      days1To30: '2',
      days31To60: '0',
      days61To90: '0',
      over90: '0',
      total: '3',
    });
    expect(bars.map((b) => b.sharePercent).slice(0, 2)).toEqual([33.3, 66.7]);
  });
});
