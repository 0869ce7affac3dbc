import { useId } from 'react';
import { useTheme } from 'styled-components';
import { Box, Flex, Typography, VisuallyHidden } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { Format } from './useFormat';
import type { DayPoint } from '../../../../shared/contracts/analytics';

const WIDTH = 800;
const HEIGHT = 240;
const PAD = { top: 16, right: 48, bottom: 28, left: 72 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** Rounds a maximum up to a readable axis top (1, 2, 5 × 10ⁿ), never 0. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/**
 * Revenue (bars, left axis) and sales (line, right axis) per UTC day, drawn as plain SVG.
 * For assistive technology the picture is an `img` with a title and a one-sentence summary,
 * and the same figures follow as a visually hidden table.
 */
export const RevenueChart = ({
  series,
  from,
  to,
  format,
}: {
  series: DayPoint[];
  from: string;
  to: string;
  format: Format;
}) => {
  const t = useT();
  const theme = useTheme();
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const revenueTop = niceMax(Math.max(0, ...series.map((p) => p.revenue)));
  const salesTop = niceMax(Math.max(0, ...series.map((p) => p.sales)));
  const slot = PLOT_W / Math.max(1, series.length);
  const barWidth = Math.max(1, slot * 0.7);
  const x = (i: number) => PAD.left + i * slot + slot / 2;
  const yRevenue = (v: number) => PAD.top + PLOT_H - (Math.max(0, v) / revenueTop) * PLOT_H;
  const ySales = (v: number) => PAD.top + PLOT_H - (v / salesTop) * PLOT_H;

  const totalRevenue = series.reduce((sum, p) => sum + p.revenue, 0);
  const totalSales = series.reduce((sum, p) => sum + p.sales, 0);
  const best = series.reduce<DayPoint | null>(
    (top, p) => (p.revenue > (top?.revenue ?? 0) ? p : top),
    null,
  );
  const description = best
    ? t('analytics.chart.description', {
        from: format.day(from),
        to: format.day(to),
        revenue: format.money(totalRevenue),
        sales: totalSales,
        bestDate: format.day(best.date),
        bestRevenue: format.money(best.revenue),
      })
    : t('analytics.chart.descriptionEmpty', { from: format.day(from), to: format.day(to) });

  const revenueColor = theme.colors.primary600;
  const salesColor = theme.colors.warning600;
  const grid = theme.colors.neutral200;
  const text = theme.colors.neutral600;
  const labelDays =
    series.length <= 1 ? [0] : [0, Math.floor((series.length - 1) / 2), series.length - 1];

  return (
    <Box>
      <Typography variant="delta" tag="h2" id={titleId}>
        {t('analytics.chart.title')}
      </Typography>
      <Box paddingTop={2}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
          style={{ overflow: 'visible' }}
        >
          <desc id={descId}>{description}</desc>
          {[0, 0.5, 1].map((f) => (
            <g key={f} aria-hidden="true">
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={PAD.top + PLOT_H * (1 - f)}
                y2={PAD.top + PLOT_H * (1 - f)}
                stroke={grid}
              />
              <text
                x={PAD.left - 6}
                y={PAD.top + PLOT_H * (1 - f)}
                textAnchor="end"
                dominantBaseline="middle"
                fontSize={11}
                fill={revenueColor}
              >
                {format.money(Math.round(revenueTop * f))}
              </text>
              {/* sales are whole numbers: no "0.5 sales" tick */}
              {Number.isInteger(salesTop * f) ? (
                <text
                  x={WIDTH - PAD.right + 6}
                  y={PAD.top + PLOT_H * (1 - f)}
                  dominantBaseline="middle"
                  fontSize={11}
                  fill={salesColor}
                >
                  {format.count(salesTop * f)}
                </text>
              ) : null}
            </g>
          ))}
          <g aria-hidden="true">
            {series.map((p, i) => (
              <g key={p.date}>
                <title>
                  {t('analytics.chart.point', {
                    date: format.day(p.date),
                    revenue: format.money(p.revenue),
                    sales: p.sales,
                  })}
                </title>
                {/* a full-height transparent slot so the tooltip shows on empty days too */}
                <rect
                  x={PAD.left + i * slot}
                  y={PAD.top}
                  width={slot}
                  height={PLOT_H}
                  fill="transparent"
                />
                <rect
                  x={x(i) - barWidth / 2}
                  y={yRevenue(p.revenue)}
                  width={barWidth}
                  height={PAD.top + PLOT_H - yRevenue(p.revenue)}
                  fill={revenueColor}
                  rx={barWidth > 6 ? 2 : 0}
                />
              </g>
            ))}
            <polyline
              points={series.map((p, i) => `${x(i)},${ySales(p.sales)}`).join(' ')}
              fill="none"
              stroke={salesColor}
              strokeWidth={2}
              strokeLinejoin="round"
            />
            {series.length <= 31
              ? series.map((p, i) => (
                  <circle key={p.date} cx={x(i)} cy={ySales(p.sales)} r={3} fill={salesColor} />
                ))
              : null}
            {labelDays.map((i) =>
              series[i] ? (
                <text
                  key={i}
                  x={x(i)}
                  y={HEIGHT - 8}
                  textAnchor={
                    i === 0 && series.length > 1
                      ? 'start'
                      : i === series.length - 1 && series.length > 1
                        ? 'end'
                        : 'middle'
                  }
                  fontSize={11}
                  fill={text}
                >
                  {format.day(series[i].date, 'short')}
                </text>
              ) : null,
            )}
          </g>
        </svg>
      </Box>
      <Flex gap={4} paddingTop={2} aria-hidden="true">
        <Flex gap={2} alignItems="center">
          <Box width="1.2rem" height="1.2rem" background="primary600" hasRadius />
          <Typography variant="pi">{t('analytics.chart.revenue')}</Typography>
        </Flex>
        <Flex gap={2} alignItems="center">
          <Box width="1.2rem" height="0.3rem" background="warning600" />
          <Typography variant="pi">{t('analytics.chart.sales')}</Typography>
        </Flex>
      </Flex>
      <VisuallyHidden>
        <table>
          <caption>
            {t('analytics.chart.tableCaption', { from: format.day(from), to: format.day(to) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('analytics.chart.date')}</th>
              <th scope="col">{t('analytics.chart.revenue')}</th>
              <th scope="col">{t('analytics.chart.sales')}</th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.date}>
                <th scope="row">{format.day(p.date)}</th>
                <td>{format.money(p.revenue)}</td>
                <td>{format.count(p.sales)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
};
