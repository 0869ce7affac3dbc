/**
 * Demo content: a few generated photos (sharp, no downloads) in the media library, one
 * published entry of the playground's `photo` content type per photo, and a gallery page
 * in the playground's public folder that renders those entries from Strapi's REST API
 * with the helper script served by the plugin. Used by `npm run demo` and the browser tests.
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
  {
    name: 'demo-harbour-dawn.jpg',
    title: 'Harbour at dawn',
    caption: 'First light over the fishing boats.',
    width: 960,
    height: 640,
    colors: ['#1e3a5f', '#f4a261'],
  },
  {
    name: 'demo-alpine-lake.jpg',
    title: 'Alpine lake',
    caption: 'Still water below the ridge.',
    width: 900,
    height: 600,
    colors: ['#0b6e4f', '#a8dadc'],
  },
  {
    name: 'demo-desert-dunes.jpg',
    title: 'Desert dunes',
    caption: 'Late afternoon on the dunes.',
    width: 480,
    height: 360,
    colors: ['#9c4221', '#fbd38d'],
  },
  {
    name: 'demo-city-lights.jpg',
    title: 'City lights',
    caption: 'The avenue after the rain.',
    width: 400,
    height: 300,
    colors: ['#1a202c', '#ed64a6'],
  },
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
  const existing = (await (
    await fetch(`${baseUrl}/upload/files?pageSize=100&filters[name][$startsWith]=demo-`, {
      headers: auth,
    })
  ).json()) as { results?: DemoImage[] };
  const have = new Map((existing.results ?? []).map((file) => [file.name, file]));
  const images: DemoImage[] = [];
  for (const spec of PHOTOS) {
    let file = have.get(spec.name);
    if (!file) {
      const form = new FormData();
      form.append(
        'files',
        new Blob([new Uint8Array(await photo(spec.width, spec.height, spec.colors))], {
          type: 'image/jpeg',
        }),
        spec.name,
      );
      form.append('fileInfo', JSON.stringify({ alternativeText: spec.title, caption: spec.title }));
      const res = await fetch(`${baseUrl}/upload`, { method: 'POST', headers: auth, body: form });
      if (!res.ok) throw new Error(`upload of ${spec.name} answered ${res.status}`);
      file = ((await res.json()) as DemoImage[])[0];
    }
    images.push(file);
  }
  return images;
}

const PHOTO_UID = 'api::photo.photo';

/**
 * Creates and publishes one demo `photo` entry per image (title, caption, image) through
 * the Content Manager's admin API, unless an entry with that title exists already.
 */
export async function seedDemoEntries(
  baseUrl: string,
  adminToken: string,
  images: DemoImage[],
): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const base = `${baseUrl}/content-manager/collection-types/${PHOTO_UID}`;
  const listed = await fetch(`${base}?pageSize=100`, { headers });
  if (!listed.ok) throw new Error(`listing demo photos answered ${listed.status}`);
  const titles = new Set(
    ((await listed.json()) as { results: Array<{ title: string }> }).results.map(
      (entry) => entry.title,
    ),
  );
  for (const image of images) {
    const spec = PHOTOS.find((p) => p.name === image.name);
    if (!spec || titles.has(spec.title)) continue;
    const data = {
      title: spec.title,
      caption: `${spec.caption} ${image.width} × ${image.height} px.`,
      image: image.id,
    };
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify(data) });
    if (!created.ok)
      throw new Error(
        `creating the demo photo "${spec.title}" answered ${created.status}: ${await created.text()}`,
      );
    const { data: entry } = (await created.json()) as { data: { documentId: string } };
    const published = await fetch(`${base}/${entry.documentId}/actions/publish`, {
      method: 'POST',
      headers,
      body: JSON.stringify(data),
    });
    if (!published.ok)
      throw new Error(`publishing the demo photo "${spec.title}" answered ${published.status}`);
  }
}

/**
 * The gallery's script and styles, separate files so that the page works under a strict
 * Content-Security-Policy (no inline script or style).
 */
const galleryScript = (
  apiPrefix: string,
) => `// Any frontend does the same: read the entries from Strapi's REST API and render
// each image with data-smi-file-id (and its size, so the button needs no extra call).
(async () => {
  const status = document.getElementById('gallery-status');
  try {
    const res = await fetch('${apiPrefix}/photos?populate=image&sort=title:asc&pagination[pageSize]=50');
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const { data } = await res.json();
    const main = document.getElementById('gallery');
    for (const photo of data) {
      const image = photo.image;
      if (!image) continue;
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = image.url;
      img.alt = image.alternativeText || photo.title;
      img.width = image.width;
      img.height = image.height;
      img.dataset.smiFileId = image.documentId;
      img.dataset.smiWidth = String(image.width);
      img.dataset.smiHeight = String(image.height);
      const caption = document.createElement('figcaption');
      const title = document.createElement('strong');
      title.textContent = photo.title;
      const small = document.createElement('small');
      small.textContent = photo.caption || '';
      caption.append(title, small);
      figure.append(img, caption);
      main.append(figure);
    }
    status.textContent = data.length + ' photos';
    status.hidden = true;
  } catch (error) {
    status.textContent = 'The photos could not be loaded (' + error.message + ').';
  }
})();
`;

const GALLERY_STYLE = `body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f6f9;color:#1f2430}
header{padding:2rem 1.5rem 1rem;max-width:72rem;margin:auto}
h1{margin:0 0 .25rem;font-size:1.75rem}
.note{background:#fff7e6;border:1px solid #f6c47b;border-radius:6px;padding:.6rem .9rem;display:inline-block;font-size:.9rem}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1.5rem;padding:1rem 1.5rem 3rem;max-width:72rem;margin:auto}
figure{margin:0;background:#fff;border-radius:8px;padding:.75rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
figure img{width:100%;height:auto;border-radius:4px;display:block}
figcaption{margin-top:.5rem}
figcaption strong{display:block}
figcaption small{color:#595e6e}
[role=status]{padding:0 1.5rem;max-width:72rem;margin:auto}
.shop{display:flex;gap:.75rem;align-items:center}
.shop [data-smi-purchases]{font:inherit;padding:.4rem .8rem;border-radius:6px;border:1px solid #8a8fa0;background:#fff;cursor:pointer}
`;

/**
 * Writes <publicDir>/demo/index.html: the gallery a visitor sees. It is a plain page
 * like any frontend: it reads the published photos from Strapi's REST API
 * (`GET /api/photos?populate=image`, under `apiPrefix` when Strapi's REST prefix is
 * another) and renders them with `data-smi-file-id`; the
 * helper script served by the plugin adds the buy buttons (including to images
 * rendered after it loaded, through its MutationObserver).
 */
export function writeGalleryPage(
  publicDir: string,
  options: { simulator: boolean; apiPrefix?: string; shop?: boolean },
): string {
  const apiPrefix = options.apiPrefix ?? '/api';
  // The demo's own page: the cart (its button in the header) and "My purchases". The
  // browser tests' copy leaves them out unless a test turns them on.
  const shopBar = options.shop
    ? '<p class="shop"><button type="button" data-smi-purchases>My purchases</button> <span data-smi-cart></span></p>'
    : '';
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Demo gallery — Sell My Images</title>
    <link rel="stylesheet" href="/demo/gallery.css">
  </head>
  <body>
    <header>
      <h1>Demo gallery</h1>
      <p>Every photo can be bought as an upscaled 4x or 8x copy, delivered by e-mail.</p>
      ${shopBar}
      ${options.simulator ? '<p class="note">Payments go to a <strong>local Stripe simulator</strong>: no real payment is made.</p>' : ''}
    </header>
    <p role="status" id="gallery-status">Loading photos…</p>
    <main id="gallery"></main>
    <script src="/demo/gallery.js" defer></script>
    <script src="${apiPrefix}/sell-my-images/client.js"${options.shop ? ' data-cart' : ''} defer></script>
  </body>
</html>
`;
  const dir = path.join(publicDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.html');
  writeFileSync(file, html);
  writeFileSync(path.join(dir, 'gallery.js'), galleryScript(apiPrefix));
  writeFileSync(path.join(dir, 'gallery.css'), GALLERY_STYLE);
  return file;
}
