/**
 * The customer e-mails' renderer shared by the server and the admin preview
 * (docs/architecture.md "Customer e-mails"): placeholders, conditional blocks, escaping,
 * links, unknown placeholders refused, and the buyer's language.
 */
import { settingsUpdateSchema } from '../../shared/contracts/settings';
import { templateProblems } from '../../shared/email-placeholders';
import { formatEmailDate, renderEmail } from '../../shared/email-rendering';
import { defaultEmailTemplate, emailTemplateFor } from '../../shared/email-texts';
import { customerMail, type MailContext, type MailJob } from '../../server/src/delivery/emails';

const expiresAt = new Date('2026-03-05T14:30:00Z');

const ctx: MailContext = {
  siteName: 'Photo <Shop>',
  supportEmail: 'help@example.test',
  termsUrl: 'https://example.test/terms',
  maxDownloads: 5,
  emailTemplates: {},
};

const job: MailJob = {
  jobId: 'job_123',
  locale: 'en',
  fileName: 'sunset "dusk" <b>.jpg',
  resolution: '4x',
  outputWidth: 4000,
  outputHeight: 3000,
  amount: 1250,
  amountTotal: null,
  amountRefunded: 0,
  currency: 'eur',
  licenceName: null,
  invoiceUrl: null,
  isAi: true,
  method: 'Upsampler',
};

const links = {
  downloadUrl: 'https://shop.test/api/sell-my-images/downloads/tok?x=1&y=2',
  expiresAt,
  licenceUrl: null,
};

describe('renderEmail', () => {
  test('escapes every value in the HTML part and keeps the text part raw', () => {
    const mail = customerMail(ctx, job, links, 'link');
    expect(mail.subject).toBe('Your high-resolution image is ready — Photo <Shop>');
    expect(mail.html).toContain('sunset &quot;dusk&quot; &lt;b&gt;.jpg');
    expect(mail.html).not.toContain('<b>.jpg');
    expect(mail.html).toContain('Photo &lt;Shop&gt;');
    expect(mail.html).toContain(
      '<a href="https://shop.test/api/sell-my-images/downloads/tok?x=1&amp;y=2" style="display:inline-block',
    );
    expect(mail.html).toContain('<a href="mailto:help@example.test"');
    expect(mail.html).toContain('<h1 style="margin:0 0 16px;font-size:22px">Your high-resolution');
    expect(mail.text).toContain(
      'sunset "dusk" <b>.jpg — 4x (4000 × 3000 px) is ready. Upscaled with Upsampler.',
    );
    expect(mail.text).toContain(`Download your image: ${links.downloadUrl}`);
    expect(mail.text).toContain('Downloads allowed: 5.');
    expect(mail.text).toContain(
      'Questions? Write to help@example.test.\nTerms of sale: https://example.test/terms',
    );
  });

  test('the owner never writes HTML: tags they type are shown, not interpreted', () => {
    const mail = renderEmail(
      {
        subject: 'Hi {{siteName}}',
        body: '<script>alert(1)</script> [click](javascript:alert(1))',
      },
      { siteName: 'S' },
      'en',
    );
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('href="javascript');
  });

  test('keeps a conditional block only when its value is there, nested blocks too', () => {
    const template = {
      subject: 'Order {{orderId}}',
      body: 'A{{#licence}} licence {{licence}}{{#licenceUrl}} at {{licenceUrl}}{{/licenceUrl}}{{/licence}}.\n\n{{#invoiceUrl}}Invoice: {{invoiceUrl}}{{/invoiceUrl}}\n\nEnd',
    };
    const without = renderEmail(template, { orderId: 'o1', licence: null, invoiceUrl: '' }, 'en');
    expect(without.text).toBe('A.\n\nEnd\n');
    const partly = renderEmail(template, { licence: 'Commercial' }, 'en');
    expect(partly.text).toBe('A licence Commercial.\n\nEnd\n');
    const all = renderEmail(
      template,
      { licence: 'Commercial', licenceUrl: 'https://s.test/l', invoiceUrl: 'https://pay.test/i' },
      'en',
    );
    expect(all.text).toBe(
      'A licence Commercial at https://s.test/l.\n\nInvoice: https://pay.test/i\n\nEnd\n',
    );
    expect(all.html).toContain('<a href="https://pay.test/i"');
    expect(all.subject).toBe('Order');
  });

  test('a value is never read as template syntax', () => {
    const mail = renderEmail(
      { subject: '{{imageName}}', body: '{{imageName}}' },
      { imageName: '{{downloadUrl}} [x](https://evil.test)', downloadUrl: 'https://secret' },
      'en',
    );
    expect(mail.subject).toBe('{{downloadUrl}} [x](https://evil.test)');
    expect(mail.text).toBe('{{downloadUrl}} [x](https://evil.test)\n');
    expect(mail.html).not.toContain('href="https://evil.test"');
  });

  test('links the completion e-mail to the invoice and the licence page when the job has them', () => {
    const withBoth = customerMail(
      ctx,
      { ...job, licenceName: 'Commercial', invoiceUrl: 'https://invoice.stripe.test/i/abc' },
      { ...links, licenceUrl: 'https://shop.test/api/sell-my-images/licence?order=job_123&sig=s' },
      'link',
    );
    expect(withBoth.text).toContain('Licence: Commercial\nRead your licence: https://shop.test/');
    expect(withBoth.text).toContain('Your invoice: https://invoice.stripe.test/i/abc');
    expect(withBoth.html).toContain('<a href="https://invoice.stripe.test/i/abc"');
    const without = customerMail(ctx, job, links, 'link');
    expect(without.text).not.toMatch(/invoice|Licence/i);
  });
});

describe('the buyer language', () => {
  test('formats the expiry date in French', () => {
    expect(formatEmailDate(expiresAt, 'fr')).toBe('jeudi 5 mars 2026 à 14:30 UTC');
    expect(formatEmailDate(expiresAt, 'en')).toBe('Thursday, 5 March 2026 at 14:30 UTC');
  });

  test('sends the French e-mail to a French buyer, with French amounts', () => {
    const link = customerMail(ctx, { ...job, locale: 'fr-CA' }, links, 'link');
    expect(link.subject).toBe('Votre image haute résolution est prête — Photo <Shop>');
    expect(link.text).toContain('Le lien est valable jusqu’au jeudi 5 mars 2026 à 14:30 UTC.');
    expect(link.html).toContain('<html lang="fr">');
    const failure = customerMail(ctx, { ...job, locale: 'fr' }, links, 'failure');
    expect(failure.text).toMatch(/Votre paiement de 12,50\s€ a été intégralement remboursé/);
    expect(failure.text).not.toContain('tok');
  });

  test('uses the owner template for that language and kind, else the default', () => {
    const templates = {
      fr: { reminder: { subject: 'Vite ! {{imageName}}', body: 'Avant {{expiresAt}}' } },
    };
    expect(emailTemplateFor(templates, 'fr', 'reminder').subject).toBe('Vite ! {{imageName}}');
    expect(emailTemplateFor(templates, 'en', 'reminder')).toBe(
      defaultEmailTemplate('en', 'reminder'),
    );
    const mail = customerMail(
      { ...ctx, emailTemplates: templates },
      { ...job, locale: 'fr' },
      links,
      'reminder',
    );
    expect(mail.subject).toBe('Vite ! sunset "dusk" <b>.jpg');
    expect(mail.text).toBe('Avant jeudi 5 mars 2026 à 14:30 UTC\n');
  });
});

describe('template checks', () => {
  test('every default template is valid', () => {
    for (const language of ['en', 'fr'] as const)
      for (const kind of ['link', 'reminder', 'failure'] as const) {
        const { subject, body } = defaultEmailTemplate(language, kind);
        expect([...templateProblems(subject, kind), ...templateProblems(body, kind)]).toEqual([]);
      }
  });

  test('names an unknown placeholder, one the e-mail lacks, and an unclosed block', () => {
    expect(templateProblems('Hi {{nope}} {{ siteName }}', 'link')).toEqual([
      'Unknown placeholder {{nope}}',
    ]);
    expect(templateProblems('{{downloadUrl}}', 'failure')).toEqual([
      'The placeholder {{downloadUrl}} is not available in this e-mail',
    ]);
    expect(templateProblems('{{#licence}}x', 'link')).toEqual(['{{#licence}} is not closed']);
    expect(templateProblems('x{{/licence}}', 'link')).toEqual([
      '{{/licence}} closes no {{#licence}} block',
    ]);
  });

  test('the settings refuse a template with an unknown placeholder, at its path', () => {
    const result = settingsUpdateSchema.safeParse({
      emailTemplates: { en: { link: { subject: 'Ready', body: 'Get it: {{nope}}' } } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['emailTemplates', 'en', 'link', 'body'],
        message: 'Unknown placeholder {{nope}}',
      }),
    ]);
    const fine = settingsUpdateSchema.safeParse({
      emailTemplates: { fr: { failure: { subject: 'Désolé', body: '{{refundAmount}}' } } },
    });
    expect(fine.success).toBe(true);
  });
});
