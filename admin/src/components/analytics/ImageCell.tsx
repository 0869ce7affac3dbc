import { Box, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { ImageRow } from './types';

/** Upload URLs are relative to the Strapi server ("/uploads/…"); the admin may be served elsewhere (dev). */
function absolute(url: string): string {
  if (/^(https?:)?\/\//i.test(url) || url.startsWith('data:')) return url;
  const backend = (window as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
  return `${backend}${url}`;
}

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
            src={absolute(row.thumbnailUrl)}
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
