/** Shaping the aging report for its chart: one bar per bucket, widths relative to the largest. */

export const BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;
export type Bucket = (typeof BUCKETS)[number];

export type BucketAmounts = Record<Bucket | 'total', string>;

export interface AgingBar {
  bucket: Bucket;
  amount: string;
  /** Bar length, 0–100, relative to the largest bucket (display only). */
  widthPercent: number;
  /** Share of the total, 0–100, rounded to one place (display only). */
  sharePercent: number;
}

/** Colours from current (calm) to over 90 days (alarming). */
export const BUCKET_COLOURS: Record<Bucket, string> = {
  current: '#52c41a',
  days1To30: '#faad14',
  days31To60: '#fa8c16',
  days61To90: '#fa541c',
  over90: '#f5222d',
};

function numeric(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function agingBars(buckets: BucketAmounts): AgingBar[] {
  const values = BUCKETS.map((bucket) => numeric(buckets[bucket]));
  const largest = Math.max(0, ...values);
  const total = numeric(buckets.total);
  return BUCKETS.map((bucket, index) => {
    const value = values[index] ?? 0;
    return {
      bucket,
      amount: buckets[bucket],
      widthPercent: largest > 0 ? (value / largest) * 100 : 0,
      sharePercent: total > 0 ? Math.round((value / total) * 1000) / 10 : 0,
    };
  });
}
