/**
 * Which public webhook URLs the "Set up webhook" button sends to Stripe, and the
 * `stripe listen` command shown instead for the others.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isPublicWebhookUrl } from '../../server/src/commerce/stripe-webhook-setup';
import { STRIPE_WEBHOOK_EVENTS, stripeListenCommand } from '../../shared/contracts/stripe-webhook';

const PATH = '/api/sell-my-images/webhooks/stripe';

describe('isPublicWebhookUrl', () => {
  it.each([
    `https://shop.example.com${PATH}`,
    `https://shop.example.test${PATH}`,
    `https://8.8.8.8${PATH}`,
    `https://shop.example.com:8443${PATH}`,
  ])('accepts %s', (url) => {
    expect(isPublicWebhookUrl(url)).toBe(true);
  });

  it.each([
    [`http://shop.example.com${PATH}`, 'plain http'],
    [`https://localhost:1337${PATH}`, 'localhost'],
    [`https://api.localhost${PATH}`, '*.localhost'],
    [`https://127.0.0.1${PATH}`, 'loopback IPv4'],
    [`https://[::1]${PATH}`, 'loopback IPv6'],
    [`https://192.168.1.20${PATH}`, 'private IPv4'],
    [`https://10.0.0.5${PATH}`, 'private IPv4'],
    [`https://[fd00::1]${PATH}`, 'unique-local IPv6'],
    [`https://169.254.1.1${PATH}`, 'link-local'],
    [`https://nas.local${PATH}`, 'mDNS'],
    [`https://strapi.internal${PATH}`, 'private-use suffix'],
    [`https://strapi${PATH}`, 'single-label host'],
    ['not a url', 'invalid'],
  ])('refuses %s (%s)', (url) => {
    expect(isPublicWebhookUrl(url)).toBe(false);
  });
});

describe('stripeListenCommand', () => {
  it('forwards exactly the handled events to the URL', () => {
    const url = `http://localhost:1337${PATH}`;
    expect(stripeListenCommand(url)).toBe(
      `stripe listen --forward-to ${url} --events ${STRIPE_WEBHOOK_EVENTS.join(',')}`,
    );
  });
});

describe('STRIPE_WEBHOOK_EVENTS', () => {
  it('is the list of events the README tells owners the plugin acts on', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('| event | what the plugin does |');
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    const documented = [...table.matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((m) => m[1]);
    expect(start).toBeGreaterThan(0);
    expect(new Set(documented)).toEqual(new Set(STRIPE_WEBHOOK_EVENTS));
  });
});
