import {
  Box,
  Card,
  CardAsset,
  CardBody,
  CardCheckbox,
  CardContent,
  CardHeader,
  CardSubtitle,
  CardTitle,
  Flex,
  Typography,
} from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { ImagePriceAction } from './ImagePriceAction';
import { SaleSwitch } from './SaleSwitch';
import { mediaUrl } from '../../utils/mediaUrl';
import { canSwitch, reasonKey } from './sale';
import type { MediaItem } from '../../../../shared/contracts/media';

interface MediaCardProps {
  item: MediaItem;
  canUpdate: boolean;
  pending: boolean;
  selected: boolean;
  onSelect(selected: boolean): void;
  onToggle(forSale: boolean): void;
}

/** One image of the grid: preview, name, size, its sale switch and why it is not for sale. */
export const MediaCard = ({
  item,
  canUpdate,
  pending,
  selected,
  onSelect,
  onToggle,
}: MediaCardProps) => {
  const t = useT();
  const ruleKey =
    item.rule === null ? 'media.rule.default' : item.rule ? 'media.rule.on' : 'media.rule.off';
  return (
    <Card height="100%" data-testid="smi-media-card">
      <CardHeader>
        {canUpdate ? (
          // The card checkbox is labelled by the title by default; "Select <name>" says what it does.
          <CardCheckbox
            aria-labelledby={undefined}
            aria-label={t('media.card.select', { name: item.name })}
            checked={selected}
            onCheckedChange={(checked) => onSelect(checked === true)}
          />
        ) : null}
        <CardAsset src={mediaUrl(item.thumbnailUrl)} alt="" loading="lazy" />
      </CardHeader>
      <CardBody>
        <CardContent width="100%">
          <CardTitle ellipsis title={item.name}>
            {item.name}
          </CardTitle>
          <CardSubtitle>
            {item.width && item.height
              ? t('media.card.dimensions', { width: item.width, height: item.height })
              : t('media.card.noDimensions')}
          </CardSubtitle>
        </CardContent>
      </CardBody>
      <Box paddingLeft={3} paddingRight={3} paddingBottom={3}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <SaleSwitch
            name={item.name}
            forSale={item.forSale}
            editable={canUpdate}
            disabled={pending || !canSwitch(item)}
            onChange={onToggle}
          />
          {item.reason ? (
            <Typography variant="pi" textColor="danger600">
              {t(reasonKey(item.reason))}
            </Typography>
          ) : null}
          <Typography variant="pi" textColor="neutral600">
            {t(ruleKey)}
          </Typography>
          <ImagePriceAction
            fileId={item.id}
            name={item.name}
            price={item.price}
            canUpdate={canUpdate}
          />
        </Flex>
      </Box>
    </Card>
  );
};
