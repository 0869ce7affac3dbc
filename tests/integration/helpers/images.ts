import sharp from 'sharp';

/** A real image of the given size (a gradient with a few shapes, so it compresses like a photo would not be flat). */
export async function makeImage(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' = 'jpeg',
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2b6cb0"/><stop offset="1" stop-color="#f6ad55"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 3}" cy="${height / 2}" r="${Math.min(width, height) / 5}" fill="#fff" fill-opacity="0.6"/>
    <rect x="${width / 2}" y="${height / 4}" width="${width / 4}" height="${height / 2}" fill="#1a202c" fill-opacity="0.5"/>
  </svg>`;
  return sharp(Buffer.from(svg))[format]().toBuffer();
}
