import { Box } from '@strapi/design-system';

interface StrapiWindow {
  strapi?: { backendURL?: string };
}

/**
 * Local uploads have relative URLs (`/uploads/…`); the panel may be served from another
 * origin than the API (`admin.url`), so they get Strapi's backend URL, as the media
 * library does. Provider URLs (S3, CDN) are absolute already.
 */
export function mediaUrl(url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  const backend = (window as unknown as StrapiWindow).strapi?.backendURL ?? '';
  return `${backend}${url}`;
}

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
