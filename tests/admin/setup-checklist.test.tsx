import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HomePage } from '../../admin/src/pages/HomePage';
import type { SetupChecklist, SetupItem } from '../../shared/contracts/setup';
import { stripeListenCommand } from '../../shared/contracts/stripe-webhook';
import { grant, mockApi, requestsTo } from './support/admin-test-state';
import { renderAdmin } from './support/render';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/** The Overview page's setup checklist against a fake admin API (README "Setup checklist"). */
const LOCAL_WEBHOOK = 'http://localhost:1337/api/sell-my-images/webhooks/stripe';

const items: SetupItem[] = [
  { id: 'stripe_key', state: 'done', facts: { source: 'env', mode: 'test', problem: null } },
  {
    id: 'stripe_webhook',
    state: 'todo',
    facts: {
      webhookUrl: LOCAL_WEBHOOK,
      secretSource: null,
      endpointId: null,
      missingEvents: [],
      lastVerifiedEventAt: null,
      problem: null,
      listenCommand: stripeListenCommand(LOCAL_WEBHOOK),
    },
  },
  { id: 'email', state: 'warning', facts: { provider: null, production: false } },
  {
    id: 'public_url',
    state: 'warning',
    facts: { url: 'http://localhost:1337', https: false, loopback: true, production: false },
  },
  { id: 'cron', state: 'done', facts: { enabled: true } },
  {
    id: 'storage',
    state: 'done',
    facts: {
      location: '/srv/private',
      kind: 'local',
      writable: true,
      problem: null,
      publicAccess: null,
    },
  },
  { id: 'upscaler', state: 'done', facts: { upscaler: 'sharp', problem: null } },
  {
    id: 'return_origins',
    state: 'warning',
    facts: {
      allowed: ['http://localhost:1337'],
      refused: [{ origin: 'https://blog.example.com', at: '2026-12-02T09:00:00.000Z' }],
    },
  },
];
const checklist: SetupChecklist = { items, remaining: 4, checkedAt: '2026-12-03T10:00:00.000Z' };
const row = async (id: string) => screen.findByTestId(`smi-setup-${id}`);

describe('overview page: setup checklist', () => {
  beforeEach(() => {
    mockApi({
      'GET /sell-my-images/health': { status: 'ok', version: '1.0.0' },
      'GET /sell-my-images/setup': { data: checklist },
    });
  });

  it('shows each item with its state, what was found and where it is fixed', async () => {
    renderAdmin(<HomePage />);
    expect(await screen.findByText(/4 of 8 still need a look\./)).toBeTruthy();
    const key = await row('stripe_key');
    expect(key.getAttribute('data-state')).toBe('done');
    expect(
      within(key).getByText('A test mode key, accepted by Stripe: no real money moves.'),
    ).toBeTruthy();
    expect(
      within(key).getByText('From the environment variable SMI_STRIPE_SECRET_KEY.'),
    ).toBeTruthy();
    expect(within(key).queryByRole('link')).toBeNull();

    const origins = await row('return_origins');
    expect(origins.getAttribute('data-state')).toBe('warning');
    expect(
      within(origins).getByText(/Buyers were refused on: https:\/\/blog\.example\.com/),
    ).toBeTruthy();
    expect(
      within(origins).getByRole('link', { name: 'Open payment settings' }).getAttribute('href'),
    ).toBe('/settings/sell-my-images#payments');

    const url = await row('public_url');
    expect(within(url).getByText(/only works on this machine/)).toBeTruthy();
    expect(
      within(url)
        .getByRole('link', { name: /How to fix it/ })
        .getAttribute('href'),
    ).toMatch(/#setup-checklist$/);
  });

  it('gives the stripe listen command where Stripe cannot reach the webhook URL', async () => {
    renderAdmin(<HomePage />);
    const webhook = await row('stripe_webhook');
    expect(webhook.getAttribute('data-state')).toBe('todo');
    expect(within(webhook).getByDisplayValue(stripeListenCommand(LOCAL_WEBHOOK))).toBeTruthy();
    expect(within(webhook).queryByRole('button', { name: 'Set up webhook' })).toBeNull();
  });

  it('sends a test e-mail to the admin when no address is typed, and shows a refusal', async () => {
    let call = 0;
    mockApi({
      'POST /sell-my-images/setup/test-email': () => {
        call += 1;
        return {
          body: {
            data:
              call === 1
                ? { ok: true, to: 'owner@example.com', provider: null }
                : { ok: false, to: 'me@example.com', provider: null, message: '550 no' },
          },
        };
      },
    });
    renderAdmin(<HomePage />);
    const email = await row('email');
    await userEvent.click(within(email).getByRole('button', { name: 'Send test e-mail' }));
    expect(await within(email).findByText(/Sent to owner@example\.com/)).toBeTruthy();
    await userEvent.type(within(email).getByLabelText('Send a test e-mail to'), 'me@example.com');
    await userEvent.click(within(email).getByRole('button', { name: 'Send test e-mail' }));
    expect(
      await within(email).findByText('The provider refused the e-mail to me@example.com: 550 no'),
    ).toBeTruthy();
    expect(requestsTo('POST', '/sell-my-images/setup/test-email').map((r) => r.body)).toEqual([
      {},
      { to: 'me@example.com' },
    ]);
  });

  it('reads the checklist again on "Check again"', async () => {
    renderAdmin(<HomePage />);
    await row('cron');
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(requestsTo('GET', '/sell-my-images/setup')).toHaveLength(2));
  });

  it('is not shown, nor its buttons, without the right to read the settings', async () => {
    grant(['read']);
    renderAdmin(<HomePage />);
    expect(await screen.findByText(/version 1\.0\.0/)).toBeTruthy();
    expect(screen.queryByTestId('smi-setup')).toBeNull();
    expect(requestsTo('GET', '/sell-my-images/setup')).toHaveLength(0);
    expect(screen.getByRole('link', { name: 'Go to settings' })).toBeTruthy();
  });

  it('hides the buttons that change things without the right to update the settings', async () => {
    grant(['read', 'settings.read']);
    renderAdmin(<HomePage />);
    const email = await row('email');
    expect(within(email).queryByRole('button', { name: 'Send test e-mail' })).toBeNull();
  });
});
