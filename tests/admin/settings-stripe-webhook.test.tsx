import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SettingsPage from '../../admin/src/pages/SettingsPage';
import type { Settings } from '../../shared/contracts/settings';
import type { SettingsAnswer } from '../../shared/contracts/settings-routes';
import { STRIPE_WEBHOOK_EVENTS, stripeListenCommand } from '../../shared/contracts/stripe-webhook';
import { apiError, grant, mockApi, requestsTo as requests } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { savedSettings, serveSettings, settingsAnswer, WEBHOOK_URL } from './support/settings';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/** The "Set up webhook" button of the payments section against a fake admin API. */
const ROUTE = 'POST /sell-my-images/settings/stripe-webhook';
const answer = (changes: Partial<Settings> = {}): SettingsAnswer =>
  settingsAnswer(savedSettings({ stripeSecretKey: '••••••••9f3a', ...changes }), {
    stripeMode: 'test',
  });
const setupButton = (payments: HTMLElement) =>
  within(payments).getByRole('button', { name: 'Set up webhook' });
const openPayments = async () => {
  renderAdmin(<SettingsPage />);
  return screen.findByRole('region', { name: 'Payments' });
};

describe('settings page: Stripe webhook set-up', () => {
  it('is disabled until a Stripe secret key is saved', async () => {
    serveSettings(() => answer({ stripeSecretKey: null }));
    const payments = await openPayments();
    expect(setupButton(payments).hasAttribute('disabled')).toBe(true);
    expect(within(payments).getByText('Save a Stripe secret key first.')).toBeTruthy();
  });

  it('creates the endpoint and shows the URL, the events and that the secret is saved', async () => {
    serveSettings(() => answer());
    mockApi({
      [ROUTE]: {
        data: {
          action: 'created',
          endpointId: 'we_123',
          url: WEBHOOK_URL,
          events: [...STRIPE_WEBHOOK_EVENTS],
          secretStored: true,
          environmentVariable: null,
        },
      },
    });
    const payments = await openPayments();
    await userEvent.click(setupButton(payments));
    expect(await within(payments).findByText('Created')).toBeTruthy();
    expect(
      within(payments).getByText(
        `Stripe sends ${STRIPE_WEBHOOK_EVENTS.length} event types to ${WEBHOOK_URL}.`,
      ),
    ).toBeTruthy();
    expect(within(payments).getByText(STRIPE_WEBHOOK_EVENTS.join(', '))).toBeTruthy();
    expect(within(payments).getByText("The endpoint's new signing secret is saved.")).toBeTruthy();
    expect(requests('POST', '/sell-my-images/settings/stripe-webhook')).toHaveLength(1);
  });

  it('says when an update keeps the secret, and when SMI_STRIPE_WEBHOOK_SECRET wins', async () => {
    serveSettings(() => answer());
    let call = 0;
    mockApi({
      [ROUTE]: () => {
        call += 1;
        return {
          body: {
            data: {
              action: 'updated',
              endpointId: 'we_123',
              url: WEBHOOK_URL,
              events: [...STRIPE_WEBHOOK_EVENTS],
              secretStored: false,
              environmentVariable: call === 1 ? null : 'SMI_STRIPE_WEBHOOK_SECRET',
            },
          },
        };
      },
    });
    const payments = await openPayments();
    await userEvent.click(setupButton(payments));
    expect(await within(payments).findByText('Updated')).toBeTruthy();
    expect(within(payments).getByText(/The signing secret saved before is kept/)).toBeTruthy();
    await userEvent.click(setupButton(payments));
    expect(
      await within(payments).findByText(/SMI_STRIPE_WEBHOOK_SECRET is set and wins/),
    ).toBeTruthy();
  });

  it('explains a URL Stripe cannot reach and gives the stripe listen command to copy', async () => {
    serveSettings(() => answer());
    const local = 'http://localhost:1337/api/sell-my-images/webhooks/stripe';
    mockApi({
      [ROUTE]: () =>
        apiError(409, 'Stripe cannot reach it', {
          reason: 'not_public',
          url: local,
          command: stripeListenCommand(local),
        }),
    });
    const payments = await openPayments();
    await userEvent.click(setupButton(payments));
    expect(
      await within(payments).findByText(/Stripe cannot reach http:\/\/localhost:1337/),
    ).toBeTruthy();
    const command = within(payments).getByLabelText('Stripe CLI command') as HTMLInputElement;
    expect(command.value).toBe(stripeListenCommand(local));
    expect(command.readOnly).toBe(true);
  });

  it('shows the server’s message for another failure', async () => {
    serveSettings(() => answer());
    mockApi({ [ROUTE]: () => apiError(502, 'Stripe could not be reached') });
    const payments = await openPayments();
    await userEvent.click(setupButton(payments));
    expect(await within(payments).findByText('Stripe could not be reached')).toBeTruthy();
  });

  it('shows the endpoint’s status and missing events, read again after a set-up', async () => {
    serveSettings(() => answer());
    const endpoint = {
      id: 'we_123',
      url: WEBHOOK_URL,
      events: ['checkout.session.completed'],
      missingEvents: STRIPE_WEBHOOK_EVENTS.filter((e) => e !== 'checkout.session.completed'),
      status: 'enabled',
    };
    mockApi({
      'GET /sell-my-images/settings/stripe-webhook': () => ({
        body: {
          data: {
            webhookUrl: WEBHOOK_URL,
            endpoint,
            problem: null,
            lastVerifiedEventAt: null,
          },
        },
      }),
      [ROUTE]: () => {
        endpoint.events = [...STRIPE_WEBHOOK_EVENTS];
        endpoint.missingEvents = [];
        return {
          body: {
            data: {
              action: 'updated',
              endpointId: 'we_123',
              url: WEBHOOK_URL,
              events: endpoint.events,
              secretStored: false,
              environmentVariable: null,
            },
          },
        };
      },
    });
    const payments = await openPayments();
    expect(
      await within(payments).findByText(
        /Endpoint we_123: enabled; last verified event: none yet\./,
      ),
    ).toBeTruthy();
    expect(
      within(payments).getByText(/Not subscribed to: checkout\.session\.async_payment_succeeded/),
    ).toBeTruthy();
    await userEvent.click(setupButton(payments));
    expect(await within(payments).findByText('Updated')).toBeTruthy();
    await waitFor(() => expect(within(payments).queryByText(/Not subscribed to/)).toBeNull());
    expect(requests('GET', '/sell-my-images/settings/stripe-webhook')).toHaveLength(2);
  });

  it('is not offered to an admin who may only read the settings', async () => {
    grant(['read', 'settings.read']);
    serveSettings(() => answer());
    const payments = await openPayments();
    expect(within(payments).queryByRole('button', { name: 'Set up webhook' })).toBeNull();
  });
});
