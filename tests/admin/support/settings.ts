/**
 * The settings page's fake admin API and what its tests share: saved settings built from a
 * fresh install's defaults, the server's answer around them, the price preview computed by
 * the server's own pricing, and the cells of the page's sample tables.
 */
import { screen, within } from '@testing-library/react';
import { SETTINGS_DEFAULTS, type Settings } from '../../../shared/contracts/settings';
import type { SettingsAnswer } from '../../../shared/contracts/settings-routes';
import { pricePreview } from '../../../server/src/commerce/price-preview';
import type { PricePreviewRequest } from '../../../shared/contracts/settings-requests';
import { apiError, mockApi, type FakeRequest, type FakeResponse } from './admin-test-state';

export const WEBHOOK_URL = 'https://shop.example.test/api/sell-my-images/webhooks/stripe';

/** Saved settings: a fresh install's defaults (copied, not frozen) with `changes`. */
export function savedSettings(changes: Partial<Settings> = {}): Settings {
  return {
    ...SETTINGS_DEFAULTS,
    resolutions: [...SETTINGS_DEFAULTS.resolutions],
    allowedReturnOrigins: [...SETTINGS_DEFAULTS.allowedReturnOrigins],
    localAiFlatPrices: { ...SETTINGS_DEFAULTS.localAiFlatPrices },
    ...changes,
  };
}

/** `GET /settings` around `settings`: nothing from the environment unless `rest` says so. */
export function settingsAnswer(
  settings: Settings,
  rest: Partial<Omit<SettingsAnswer, 'settings'>> = {},
): SettingsAnswer {
  return {
    settings,
    sources: {},
    environment: {},
    stripeMode: null,
    webhookUrl: WEBHOOK_URL,
    ...rest,
  };
}

/**
 * Serves the settings: GET answers the current ones, the price preview prices the body over
 * them as the server does, and a save stores `answerOf(body)`. `server.answer` changes them.
 */
export function serveSettings(
  answerOf: (changes?: Partial<Settings>) => SettingsAnswer,
  initial: SettingsAnswer = answerOf(),
) {
  const server = { answer: initial };
  mockApi({
    'GET /sell-my-images/settings': () => ({ body: { data: server.answer } }),
    'POST /sell-my-images/settings/price-preview': ({ body }: FakeRequest) => {
      const { licenceMultipliers, ...overrides } = body as PricePreviewRequest;
      return {
        body: { data: pricePreview(server.answer.settings, overrides, licenceMultipliers) },
      };
    },
    // No endpoint set up yet (tests/admin/settings-stripe-webhook.test.tsx serves others).
    'GET /sell-my-images/settings/stripe-webhook': {
      data: { webhookUrl: WEBHOOK_URL, endpoint: null, problem: null, lastVerifiedEventAt: null },
    },
    'PUT /sell-my-images/settings': ({ body }: FakeRequest) => {
      server.answer = answerOf(body as Partial<Settings>);
      return { body: { data: server.answer } };
    },
  });
  return server;
}

/** The server's 400 naming each rejected setting by its dotted path (`localAiFlatPrices.8x`), with its message. */
export function validationError(
  fields: Record<string, string>,
  message = 'Invalid settings',
): FakeResponse {
  return apiError(400, message, {
    errors: Object.entries(fields).map(([path, text]) => ({
      path: path.split('.'),
      message: text,
      name: 'ValidationError' as const,
    })),
  });
}

/** The cell of a sample table for a sample size (row) and a resolution (column). */
export function tableCell(table: HTMLElement, size: string | RegExp, resolution: string) {
  const headers = within(table)
    .getAllByRole('columnheader')
    .map((header) => header.textContent);
  const row = within(table).getByRole('rowheader', { name: size }).closest('tr') as HTMLElement;
  return within(row).getAllByRole('cell')[headers.indexOf(resolution) - 1];
}

/** `input` shows `message` as its error: marked invalid and described by the message. */
export async function expectFieldError(input: HTMLElement, message: string): Promise<void> {
  const shown = await screen.findByText(message);
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(input.getAttribute('aria-describedby')).toContain(shown.id);
}

export const saveButton = () => screen.getByRole('button', { name: 'Save' });
