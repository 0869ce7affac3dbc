import { Typography } from '@strapi/design-system';
import type { Counts, ImageRow, PageRow } from '../../../../shared/contracts/analytics';
import { useT } from '../../utils/useT';
import { ImageCell } from './ImageCell';
import type { Column } from './RankingTable';
import type { Format } from './useFormat';

/** The columns of a ranking, and what tells its rows apart. */
export interface RankingLayout<T> {
  columns: Column<T>[];
  rowKey: (row: T) => string;
}

/** The figure columns both rankings share, each sortable on the server. */
const COUNT_COLUMNS: Array<{ key: keyof Counts; show: (format: Format, row: Counts) => string }> = [
  { key: 'clicks', show: (format, row) => format.count(row.clicks) },
  { key: 'sales', show: (format, row) => format.count(row.sales) },
  { key: 'conversion', show: (format, row) => format.percent(row.conversion) },
  { key: 'revenue', show: (format, row) => format.money(row.revenue) },
];

/** The columns of the image and page rankings, figures formatted for the shown currency. */
export function useRankingLayouts(format: Format) {
  const t = useT();
  const counts = <T extends Counts>(): Column<T>[] =>
    COUNT_COLUMNS.map(({ key, show }) => ({
      id: key,
      label: t(`analytics.column.${key}`),
      sortKey: key,
      numeric: true,
      render: (row: T) => show(format, row),
    }));
  const images: RankingLayout<ImageRow> = {
    columns: [
      {
        id: 'image',
        label: t('analytics.images.column'),
        render: (row) => <ImageCell row={row} />,
      },
      ...counts<ImageRow>(),
    ],
    rowKey: (row) => String(row.fileId),
  };
  const pages: RankingLayout<PageRow> = {
    columns: [
      {
        id: 'page',
        label: t('analytics.pages.column'),
        render: (row) => (
          <Typography
            textColor={row.sourcePage ? 'neutral800' : 'neutral600'}
            ellipsis
            title={row.sourcePage ?? undefined}
            style={{ maxWidth: '40rem', display: 'block' }}
          >
            {row.sourcePage ?? t('analytics.pages.unknown')}
          </Typography>
        ),
      },
      ...counts<PageRow>(),
    ],
    rowKey: (row) => row.sourcePage ?? '',
  };
  return { images, pages };
}
