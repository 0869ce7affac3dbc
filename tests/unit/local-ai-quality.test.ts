/**
 * local-ai quality, a check a plain resize cannot pass: a high-resolution test pattern
 * (sharp edges, thin lines, text rendered from SVG) is reduced 4× (bicubic, as the models
 * were trained), then enlarged 4× back by ESRGAN and by bicubic interpolation; ESRGAN's
 * result must be closer to the original (higher PSNR). Both numbers are printed.
 */
import sharp from 'sharp';
import { loadEsrgan } from '../../server/src/upscalers/local-ai/esrgan';
import { modelFolder, readModelFiles } from '../../server/src/upscalers/local-ai/models';
import { loadTensorflow } from '../../server/src/upscalers/local-ai/tfjs-runtime';

jest.setTimeout(60_000);

const SIZE = 192;
const FACTOR = 4;

function pattern(size: number): Buffer {
  const s = size;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}">
    <rect width="100%" height="100%" fill="#f4f1ea"/>
    <rect x="${s * 0.05}" y="${s * 0.05}" width="${s * 0.4}" height="${s * 0.25}" fill="#1b3a6b"/>
    <circle cx="${s * 0.72}" cy="${s * 0.22}" r="${s * 0.16}" fill="#c0392b"/>
    <path d="M ${s * 0.05} ${s * 0.95} L ${s * 0.5} ${s * 0.4} L ${s * 0.95} ${s * 0.95} Z" fill="#27ae60" stroke="#000" stroke-width="${s / 64}"/>
    <text x="${s * 0.08}" y="${s * 0.45}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${s * 0.12}" fill="#111">Ab 12</text>
    ${Array.from({ length: 6 }, (_, i) => `<line x1="${s * 0.55 + i * s * 0.07}" y1="${s * 0.45}" x2="${s * 0.55 + i * s * 0.07}" y2="${s * 0.7}" stroke="#222" stroke-width="${s / 48}"/>`).join('')}
  </svg>`);
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let squared = 0;
  for (let i = 0; i < a.length; i++) squared += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (squared / a.length));
}

it.each(['slim', 'medium'] as const)(
  'ESRGAN %s 4x is closer to the original than a bicubic 4x (PSNR)',
  async (model) => {
    const original = await sharp(pattern(SIZE)).removeAlpha().raw().toBuffer();
    const small = await sharp(original, { raw: { width: SIZE, height: SIZE, channels: 3 } })
      .resize(SIZE / FACTOR, SIZE / FACTOR, { kernel: 'cubic' })
      .png()
      .toBuffer();
    const bicubic = await sharp(small).resize(SIZE, SIZE, { kernel: 'cubic' }).raw().toBuffer();
    const tf = await loadTensorflow();
    const esrgan = await loadEsrgan(tf, readModelFiles(modelFolder(model, FACTOR)), FACTOR);
    try {
      const upscaled = await esrgan.upscale(
        new Uint8Array(await sharp(small).raw().toBuffer()),
        SIZE / FACTOR,
        SIZE / FACTOR,
      );
      const ai = psnr(original, upscaled);
      const plain = psnr(original, bicubic);
      console.log(
        `PSNR vs the ${SIZE}×${SIZE} original: ESRGAN ${model} ${ai.toFixed(2)} dB, bicubic ${plain.toFixed(2)} dB (+${(ai - plain).toFixed(2)} dB)`,
      );
      expect(ai).toBeGreaterThan(plain);
    } finally {
      esrgan.dispose();
    }
  },
);
