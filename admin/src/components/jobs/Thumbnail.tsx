import { Box } from '@strapi/design-system';
import { mediaUrl } from '../../utils/mediaUrl';

/** A small square preview of the image a job was bought from, or an empty square. */
export const Thumbnail = ({
  url,
  alt,
  size = 40,
}: {
  url: string | null;
  alt: string;
  size?: number;
}) => (
  <Box
    width={`${size}px`}
    height={`${size}px`}
    background="neutral150"
    hasRadius
    overflow="hidden"
    shrink={0}
  >
    {url ? (
      <img
        src={mediaUrl(url)}
        alt={alt}
        width={size}
        height={size}
        loading="lazy"
        style={{ objectFit: 'cover', display: 'block' }}
      />
    ) : null}
  </Box>
);
