import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { GAINS, layoutChart, LOSSES, MOVEMENT_COLOURS, type MonthMovements } from './chart';

const WIDTH = 720;
const HEIGHT = 220;
const LABELS = 24;

/** MRR movements by month as a diverging stacked column chart (plain SVG: attributes only,
 * so the content security policy needs nothing for it). */
export function MovementsChart({ months }: { months: MonthMovements[] }) {
  const { t } = useTranslation();
  const layout = layoutChart(months, WIDTH, HEIGHT);
  const step = months.length ? WIDTH / months.length : WIDTH;
  const barWidth = Math.max(4, step * 0.6);
  return (
    <figure data-testid="mrr-movements-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + LABELS}`}
        width="100%"
        role="img"
        aria-label={t('revenue.chartTitle')}
      >
        {layout.columns.map((column) => (
          <g key={column.month} data-month={column.month}>
            {column.bars.map((bar) => (
              <rect
                key={bar.key}
                x={column.x + (step - barWidth) / 2}
                y={bar.y}
                width={barWidth}
                height={bar.height}
                fill={MOVEMENT_COLOURS[bar.key]}
              >
                <title>{`${column.month.slice(0, 7)} · ${t(`revenue.kinds.${bar.key}`)}`}</title>
              </rect>
            ))}
            <text
              x={column.x + step / 2}
              y={HEIGHT + 16}
              textAnchor="middle"
              fontSize={11}
              fill="#595959"
            >
              {column.month.slice(2, 7)}
            </text>
          </g>
        ))}
        <line x1={0} x2={WIDTH} y1={layout.zeroY} y2={layout.zeroY} stroke="#8c8c8c" />
      </svg>
      <figcaption>
        <Space wrap>
          {[...GAINS, ...LOSSES].map((key) => (
            <span key={key}>
              <svg width={10} height={10} aria-hidden="true">
                <rect width={10} height={10} fill={MOVEMENT_COLOURS[key]} />
              </svg>{' '}
              {t(`revenue.kinds.${key}`)}
            </span>
          ))}
        </Space>
      </figcaption>
    </figure>
  );
}
