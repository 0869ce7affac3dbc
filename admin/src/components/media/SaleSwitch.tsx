import { Switch, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';

interface SaleSwitchProps {
  name: string;
  forSale: boolean;
  /** False without the media.update permission: the state is shown as text, with no control. */
  editable: boolean;
  disabled?: boolean;
  onChange(forSale: boolean): void;
}

/** The "For sale" switch of one image, named after it for assistive technology and browser tests. */
export const SaleSwitch = ({ name, forSale, editable, disabled, onChange }: SaleSwitchProps) => {
  const t = useT();
  if (!editable) {
    return (
      <Typography variant="pi" fontWeight="bold" textColor={forSale ? 'success600' : 'neutral600'}>
        {forSale ? t('media.state.forSale') : t('media.state.notForSale')}
      </Typography>
    );
  }
  return (
    <Switch
      aria-label={t('media.card.forSale', { name })}
      checked={forSale}
      disabled={disabled}
      onLabel={t('media.state.forSale')}
      offLabel={t('media.state.notForSale')}
      visibleLabels
      onCheckedChange={(checked) => onChange(checked)}
    />
  );
};
