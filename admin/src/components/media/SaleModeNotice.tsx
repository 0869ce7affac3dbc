import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { PLUGIN_ID } from '../../pluginId';
import { useT } from '../../utils/useT';
import type { SaleMode } from '../../../../shared/contracts/settings';

/** What the current sale mode means for the switches, with the way to change it. */
export const SaleModeNotice = ({ saleMode }: { saleMode: SaleMode }) => {
  const t = useT();
  return (
    <Box
      background="primary100"
      borderColor="primary200"
      hasRadius
      padding={4}
      data-testid="smi-sale-mode"
    >
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography fontWeight="bold">
          {t('media.mode.title', { mode: t(`media.mode.name.${saleMode}`) })}
        </Typography>
        <Typography variant="pi">{t(`media.mode.explain.${saleMode}`)}</Typography>
        {/* Router link: the admin may live under a custom base path. */}
        <Link tag={NavLink} to={`/settings/${PLUGIN_ID}`}>
          {t('media.mode.change')}
        </Link>
      </Flex>
    </Box>
  );
};
