import { Box, Flex, Typography } from '@strapi/design-system';
import type { ImageRow } from '../../../../shared/contracts/analytics';
import { mediaUrl } from '../../utils/mediaUrl';
import { useT } from '../../utils/useT';

/** Thumbnail (decorative: the name is next to it) and file name; a deleted file keeps its recorded name. */
export const ImageCell = ({ row }: { row: ImageRow }) => {
  const t = useT();
  return (
    <Flex gap={3} alignItems="center">
      <Box
        width="4rem"
        height="4rem"
        background="neutral150"
        hasRadius
        overflow="hidden"
        shrink={0}
      >
        {row.thumbnailUrl ? (
          <img
            src={mediaUrl(row.thumbnailUrl)}
            alt=""
            width={40}
            height={40}
            loading="lazy"
            style={{ width: '100%', height: '100%', objectFit: 'cover' }}
          />
        ) : null}
      </Box>
      <Typography textColor="neutral800" ellipsis>
        {row.name ?? t('analytics.images.unnamed', { id: row.fileId })}
      </Typography>
    </Flex>
  );
};
