import { Box, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { ImagePriceAction } from './ImagePriceAction';
import { SaleSwitch } from './SaleSwitch';
import { mediaUrl } from '../../utils/mediaUrl';
import { canSwitch, reasonKey } from './sale';
import type { EntryImage } from '../../../../shared/contracts/media';

interface EntryImageListProps {
  images: EntryImage[];
  /** The shop's currency (the entry answer's): the price editor's amounts are in it. */
  currency: string;
  canUpdate: boolean;
  pending: ReadonlySet<number>;
  onToggle(image: EntryImage, forSale: boolean): void;
}

/** The side panel's compact list: thumbnail, name, sale switch, and the price of each resolution. */
export const EntryImageList = ({
  images,
  currency,
  canUpdate,
  pending,
  onToggle,
}: EntryImageListProps) => {
  const t = useT();
  if (images.length === 0) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('media.panel.empty')}
      </Typography>
    );
  }
  return (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={3} width="100%">
      {images.map((image) => (
        <Flex
          tag="li"
          key={`${image.field}:${image.fileId}`}
          gap={3}
          alignItems="flex-start"
          data-testid="smi-entry-image"
        >
          <Box
            tag="img"
            src={mediaUrl(image.thumbnailUrl)}
            alt=""
            width="4.8rem"
            height="4.8rem"
            hasRadius
            style={{ objectFit: 'cover', flexShrink: 0 }}
          />
          <Flex direction="column" alignItems="flex-start" gap={1} minWidth={0}>
            <Typography variant="omega" fontWeight="bold" ellipsis title={image.name}>
              {image.name}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t('media.panel.field', { field: image.field })}
            </Typography>
            <SaleSwitch
              name={image.name}
              forSale={image.forSale}
              editable={canUpdate}
              disabled={pending.has(image.fileId) || !canSwitch(image)}
              onChange={(forSale) => onToggle(image, forSale)}
            />
            {image.reason ? (
              <Typography variant="pi" textColor="danger600">
                {t(reasonKey(image.reason))}
              </Typography>
            ) : null}
            {image.prices.map((price) => (
              <Typography
                key={price.resolution}
                variant="pi"
                textColor={price.available ? 'neutral800' : 'neutral500'}
              >
                {price.available
                  ? t('media.panel.price', { resolution: price.resolution, price: price.formatted })
                  : t('media.panel.priceUnavailable', {
                      resolution: price.resolution,
                      price: price.formatted,
                    })}
              </Typography>
            ))}
            {image.prices.length ? (
              <Typography variant="pi" textColor="neutral600">
                {t(`media.price.rule.${image.priceRule}`)}
              </Typography>
            ) : null}
            <ImagePriceAction
              fileId={image.fileId}
              name={image.name}
              price={image.price}
              canUpdate={canUpdate}
              shop={{ currency, resolutions: image.prices.map((price) => price.resolution) }}
            />
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
};
