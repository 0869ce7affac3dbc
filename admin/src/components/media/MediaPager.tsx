import {
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { MEDIA_PAGE_SIZES } from './mediaListState';
import type { Pagination } from './types';

interface MediaPagerProps {
  pagination: Pagination;
  /** The page size asked for (the URL's), shown in the select. */
  pageSize: number;
  onPage(page: number): void;
  onPageSize(pageSize: number): void;
  disabled?: boolean;
}

/** The number of images, the page-size choice, and previous / next through the pages with where we are. */
export const MediaPager = ({
  pagination,
  pageSize,
  onPage,
  onPageSize,
  disabled,
}: MediaPagerProps) => {
  const t = useT();
  const { page, pageCount, total } = pagination;
  return (
    <Flex
      justifyContent="space-between"
      alignItems="flex-end"
      gap={4}
      wrap="wrap"
      tag="nav"
      aria-label={t('media.pagination.label')}
    >
      <Flex gap={4} alignItems="flex-end" wrap="wrap">
        <Field.Root name="smi-media-page-size" width="12rem">
          <Field.Label>{t('media.pagination.pageSize')}</Field.Label>
          <SingleSelect
            size="S"
            value={String(pageSize)}
            disabled={disabled}
            onChange={(value) => onPageSize(Number(value))}
          >
            {MEDIA_PAGE_SIZES.map((size) => (
              <SingleSelectOption key={size} value={String(size)}>
                {String(size)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
        <Typography variant="pi" textColor="neutral600">
          {t('media.pagination.total', { total })}
        </Typography>
      </Flex>
      <Flex gap={2} alignItems="center">
        <Button
          variant="tertiary"
          disabled={disabled || page <= 1}
          onClick={() => onPage(page - 1)}
        >
          {t('media.pagination.previous')}
        </Button>
        <Typography variant="pi">
          {t('media.pagination.page', { page, pageCount: Math.max(pageCount, 1) })}
        </Typography>
        <Button
          variant="tertiary"
          disabled={disabled || page >= pageCount}
          onClick={() => onPage(page + 1)}
        >
          {t('media.pagination.next')}
        </Button>
      </Flex>
    </Flex>
  );
};
