import { Button, Checkbox, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { SaleMode } from './types';

interface BulkSaleActionsProps {
  saleMode: SaleMode;
  selectedCount: number;
  pageCount: number;
  busy: boolean;
  onSelectAll(selected: boolean): void;
  onApply(forSale: boolean | null): void;
}

/** Select the page, then enable, disable or reset the sale of the selected images. */
export const BulkSaleActions = ({ saleMode, selectedCount, pageCount, busy, onSelectAll, onApply }: BulkSaleActionsProps) => {
  const t = useT();
  const all = pageCount > 0 && selectedCount === pageCount;
  const none = selectedCount === 0;
  // In sale mode `all` a rule changes nothing (yet): turning images on or off is offered in the other modes.
  const switchable = saleMode !== 'all';
  return (
    <Flex gap={3} alignItems="center" wrap="wrap">
      <Checkbox
        checked={all ? true : none ? false : 'indeterminate'}
        disabled={pageCount === 0}
        onCheckedChange={(checked) => onSelectAll(checked === true)}
      >
        {t('media.bulk.selectPage')}
      </Checkbox>
      <Typography variant="pi" textColor="neutral600" aria-live="polite">
        {t('media.bulk.selected', { count: selectedCount })}
      </Typography>
      <Button variant="success-light" disabled={none || busy || !switchable} onClick={() => onApply(true)}>
        {t('media.bulk.enable')}
      </Button>
      <Button variant="danger-light" disabled={none || busy || !switchable} onClick={() => onApply(false)}>
        {t('media.bulk.disable')}
      </Button>
      <Button variant="tertiary" disabled={none || busy} onClick={() => onApply(null)}>
        {t('media.bulk.reset')}
      </Button>
    </Flex>
  );
};
