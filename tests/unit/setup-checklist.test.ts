import type { SetupItem } from '../../shared/contracts/setup';
import { stripeListenCommand } from '../../shared/contracts/stripe-webhook';
import { checklistItems, type ChecklistFacts } from '../../server/src/setup/checklist-items';

/** The Overview checklist's rules (README "Setup checklist"), one fact changed at a time. */
const PUBLIC = 'https://shop.example.com';
const WEBHOOK = `${PUBLIC}/api/sell-my-images/webhooks/stripe`;

const ready: ChecklistFacts = {
  production: true,
  publicUrl: PUBLIC,
  emailProvider: 'nodemailer',
  cronEnabled: true,
  storage: {
    location: '/srv/private',
    kind: 'local',
    writable: true,
    problem: null,
    publicAccess: null,
  },
  stripeKey: { source: 'stored', test: { ok: true, mode: 'live' } },
  webhook: {
    secretSource: 'stored',
    status: {
      webhookUrl: WEBHOOK,
      endpoint: { id: 'we_1', url: WEBHOOK, events: [], missingEvents: [], status: 'enabled' },
      problem: null,
      lastVerifiedEventAt: '2026-12-01T10:00:00.000Z',
    },
  },
  upscaler: { ok: true, upscaler: 'sharp' },
  allowedOrigins: [PUBLIC],
  refusedOrigins: [],
};

function itemOf<Id extends SetupItem['id']>(facts: Partial<ChecklistFacts>, id: Id) {
  const found = checklistItems({ ...ready, ...facts }).find((item) => item.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found as Extract<SetupItem, { id: Id }>;
}
const stateOf = (facts: Partial<ChecklistFacts>, id: SetupItem['id']) => itemOf(facts, id).state;

describe('setup checklist items', () => {
  it('are all done for a shop that is ready, in the order an owner sets up', () => {
    const items = checklistItems(ready);
    expect(items.map((item) => [item.id, item.state])).toEqual([
      ['stripe_key', 'done'],
      ['stripe_webhook', 'done'],
      ['email', 'done'],
      ['public_url', 'done'],
      ['cron', 'done'],
      ['storage', 'done'],
      ['upscaler', 'done'],
      ['return_origins', 'done'],
    ]);
  });

  it('Stripe key: to do without a key or when Stripe refuses it, with its mode and source otherwise', () => {
    expect(itemOf({ stripeKey: { source: 'default', test: null } }, 'stripe_key')).toEqual({
      id: 'stripe_key',
      state: 'todo',
      facts: { source: null, mode: null, problem: null },
    });
    const refused = {
      ok: false as const,
      code: 'invalid_key' as const,
      message: 'Stripe rejected the secret key',
      mode: 'test' as const,
    };
    expect(itemOf({ stripeKey: { source: 'env', test: refused } }, 'stripe_key')).toEqual({
      id: 'stripe_key',
      state: 'todo',
      facts: { source: 'env', mode: 'test', problem: 'Stripe rejected the secret key' },
    });
    expect(itemOf({}, 'stripe_key').facts).toEqual({
      source: 'stored',
      mode: 'live',
      problem: null,
    });
  });

  it('webhook: to do without a secret, with missing events or a removed endpoint', () => {
    const noSecret = itemOf(
      { webhook: { ...ready.webhook, secretSource: undefined } },
      'stripe_webhook',
    );
    expect(noSecret.state).toBe('todo');
    expect(noSecret.facts).toMatchObject({ secretSource: null, listenCommand: null });

    const missing = { ...ready.webhook.status.endpoint!, missingEvents: ['refund.failed'] };
    const partial = { ...ready.webhook, status: { ...ready.webhook.status, endpoint: missing } };
    expect(stateOf({ webhook: partial }, 'stripe_webhook')).toBe('todo');

    const removed = {
      ...ready.webhook,
      status: { ...ready.webhook.status, endpoint: null, problem: 'The endpoint was removed' },
    };
    expect(stateOf({ webhook: removed }, 'stripe_webhook')).toBe('todo');
  });

  it('webhook: a secret from the environment (set by hand or `stripe listen`) is enough', () => {
    const byHand = {
      secretSource: 'env' as const,
      status: { ...ready.webhook.status, endpoint: null, lastVerifiedEventAt: null },
    };
    expect(itemOf({ webhook: byHand }, 'stripe_webhook')).toMatchObject({
      state: 'done',
      facts: { secretSource: 'env', endpointId: null, lastVerifiedEventAt: null },
    });
  });

  it('webhook: offers the stripe listen command where Stripe cannot reach the URL', () => {
    const local = 'http://localhost:1337/api/sell-my-images/webhooks/stripe';
    const status = { ...ready.webhook.status, webhookUrl: local, endpoint: null };
    const item = itemOf({ webhook: { secretSource: undefined, status } }, 'stripe_webhook');
    expect(item.facts.listenCommand).toBe(stripeListenCommand(local));
    expect(item.state).toBe('todo');
  });

  it('e-mail: a real provider is done; none or sendmail is a warning in development, to do in production', () => {
    expect(stateOf({ emailProvider: null }, 'email')).toBe('todo');
    expect(stateOf({ emailProvider: 'sendmail' }, 'email')).toBe('todo');
    expect(stateOf({ emailProvider: 'sendmail', production: false }, 'email')).toBe('warning');
    expect(itemOf({ emailProvider: 'amazon-ses' }, 'email')).toEqual({
      id: 'email',
      state: 'done',
      facts: { provider: 'amazon-ses', production: true },
    });
  });

  it('public URL: https on a public host is done; localhost, http or a private name is not', () => {
    expect(itemOf({ publicUrl: 'http://localhost:1337', production: false }, 'public_url')).toEqual(
      {
        id: 'public_url',
        state: 'warning',
        facts: { url: 'http://localhost:1337', https: false, loopback: true, production: false },
      },
    );
    expect(stateOf({ publicUrl: 'http://localhost:1337' }, 'public_url')).toBe('todo');
    expect(stateOf({ publicUrl: 'http://shop.example.com' }, 'public_url')).toBe('todo');
    expect(stateOf({ publicUrl: 'https://shop.local', production: false }, 'public_url')).toBe(
      'warning',
    );
    expect(stateOf({ publicUrl: 'https://10.0.0.5', production: false }, 'public_url')).toBe(
      'warning',
    );
    expect(stateOf({ publicUrl: 'not a url', production: false }, 'public_url')).toBe('todo');
  });

  it('cron, storage and upscaler: to do when off, not writable or not usable', () => {
    expect(stateOf({ cronEnabled: false }, 'cron')).toBe('todo');
    const local = { kind: 'local' as const, problem: null, publicAccess: null };
    const readOnly = { ...local, location: '/ro', writable: false };
    expect(itemOf({ storage: readOnly }, 'storage')).toEqual({
      id: 'storage',
      state: 'todo',
      facts: readOnly,
    });
    const bucket = { location: 's3://paid', kind: 's3' as const, writable: true, problem: null };
    expect(stateOf({ storage: { ...bucket, publicAccess: null } }, 'storage')).toBe('done');
    expect(stateOf({ storage: { ...bucket, publicAccess: 'the file listing' } }, 'storage')).toBe(
      'todo',
    );
    const missing = { ...bucket, writable: false, problem: 'NoSuchBucket', publicAccess: null };
    expect(stateOf({ storage: missing }, 'storage')).toBe('todo');
    const missingKey = {
      ok: false as const,
      upscaler: 'upsampler' as const,
      code: 'missing_key' as const,
      message: 'No Upsampler API key is set',
    };
    expect(itemOf({ upscaler: missingKey }, 'upscaler')).toEqual({
      id: 'upscaler',
      state: 'todo',
      facts: { upscaler: 'upsampler', problem: 'No Upsampler API key is set' },
    });
  });

  it('return origins: a warning while an origin buyers were refused on is still not allowed', () => {
    const refusedOrigins = [
      { origin: 'https://blog.example.com', at: '2026-12-02T09:00:00.000Z' },
      { origin: 'https://old.example.com', at: '2026-12-01T09:00:00.000Z' },
    ];
    const item = itemOf({ refusedOrigins }, 'return_origins');
    expect(item.state).toBe('warning');
    expect(item.facts.refused).toEqual(refusedOrigins);

    const allowedOrigins = [PUBLIC, 'https://blog.example.com', 'https://old.example.com'];
    expect(itemOf({ refusedOrigins, allowedOrigins }, 'return_origins')).toEqual({
      id: 'return_origins',
      state: 'done',
      facts: { allowed: allowedOrigins, refused: [] },
    });
  });
});
