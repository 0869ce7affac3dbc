/**
 * "Test connection" buttons of the settings page: one cheap, side-effect-free call to
 * Stripe or Upsampler with a key (saved or only typed), answered as a verdict the admin
 * can act on. A failing remote is a verdict (`ok: false`), never an exception, and no
 * key ever appears in a verdict or a log line.
 */
import Stripe from 'stripe';
import type {
  ConnectionFailure,
  StripeTestResult,
  UpscalerTestResult,
} from '../../../shared/contracts/settings-routes';
import type { TaxMode } from '../../../shared/contracts/settings-commerce';
import { createUpsamplerClient, isUpscalerError, type UpscalerName } from '../upscalers';
import { readEnvironment } from '../settings/environment';
import type { LocalAiEngineSetting } from '../upscalers/local-ai/engines';
import { localAiAvailability } from '../upscalers/local-ai/service';
import { stripeConnectionFromUrl, stripeModeOf } from './stripe-client';

/** A test should answer within a click's patience, so it is shorter than the fulfilment timeouts. */
const TEST_TIMEOUT_MS = 10_000;
/** A job id no account has: asking for its status proves the key without starting (and paying for) an upscale. */
const UPSAMPLER_PROBE_ID = 'smi-connection-test';

/** What each Stripe error type means for the admin: a stable code and our own words. */
const STRIPE_FAILURES: Record<string, [ConnectionFailure['code'], string]> = {
  StripeAuthenticationError: ['invalid_key', 'Stripe rejected the secret key'],
  StripePermissionError: [
    'permission_denied',
    'The key is valid but may not read events; give the restricted key read access to events',
  ],
  StripeRateLimitError: [
    'rate_limited',
    'Stripe is rate-limiting this account; try again in a minute',
  ],
  StripeConnectionError: ['unreachable', 'Stripe could not be reached'],
  StripeAPIError: ['unreachable', 'Stripe answered with a server error; try again later'],
};

/** Stripe's error messages quote (part of) the key; only our own words leave this module. */
export function stripeFailure(error: unknown): ConnectionFailure {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? STRIPE_FAILURES[type] : undefined;
  if (known) return { ok: false, code: known[0], message: known[1] };
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const http = typeof status === 'number' ? ` (HTTP ${status})` : '';
  return { ok: false, code: 'error', message: `Stripe refused the request${http}` };
}

/** Where the owner activates Stripe Tax and enters the head office address. */
export const STRIPE_TAX_SETTINGS_URL = 'https://dashboard.stripe.com/settings/tax';

/**
 * With Stripe Tax on, a session Stripe cannot tax is refused: the account's tax settings
 * must be `active` (head office address and registrations entered, Stripe Tax activated).
 */
async function taxFailure(client: Stripe): Promise<ConnectionFailure | null> {
  const settings = await client.tax.settings.retrieve();
  if (settings.status === 'active') return null;
  const missing = settings.status_details.pending?.missing_fields ?? [];
  const fields = missing.length ? ` (missing: ${missing.join(', ')})` : '';
  return {
    ok: false,
    code: 'tax_inactive',
    message: `Stripe Tax is not active on this account${fields}: add the head office address and activate Stripe Tax in the Dashboard, ${STRIPE_TAX_SETTINGS_URL}, or set Tax to none`,
  };
}

/**
 * Lists one event: the cheapest read every secret key (and a restricted key with event
 * access) may do, and one the Stripe fake of the tests implements. A dedicated client
 * without retries keeps a typed-but-unsaved key out of the shared client cache and
 * answers a dead endpoint quickly; it honours SMI_STRIPE_API_URL like the shared one.
 * With Stripe Tax chosen, the account's tax settings are read too (`tax.settings`).
 */
export async function testStripeConnection(
  secretKey: string | null | undefined,
  options: { tax?: TaxMode } = {},
): Promise<StripeTestResult> {
  if (!secretKey) return { ok: false, code: 'missing_key', message: 'No Stripe secret key is set' };
  const mode = stripeModeOf(secretKey);
  const apiUrl = readEnvironment().stripeApiUrl;
  const client = new Stripe(secretKey, {
    maxNetworkRetries: 0,
    timeout: TEST_TIMEOUT_MS,
    ...(apiUrl ? stripeConnectionFromUrl(apiUrl) : {}),
  });
  try {
    await client.events.list({ limit: 1 });
    const tax = options.tax === 'stripe_tax' ? await taxFailure(client) : null;
    return tax ? { ...tax, mode } : { ok: true, mode };
  } catch (error) {
    return { ...stripeFailure(error), mode };
  }
}

/**
 * Asks Upsampler for the status of a job that does not exist: 401/403 means the key is
 * refused; "not found" (or another 4xx about the job) means the key got past
 * authentication. Nothing is submitted, so no credits are spent.
 */
async function testUpsampler(apiKey: string | null | undefined): Promise<UpscalerTestResult> {
  const upscaler = 'upsampler' as const;
  if (!apiKey)
    return { ok: false, upscaler, code: 'missing_key', message: 'No Upsampler API key is set' };
  try {
    const client = createUpsamplerClient({
      apiKey,
      baseUrl: readEnvironment().upsamplerApiUrl,
      timeoutMs: TEST_TIMEOUT_MS,
    });
    await client.status(UPSAMPLER_PROBE_ID);
    return { ok: true, upscaler };
  } catch (error) {
    if (!isUpscalerError(error)) throw error;
    switch (error.code) {
      case 'not_found':
      case 'client_error':
        return { ok: true, upscaler };
      case 'unauthorized':
        return {
          ok: false,
          upscaler,
          code: 'invalid_key',
          message: 'Upsampler rejected the API key',
        };
      case 'rate_limited':
        return {
          ok: false,
          upscaler,
          code: 'rate_limited',
          message: 'Upsampler is rate-limiting this key; try again in a minute',
        };
      case 'network_error':
      case 'timeout':
      case 'server_error':
        return {
          ok: false,
          upscaler,
          code: 'unreachable',
          message: 'Upsampler could not be reached',
        };
      case 'bad_config':
        // The client's own words (invalid SMI_UPSAMPLER_API_URL); they never contain the key.
        return { ok: false, upscaler, code: 'bad_config', message: error.message };
      case 'bad_response':
        return {
          ok: false,
          upscaler,
          code: 'unexpected_answer',
          message: 'Upsampler answered in an unexpected way; check SMI_UPSAMPLER_API_URL',
        };
      default:
        return {
          ok: false,
          upscaler,
          code: 'error',
          message: `Upsampler refused the request${error.status ? ` (HTTP ${error.status})` : ''}`,
        };
    }
  }
}

/** Checks that the chosen provider can work: its account for a cloud provider, its availability otherwise. */
export async function testUpscalerConnection(
  upscaler: UpscalerName,
  upsamplerApiKey: string | null | undefined,
  localAiEngine: LocalAiEngineSetting = 'auto',
): Promise<UpscalerTestResult> {
  switch (upscaler) {
    case 'upsampler':
      return testUpsampler(upsamplerApiKey);
    case 'sharp':
      return {
        ok: true,
        upscaler,
        code: 'no_account_needed',
        message: 'The sharp upscaler runs on this server; no account is needed',
      };
    case 'local-ai': {
      const availability = localAiAvailability(localAiEngine);
      return availability.available
        ? { ok: true, upscaler, code: 'no_account_needed', message: availability.message }
        : { ok: false, upscaler, code: 'unavailable', message: availability.message };
    }
  }
}
