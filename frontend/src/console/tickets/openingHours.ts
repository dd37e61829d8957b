/** A weekday's opening hours as staff type them: "09:00-12:00, 13:00-18:00"; empty is
 * closed, and 00:00 as a closing time means midnight. */
export interface Interval {
  opens: string;
  closes: string;
}

const SPAN = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)$/;

/** The intervals of one day's text, or null when a part is not HH:MM-HH:MM. */
export function parseDay(text: string): Interval[] | null {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const intervals: Interval[] = [];
  for (const part of parts) {
    const match = SPAN.exec(part);
    if (!match) return null;
    intervals.push({ opens: `${match[1]}:${match[2]}`, closes: `${match[3]}:${match[4]}` });
  }
  return intervals;
}

/** One day's intervals as text ("HH:MM:SS" from the API shortened to "HH:MM"). */
export function formatDay(intervals: readonly Interval[]): string {
  return intervals.map((i) => `${i.opens.slice(0, 5)}-${i.closes.slice(0, 5)}`).join(', ');
}
