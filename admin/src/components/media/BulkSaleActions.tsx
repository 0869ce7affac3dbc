import { Button, Checkbox, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';

interface BulkSaleActionsProps {
  /** Every selected image, on this page or another one. */
  selectedCount: number;
  /** How many images this page shows, and how many of them are selected. */
  pageCount: number;
  pageSelectedCount: number;
  busy: boolean;
  onSelectPage(selected: boolean): void;
  onClear(): void;
  onApply(forSale: boolean | null): void;
}

/** What the bulk buttons do to the selected images' rule: on, off, or back to the sale mode's. */
const SALE_ACTIONS = [
  { forSale: true, variant: 'success-light', message: 'media.bulk.enable' },
  { forSale: false, variant: 'danger-light', message: 'media.bulk.disable' },
  { forSale: null, variant: 'tertiary', message: 'media.bulk.reset' },
] as const;

/**
 * Select the page (the selection is kept across pages of the same search and folder), then
 * enable, disable or reset the sale of every selected image.
 */
export const BulkSaleActions = ({
  selectedCount,
  pageCount,
  pageSelectedCount,
  busy,
  onSelectPage,
  onClear,
  onApply,
}: BulkSaleActionsProps) => {
  const t = useT();
  const all = pageCount > 0 && pageSelectedCount === pageCount;
  const none = selectedCount === 0;
  const elsewhere = selectedCount - pageSelectedCount;
  return (
    <Flex gap={3} alignItems="center" wrap="wrap">
      <Checkbox
        checked={all ? true : pageSelectedCount === 0 ? false : 'indeterminate'}
        disabled={pageCount === 0 || busy}
        onCheckedChange={(checked) => onSelectPage(checked === true)}
      >
        {t('media.bulk.selectPage', { count: pageCount })}
      </Checkbox>
      <Typography
        variant="pi"
        textColor="neutral600"
        aria-live="polite"
        data-testid="smi-media-selected"
      >
        {elsewhere > 0
          ? `${t('media.bulk.selected', { count: selectedCount })} ${t('media.bulk.elsewhere', { count: elsewhere })}`
          : t('media.bulk.selected', { count: selectedCount })}
      </Typography>
      <Button variant="ghost" size="S" disabled={none || busy} onClick={onClear}>
        {t('media.bulk.clear')}
      </Button>
      {SALE_ACTIONS.map(({ forSale, variant, message }) => (
        <Button
          key={message}
          variant={variant}
          disabled={none || busy}
          onClick={() => onApply(forSale)}
        >
          {t(message)}
        </Button>
      ))}
    </Flex>
  );
};
