import { Button, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { Pagination } from './types';

/** Previous / next through the pages of the grid, with where we are. */
export const MediaPager = ({ pagination, onPage, disabled }: { pagination: Pagination; onPage(page: number): void; disabled?: boolean }) => {
  const t = useT();
  const { page, pageCount, total } = pagination;
  return (
    <Flex justifyContent="space-between" alignItems="center" gap={4} tag="nav" aria-label={t('media.pagination.label')}>
      <Typography variant="pi" textColor="neutral600">
        {t('media.pagination.total', { total })}
      </Typography>
      <Flex gap={2} alignItems="center">
        <Button variant="tertiary" disabled={disabled || page <= 1} onClick={() => onPage(page - 1)}>
          {t('media.pagination.previous')}
        </Button>
        <Typography variant="pi">{t('media.pagination.page', { page, pageCount: Math.max(pageCount, 1) })}</Typography>
        <Button variant="tertiary" disabled={disabled || page >= pageCount} onClick={() => onPage(page + 1)}>
          {t('media.pagination.next')}
        </Button>
      </Flex>
    </Flex>
  );
};
