import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useT } from '../../utils/useT';
import type { Pagination } from './types';

/** Previous / next with "Page 2 of 5" between, in a `nav` named after its table. */
export const TablePager = ({
  table,
  pagination,
  onPageChange,
}: {
  table: string;
  pagination: Pagination;
  onPageChange: (page: number) => void;
}) => {
  const t = useT();
  const { page, pageCount } = pagination;
  if (pageCount <= 1) return null;
  return (
    <Box tag="nav" aria-label={t('analytics.pager.label', { table })} paddingTop={3}>
      <Flex gap={2} justifyContent="flex-end" alignItems="center">
        <IconButton
          label={t('analytics.pager.previous')}
          disabled={page <= 1}
          onClick={() => onPageChange(page - 1)}
          variant="tertiary"
          withTooltip={false}
        >
          <ChevronLeft />
        </IconButton>
        <Typography variant="pi" textColor="neutral800" aria-live="polite">
          {t('analytics.pager.status', { page, pageCount })}
        </Typography>
        <IconButton
          label={t('analytics.pager.next')}
          disabled={page >= pageCount}
          onClick={() => onPageChange(page + 1)}
          variant="tertiary"
          withTooltip={false}
        >
          <ChevronRight />
        </IconButton>
      </Flex>
    </Box>
  );
};
