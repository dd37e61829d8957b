/** The geometry of the monthly MRR movements chart: one column per month, gains (new,
 * expansion, reactivation) stacked above the zero line and losses (contraction, churn)
 * below it, all on one scale. Pure, so it is tested without a browser. */

export const GAINS = ['new', 'expansion', 'reactivation'] as const;
export const LOSSES = ['contraction', 'churn'] as const;
export type MovementKey = (typeof GAINS)[number] | (typeof LOSSES)[number];

export interface MonthMovements {
  month: string;
  amounts: Record<MovementKey, number>;
}

export interface Bar {
  key: MovementKey;
  y: number;
  height: number;
}

export interface Column {
  month: string;
  x: number;
  bars: Bar[];
}

export interface ChartLayout {
  zeroY: number;
  columns: Column[];
}

/** Columns inside a `width` x `height` box; the zero line sits where the largest gain and
 * the largest loss both fit. */
export function layoutChart(months: MonthMovements[], width: number, height: number): ChartLayout {
  const gain = (m: MonthMovements) => GAINS.reduce((sum, k) => sum + m.amounts[k], 0);
  const loss = (m: MonthMovements) => LOSSES.reduce((sum, k) => sum + m.amounts[k], 0);
  const top = Math.max(0, ...months.map(gain));
  const bottom = Math.max(0, ...months.map(loss));
  const span = top + bottom || 1;
  const scale = height / span;
  const zeroY = top * scale;
  const step = months.length ? width / months.length : width;
  const columns = months.map((m, index) => {
    const bars: Bar[] = [];
    let above = zeroY;
    for (const key of GAINS) {
      const size = m.amounts[key] * scale;
      above -= size;
      if (size > 0) bars.push({ key, y: above, height: size });
    }
    let below = zeroY;
    for (const key of LOSSES) {
      const size = m.amounts[key] * scale;
      if (size > 0) bars.push({ key, y: below, height: size });
      below += size;
    }
    return { month: m.month, x: index * step, bars };
  });
  return { zeroY, columns };
}

export const MOVEMENT_COLOURS: Record<MovementKey, string> = {
  new: '#52c41a',
  expansion: '#1677ff',
  reactivation: '#13c2c2',
  contraction: '#faad14',
  churn: '#f5222d',
};
