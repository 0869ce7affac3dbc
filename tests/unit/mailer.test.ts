/**
 * The sender of the customer e-mails: the site's name as the display name, quoted as
 * RFC 5322 requires when it holds a comma, quotes or other specials, so that mail
 * software reads one sender and not several.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { sendMail } from '../../server/src/delivery/mailer';
import { SETTINGS_DEFAULTS } from '../../shared/contracts/settings';

async function senderFor(siteName: string | null, senderEmail = 'shop@example.test') {
  const sent: Array<Record<string, unknown>> = [];
  const email = { send: async (options: Record<string, unknown>) => void sent.push(options) };
  const strapi = {
    plugin: (name: string) => (name === 'email' ? { service: () => email } : undefined),
  };
  const settings = { ...SETTINGS_DEFAULTS, siteName, senderEmail, supportEmail: null };
  await sendMail(strapi as never, settings as never, 'buyer@example.test', {
    subject: 's',
    text: 't',
    html: '<p>t</p>',
  });
  return String(sent[0]?.from);
}

describe('the sender of customer e-mails', () => {
  test.each([
    ['a plain name', 'Photo Shop', '"Photo Shop" <shop@example.test>'],
    ['a comma', 'Site, Inc', '"Site, Inc" <shop@example.test>'],
    [
      'quotes and a backslash',
      'The "Best" \\ Shop',
      '"The \\"Best\\" \\\\ Shop" <shop@example.test>',
    ],
    [
      'angle brackets and an at sign',
      'Me <me@evil.test>',
      '"Me <me@evil.test>" <shop@example.test>',
    ],
    [
      'a line break (no header injection)',
      'Shop\r\nBcc: x@evil.test',
      '"Shop Bcc: x@evil.test" <shop@example.test>',
    ],
  ])('quotes the site name with %s', async (_, siteName, from) => {
    const sender = await senderFor(siteName);
    expect(sender).toBe(from);
    const parsed = addressparser(sender);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ address: 'shop@example.test' });
  });

  test('is the bare address without a site name', async () => {
    expect(await senderFor(null)).toBe('shop@example.test');
  });
});
