interface StrapiWindow {
  strapi?: { backendURL?: string };
}

/**
 * Local uploads have relative URLs (`/uploads/…`); the panel may be served from another
 * origin than the API (`admin.url`, development), so they get Strapi's backend URL, as the
 * media library does. Provider URLs (S3, CDN) and data/blob URLs are used as they are.
 */
export function mediaUrl(url: string): string {
  if (/^(https?:|data:|blob:)/i.test(url) || url.startsWith('//')) return url;
  const backend = (window as unknown as StrapiWindow).strapi?.backendURL ?? '';
  return `${backend.replace(/\/$/, '')}${url}`;
}
