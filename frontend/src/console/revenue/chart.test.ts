import { describe, expect, it } from 'vitest';
import { layoutChart, type MonthMovements } from './chart';

function month(label: string, amounts: Partial<MonthMovements['amounts']>): MonthMovements {
  return {
    month: label,
    amounts: { new: 0, expansion: 0, reactivation: 0, contraction: 0, churn: 0, ...amounts },
  };
}

describe('layoutChart', () => {
  it('stacks gains above and losses below one zero line on one scale', () => {
    const layout = layoutChart(
      [month('2026-01', { new: 300, expansion: 100 }), month('2026-02', { churn: 100 })],
      200,
      100,
    );
    expect(layout.zeroY).toBe(80);
    const [january, february] = layout.columns;
    if (!january || !february) throw new Error('two columns expected');
    expect(january.x).toBe(0);
    expect(february.x).toBe(100);
    expect(january.bars).toEqual([
      { key: 'new', y: 20, height: 60 },
      { key: 'expansion', y: 0, height: 20 },
    ]);
    expect(february.bars).toEqual([{ key: 'churn', y: 80, height: 20 }]);
  });

  it('draws nothing for months without movements', () => {
    const layout = layoutChart([month('2026-03', {})], 100, 50);
    expect(layout.columns.map((c) => c.bars)).toEqual([[]]);
  });
});
