/**
 * Demo content: a few generated photos (sharp, no downloads) in the media library and a
 * gallery page in the playground's public folder whose images carry data-smi-file-id, with
 * the helper script served by the plugin. Used by `npm run demo` and the browser tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export interface DemoImage {
  id: number;
  documentId: string;
  name: string;
  url: string;
  width: number;
  height: number;
}

const PHOTOS = [
  { name: 'demo-harbour-dawn.jpg', title: 'Harbour at dawn', width: 960, height: 640, colors: ['#1e3a5f', '#f4a261'] },
  { name: 'demo-alpine-lake.jpg', title: 'Alpine lake', width: 900, height: 600, colors: ['#0b6e4f', '#a8dadc'] },
  { name: 'demo-desert-dunes.jpg', title: 'Desert dunes', width: 480, height: 360, colors: ['#9c4221', '#fbd38d'] },
  { name: 'demo-city-lights.jpg', title: 'City lights', width: 400, height: 300, colors: ['#1a202c', '#ed64a6'] },
];

async function photo(width: number, height: number, [from, to]: string[]): Promise<Buffer> {
  const shapes = Array.from({ length: 14 }, (_, i) => {
    const x = ((i * 97) % 100) / 100;
    const y = ((i * 53) % 100) / 100;
    return `<circle cx="${x * width}" cy="${(0.4 + y * 0.6) * height}" r="${(0.02 + ((i * 31) % 10) / 100) * width}" fill="#fff" fill-opacity="${0.08 + (i % 5) / 20}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}
    <path d="M0 ${height * 0.75} L${width * 0.3} ${height * 0.45} L${width * 0.55} ${height * 0.7} L${width * 0.8} ${height * 0.5} L${width} ${height * 0.72} V${height} H0Z" fill="#000" fill-opacity="0.35"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/** Uploads the demo photos unless they are there already; returns them. */
export async function seedDemoImages(baseUrl: string, adminToken: string): Promise<DemoImage[]> {
  const auth = { authorization: `Bearer ${adminToken}` };
  const existing = (await (await fetch(`${baseUrl}/upload/files?pageSize=100&filters[name][$startsWith]=demo-`, { headers: auth })).json()) as { results?: DemoImage[] };
  const have = new Map((existing.results ?? []).map((file) => [file.name, file]));
  const images: DemoImage[] = [];
  for (const spec of PHOTOS) {
    let file = have.get(spec.name);
    if (!file) {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(await photo(spec.width, spec.height, spec.colors))], { type: 'image/jpeg' }), spec.name);
      form.append('fileInfo', JSON.stringify({ alternativeText: spec.title, caption: spec.title }));
      const res = await fetch(`${baseUrl}/upload`, { method: 'POST', headers: auth, body: form });
      if (!res.ok) throw new Error(`upload of ${spec.name} answered ${res.status}`);
      file = ((await res.json()) as DemoImage[])[0];
    }
    images.push(file);
  }
  return images;
}

const escape = (value: string) => value.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);

/** Writes <publicDir>/demo/index.html: the gallery a visitor sees. */
export function writeGalleryPage(publicDir: string, images: DemoImage[], options: { simulator: boolean }): string {
  const figures = images
    .map((img) => {
      const title = PHOTOS.find((p) => p.name === img.name)?.title ?? img.name;
      return `<figure><img src="${escape(img.url)}" alt="${escape(title)}" data-smi-file-id="${escape(img.documentId)}" data-smi-width="${img.width}" data-smi-height="${img.height}" width="${img.width}" height="${img.height}"><figcaption>${escape(title)} <small>${img.width} × ${img.height} px</small></figcaption></figure>`;
    })
    .join('\n      ');
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Demo gallery — Sell My Images</title>
    <style>
      body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f6f9;color:#1f2430}
      header{padding:2rem 1.5rem 1rem;max-width:72rem;margin:auto}
      h1{margin:0 0 .25rem;font-size:1.75rem}
      .note{background:#fff7e6;border:1px solid #f6c47b;border-radius:6px;padding:.6rem .9rem;display:inline-block;font-size:.9rem}
      main{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1.5rem;padding:1rem 1.5rem 3rem;max-width:72rem;margin:auto}
      figure{margin:0;background:#fff;border-radius:8px;padding:.75rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
      figure img{width:100%;height:auto;border-radius:4px;display:block}
      figcaption{margin-top:.5rem;font-weight:600}
      figcaption small{font-weight:400;color:#6b7080;margin-left:.25rem}
    </style>
  </head>
  <body>
    <header>
      <h1>Demo gallery</h1>
      <p>Every photo can be bought as an upscaled 4x or 8x copy, delivered by e-mail.</p>
      ${options.simulator ? '<p class="note">Payments go to a <strong>local Stripe simulator</strong>: no real payment is made.</p>' : ''}
    </header>
    <main>
      ${figures}
    </main>
    <script src="/api/sell-my-images/client.js" defer></script>
  </body>
</html>
`;
  const dir = path.join(publicDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.html');
  writeFileSync(file, html);
  return file;
}
