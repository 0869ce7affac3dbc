import { useState } from 'react';
import { Badge, Button, Flex } from '@strapi/design-system';
import { PriceTag } from '@strapi/icons';
import type { ImagePrice } from '../../../../shared/contracts/media';
import type { ShopPricing } from '../../api/image-price';
import { useT } from '../../utils/useT';
import { ImagePriceModal } from './ImagePriceModal';
import { priceBadge } from './imagePriceForm';

const NO_PRICE: ImagePrice = { fixedPrices: null, multiplierPercent: null };

interface ImagePriceActionProps {
  fileId: number;
  name: string;
  /** Absent from an answer of a server without per-image prices: the shop's price. */
  price?: ImagePrice;
  canUpdate: boolean;
  shop?: ShopPricing;
}

/** The image's own price as a badge ("Fixed", "×2.5") and, for editors, the "Price" button opening its editor. */
export const ImagePriceAction = ({
  fileId,
  name,
  price = NO_PRICE,
  canUpdate,
  shop,
}: ImagePriceActionProps) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const badge = priceBadge(price, t('media.price.badge.fixed'));
  if (!badge && !canUpdate) return null;
  return (
    <Flex gap={2} alignItems="center" wrap="wrap">
      {badge ? (
        <Badge
          backgroundColor="secondary100"
          textColor="secondary700"
          title={t('media.price.badge.title')}
        >
          {badge}
        </Badge>
      ) : null}
      {canUpdate ? (
        <Button
          variant="tertiary"
          size="S"
          startIcon={<PriceTag />}
          aria-label={t('media.price.open', { name })}
          onClick={() => setOpen(true)}
        >
          {t('media.price.action')}
        </Button>
      ) : null}
      {open ? (
        <ImagePriceModal
          fileId={fileId}
          name={name}
          price={price}
          shop={shop}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </Flex>
  );
};
