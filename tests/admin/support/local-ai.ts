/**
 * The settings page with the local AI upscaler: saved settings that choose it, and a fake
 * of the expected processing times the page asks for.
 */
import type { Settings } from '../../../shared/contracts/settings';
import type { LocalAiTimesAnswer, SettingsAnswer } from '../../../shared/contracts/settings-routes';
import { screen } from '@testing-library/react';
import { mockApi, requestsTo, type FakeRequest } from './admin-test-state';
import { savedSettings, serveSettings, settingsAnswer } from './settings';

export const SAVED = savedSettings({ upscaler: 'local-ai', localAiTileSize: 256 });

/** The saved settings with `changes`, none set by the environment. */
export const answer = (changes: Partial<Settings> = {}) => settingsAnswer({ ...SAVED, ...changes });

export const TIMES = 'POST /sell-my-images/settings/local-ai/expected-times';

const SIZES = [
  { width: 640, height: 480 },
  { width: 1000, height: 1000 },
  { width: 2000, height: 2000 },
  { width: 4000, height: 3000 },
];
/** Expected seconds per sample size: 4x, 8x the chosen way, 8x with the 8x model. */
const SECONDS: Record<string, { '4x': number | null; x4: number | null; x8: number | null }> = {
  '640x480': { '4x': 45, x4: 70, x8: 180 },
  '1000x1000': { '4x': 180, x4: 290, x8: 800 },
  '2000x2000': { '4x': 700, x4: 1100, x8: 3000 },
  '4000x3000': { '4x': 3900, x4: null, x8: null },
};
const MACHINE = { cpus: 2, cpuModel: 'AMD EPYC 7B13', node: 'v22.11.0' };
/** The packages a server without local AI lacks. */
export const MISSING = ['@upscalerjs/esrgan-slim', '@upscalerjs/esrgan-medium', 'onnxruntime-node'];

export type TimesBody = Partial<
  Pick<
    Settings,
    'resolutions' | 'localAiModel' | 'localAi8xMode' | 'localAiTileSize' | 'localAiConcurrency'
  >
>;

/** Whether this server can run local AI, and whether it was measured (or is being measured). */
export interface TimesState {
  calibrated?: boolean;
  calibrating?: boolean;
  available?: boolean;
}

/** What the server answers for `body` over the saved values, in the shape of services/local-ai expectedTimes. */
export function expectedTimes(
  body: TimesBody,
  { calibrated = true, calibrating = false, available = true }: TimesState = {},
): LocalAiTimesAnswer {
  const model =
    (body.localAiModel ?? SAVED.localAiModel) === 'medium' ? 'ESRGAN medium' : 'ESRGAN slim';
  const mode = body.localAi8xMode ?? SAVED.localAi8xMode;
  const resolutions = body.resolutions ?? SAVED.resolutions;
  const known = calibrated && available;
  const x4 = `${model} 4x + Lanczos 2x`;
  return {
    availability: available
      ? {
          available: true,
          engine: 'onnx',
          missing: [],
          message: 'ESRGAN runs on this server (ONNX Runtime); no account is needed',
        }
      : {
          available: false,
          engine: null,
          missing: MISSING,
          message: `Install ${MISSING.join(', ')} to use the local AI upscaler`,
        },
    upscaler: { name: 'local-ai', label: 'AI (ESRGAN, on this server)', model },
    calibrated: known,
    calibrating,
    measuredAt: known ? '2030-01-02T09:30:00.000Z' : null,
    machine: known ? MACHINE : null,
    eightXMode: mode,
    tileSize: body.localAiTileSize ?? SAVED.localAiTileSize,
    threadsPerJob: Math.min(
      4,
      Math.max(1, Math.floor(MACHINE.cpus / (body.localAiConcurrency ?? 1))),
    ),
    samples: SIZES.map(({ width, height }) => {
      const seconds = SECONDS[`${width}x${height}`];
      return {
        width,
        height,
        options: resolutions.map((resolution) => {
          const eight = resolution === '8x';
          const method = eight
            ? mode === 'x8-model'
              ? `${model} 8x`
              : x4
            : `${model} ${resolution}`;
          const value = eight
            ? mode === 'x8-model'
              ? seconds.x8
              : seconds.x4
            : resolution === '4x'
              ? seconds['4x']
              : null;
          return {
            resolution,
            scale: Number.parseInt(resolution, 10),
            method,
            seconds: known ? value : null,
          };
        }),
        ...(resolutions.includes('8x')
          ? {
              eightXModes: [
                {
                  mode: 'x8-model' as const,
                  method: `${model} 8x`,
                  seconds: known ? seconds.x8 : null,
                },
                { mode: 'x4-lanczos' as const, method: x4, seconds: known ? seconds.x4 : null },
              ],
            }
          : {}),
      };
    }),
  };
}

/** The settings (see serveSettings), and the expected times of the unsaved values, per `state`. */
export function serve(initial: SettingsAnswer = answer(), state: TimesState = {}) {
  const server = Object.assign(serveSettings(answer, initial), { times: { ...state } });
  mockApi({
    [TIMES]: ({ body }: FakeRequest) => ({
      body: { data: expectedTimes((body ?? {}) as TimesBody, server.times) },
    }),
  });
  return server;
}

export const timesRequests = () =>
  requestsTo('POST', '/sell-my-images/settings/local-ai/expected-times');

/** The local AI block of the Upscaler section, once shown. */
export const localAiBlock = () => screen.findByRole('region', { name: 'Local AI' });

/** The table of the expected processing times, once shown. */
export const timesTable = () =>
  screen.findByRole('table', { name: 'Expected processing time on this server' });
