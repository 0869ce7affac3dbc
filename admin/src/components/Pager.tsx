import { Link as RouterLink, type To } from 'react-router-dom';
import {
  Button,
  Dots,
  Field,
  Flex,
  NextLink,
  PageLink,
  Pagination,
  PreviousLink,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useT } from '../utils/useT';

/** Pages to show: the first, the last and one on each side of the current one; null is a gap. */
function pageWindow(page: number, pageCount: number): Array<number | null> {
  const wanted = new Set(
    [1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount),
  );
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}

export interface PagerProps {
  /** The navigation's accessible name, e.g. "Pages of images". */
  label: string;
  page: number;
  pageCount: number;
  /** Each page has its own URL: numbered links (the first, the last and around the current one)… */
  pageLink?: (page: number) => To;
  /** …or previous / next buttons with "Page 2 of 5" between them. */
  onPageChange?: (page: number) => void;
  /** The page-size choice, with its visible label. */
  pageSize?: {
    label: string;
    value: number;
    options: readonly number[];
    onChange: (pageSize: number) => void;
  };
  /** Shown next to the page size, e.g. "50 images". */
  summary?: string;
  /** While the next page loads. */
  disabled?: boolean;
}

/** Numbered page links (real links, so each page can be opened, bookmarked, gone back to). */
const PageLinks = ({
  label,
  page,
  pageCount,
  pageLink,
}: Required<Pick<PagerProps, 'label' | 'page' | 'pageCount' | 'pageLink'>>) => {
  const t = useT();
  return (
    <Pagination activePage={page} pageCount={pageCount} label={label}>
      <PreviousLink tag={RouterLink} to={pageLink(Math.max(1, page - 1))}>
        {t('common.pager.goToPrevious')}
      </PreviousLink>
      {pageWindow(page, pageCount).map((n, i) =>
        n === null ? (
          <Dots key={`gap-${i}`}>{t('common.pager.gap')}</Dots>
        ) : (
          <PageLink key={n} number={n} tag={RouterLink} to={pageLink(n)}>
            {t('common.pager.goTo', { page: n })}
          </PageLink>
        ),
      )}
      <NextLink tag={RouterLink} to={pageLink(Math.min(pageCount, page + 1))}>
        {t('common.pager.goToNext')}
      </NextLink>
    </Pagination>
  );
};

/**
 * The one pager of the panel (jobs, sellable media, analytics rankings): an optional page
 * size choice and summary, then the way through the pages. Without a page size or summary
 * there is nothing to show for a single page.
 */
export const Pager = ({
  label,
  page,
  pageCount,
  pageLink,
  onPageChange,
  pageSize,
  summary,
  disabled,
}: PagerProps) => {
  const t = useT();
  if (!pageSize && !summary && pageCount <= 1) return null;
  const go = (next: number) => onPageChange?.(next);
  return (
    <Flex justifyContent="space-between" alignItems="flex-end" gap={4} wrap="wrap">
      <Flex gap={4} alignItems="flex-end" wrap="wrap">
        {pageSize ? (
          <Field.Root name="pageSize" width="12rem">
            <Field.Label>{pageSize.label}</Field.Label>
            <SingleSelect
              size="S"
              value={String(pageSize.value)}
              disabled={disabled}
              onChange={(value) => pageSize.onChange(Number(value))}
            >
              {pageSize.options.map((size) => (
                <SingleSelectOption key={size} value={String(size)}>
                  {String(size)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        ) : null}
        {summary ? (
          <Typography variant="pi" textColor="neutral600">
            {summary}
          </Typography>
        ) : null}
      </Flex>
      {pageLink ? (
        pageCount > 1 ? (
          <PageLinks label={label} page={page} pageCount={pageCount} pageLink={pageLink} />
        ) : null
      ) : (
        <Flex tag="nav" aria-label={label} gap={2} alignItems="center">
          <Button
            variant="tertiary"
            size="S"
            startIcon={<ChevronLeft />}
            disabled={disabled || page <= 1}
            onClick={() => go(page - 1)}
          >
            {t('common.pager.previous')}
          </Button>
          <Typography variant="pi" textColor="neutral800" aria-live="polite">
            {t('common.pager.status', { page, pageCount: Math.max(pageCount, 1) })}
          </Typography>
          <Button
            variant="tertiary"
            size="S"
            endIcon={<ChevronRight />}
            disabled={disabled || page >= pageCount}
            onClick={() => go(page + 1)}
          >
            {t('common.pager.next')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
};
