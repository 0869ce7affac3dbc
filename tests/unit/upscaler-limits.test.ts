/**
 * Options the upscaler cannot make are not sold (each would be paid, then refunded, and the
 * merchant would pay Stripe's fees both ways). Each provider declares its limits next to
 * its code; the quote reads them, so an option is unavailable exactly when the provider
 * would refuse the job.
 */
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { quote, quoteOption } from '../../server/src/commerce/pricing';
import {
  createUpscaler,
  upscalerCapability,
  UPSCALER_LIMITS,
  type UpscalerCapability,
} from '../../server/src/upscalers';
import { localAiAvailability } from '../../server/src/upscalers/local-ai/calibration';
import { LOCAL_AI_LIMITS } from '../../server/src/upscalers/local-ai/provider';
import { SHARP_LIMITS } from '../../server/src/upscalers/sharp';
import { UPSAMPLER_LIMITS } from '../../server/src/upscalers/upsampler';
import { referencePricing as settings } from '../support/pricing';
import { useTempDir } from '../support/temp-dir';

const tmp = useTempDir('upscaler-limits');

const ready = (name: keyof typeof UPSCALER_LIMITS): UpscalerCapability => ({
  ready: true,
  limits: UPSCALER_LIMITS[name],
});

/** A PNG that only declares its size (no pixels to decode): the size checks read the header only. */
function declaredPng(width: number, height: number): string {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const file = tmp(`declared-${width}x${height}.png`);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.alloc(1))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
  return file;
}

describe('upscalerCapability: each provider as it declares itself', () => {
  it('reads the limits exported next to each provider', () => {
    expect(UPSCALER_LIMITS).toEqual({
      sharp: SHARP_LIMITS,
      'local-ai': LOCAL_AI_LIMITS,
      upsampler: UPSAMPLER_LIMITS,
    });
    expect(SHARP_LIMITS).toEqual({
      maxInputPixels: 100_000_000,
      maxOutputPixels: 268_402_689,
      maxScale: 16,
    });
    expect(LOCAL_AI_LIMITS).toMatchObject({ maxInputPixels: 16_000_000, maxScale: 16 });
    expect(UPSAMPLER_LIMITS).toEqual({ maxInputPixels: null, maxOutputPixels: null, maxScale: 16 });
  });

  it('Upsampler is ready only with an API key; local AI only with its packages; sharp always', () => {
    const of = (upscaler: string, upsamplerApiKey: string | null = null) =>
      upscalerCapability({ upscaler, upsamplerApiKey });
    expect(of('upsampler')).toEqual({ ready: false, limits: UPSAMPLER_LIMITS });
    expect(of('upsampler', '   ')?.ready).toBe(false);
    expect(of('upsampler', 'key-12345')).toEqual({ ready: true, limits: UPSAMPLER_LIMITS });
    expect(of('sharp')).toEqual({ ready: true, limits: SHARP_LIMITS });
    expect(of('local-ai')).toEqual({
      ready: localAiAvailability().available,
      limits: LOCAL_AI_LIMITS,
    });
    expect(of('nothing-like-this')).toBeNull();
  });
});

describe('quote: options the upscaler cannot make are unavailable', () => {
  it('an upscaler that cannot run offers nothing, still priced', () => {
    for (const upscaler of [{ ready: false, limits: SHARP_LIMITS }, null]) {
      const options = quote(1000, 1000, settings(), upscaler).options;
      expect(options.map((o) => [o.resolution, o.available, o.reason, o.amount])).toEqual([
        ['4x', false, 'upscaler_not_configured', 50],
        ['8x', false, 'upscaler_not_configured', 64 * 3],
      ]);
    }
  });

  it.each([
    // sharp: 100 MP in, 268 402 689 px out
    ['sharp', 10_000, 10_000, '2x', 'exceeds_upscaler_output'], // 400 MP out
    ['sharp', 10_001, 10_000, '2x', 'exceeds_upscaler_input'],
    ['sharp', 8_191, 8_191, '2x', undefined], // 268 369 924 px
    ['sharp', 8_192, 8_192, '2x', 'exceeds_upscaler_output'], // 268 435 456 px
    ['sharp', 2_000, 2_000, '8x', undefined],
    ['sharp', 2_048, 2_048, '8x', 'exceeds_upscaler_output'],
    // local AI: 16 MP in
    ['local-ai', 4_000, 4_000, '4x', undefined],
    ['local-ai', 4_001, 4_000, '4x', 'exceeds_upscaler_input'],
    ['local-ai', 4_000, 3_000, '8x', 'exceeds_upscaler_output'], // 768 MP
    // Upsampler states no pixel limit; it goes up to 16x
    ['upsampler', 10_000, 10_000, '16x', undefined], // 25 600 MP
    ['upsampler', 4_000, 3_000, '8x', undefined],
  ] as const)('%s, %i×%i at %s → %s', (name, width, height, resolution, reason) => {
    const option = quoteOption(width, height, resolution, settings(), ready(name));
    expect([option.available, option.reason]).toEqual([reason === undefined, reason]);
  });

  it("the upscaler's limit is named before the owner's maximum output", () => {
    const option = quoteOption(
      2048,
      2048,
      '8x',
      settings({ maxOutputMegapixels: 64 }),
      ready('sharp'),
    );
    expect(option.reason).toBe('exceeds_upscaler_output');
  });

  it('a scale above what the provider makes is unavailable', () => {
    const upToFour = { ready: true, limits: { ...SHARP_LIMITS, maxScale: 4 } };
    expect(quoteOption(100, 100, '8x', settings(), upToFour).reason).toBe(
      'exceeds_upscaler_output',
    );
    expect(quoteOption(100, 100, '4x', settings(), upToFour).available).toBe(true);
  });
});

describe('the providers refuse exactly what the quote does not offer', () => {
  const runner = { script: { path: 'worker.js', execArgv: [] }, start: () => undefined };
  const providers = {
    sharp: () => createUpscaler('sharp', { sharp: { workDir: tmp('sharp') } }),
    'local-ai': () =>
      createUpscaler('local-ai', {
        localAi: {
          runner: runner as never,
          workDir: tmp('local-ai'),
          model: 'slim',
          engine: 'onnx',
          eightXMode: 'x4-lanczos',
        },
      }),
  };

  it.each([
    ['sharp', 10_001, 10_000, 2],
    ['sharp', 8_191, 8_191, 2],
    ['sharp', 8_192, 8_192, 2],
    ['sharp', 2_048, 2_048, 8],
    ['local-ai', 4_000, 4_000, 4],
    ['local-ai', 4_001, 4_000, 4],
    ['local-ai', 2_048, 2_048, 8],
    ['local-ai', 2_000, 2_000, 8],
  ] as const)('%s, %i×%i at %ix', async (name, width, height, scale) => {
    const offered = quoteOption(width, height, `${scale}x`, settings(), ready(name)).available;
    const refusal = await providers[name]()
      .submit({
        jobId: `job-${width}-${scale}`,
        imageUrl: 'x',
        scale,
        inputPath: declaredPng(width, height),
      })
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    // Within the limits a header-only file fails later (it has no pixels), never as too large.
    expect([offered, refusal === 'too_large']).toEqual([offered, !offered]);
  });
});
