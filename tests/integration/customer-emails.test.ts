import { defaultEmailTemplate } from '../../shared/email-texts';
import { buySettled, jobRow, openShop, type Shop } from './helpers/shop';

/**
 * Customer e-mails in the buyer's language, as the owner wrote them (README "Customer
 * e-mails", docs/architecture.md "Customer e-mails"): a French buyer gets the French
 * e-mail; an edited English template is what the buyer receives, with the real link; a
 * reset brings the default back; a template with an unknown placeholder is refused.
 */
describe(`customer e-mails (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('customer-emails', { SMI_UPSCALER: 'sharp' });
  });
  afterAll(async () => shop?.close());

  const linkIn = (text: string) =>
    /(http:\/\/127\.0\.0\.1:\d+\/api\/sell-my-images\/downloads\/[A-Za-z0-9_-]{43})/.exec(
      text,
    )?.[1];

  const putSettings = async (json: Record<string, unknown>) =>
    shop.adminApi('/settings', { method: 'PUT', json });

  /** A sale of the small image at 4x by `email` (optionally in a language), its job and e-mail. */
  async function purchase(email: string, locale?: string) {
    const { jobId, row } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
      ...(locale ? { locale } : {}),
    });
    expect(row.status).toBe('completed');
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes(email), 15_000);
    return { jobId, row, mail };
  }

  it('keeps a French buyer’s language on the job and writes the e-mail in French', async () => {
    const { row, mail } = await purchase('acheteur@example.test', 'fr-FR');
    expect(row.locale).toBe('fr');
    expect(mail.subject).toMatch(/^Votre image haute résolution est prête — /);
    expect(mail.text).toContain('(2000 × 2000 px) est prête.');
    expect(mail.text).toContain('sans IA');
    // the expiry in French: "le lien est valable jusqu’au <jour> <n> <mois> <année> à hh:mm UTC"
    expect(mail.text).toMatch(
      /valable jusqu’au (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \S+ \d{4} à \d{2}:\d{2} UTC/,
    );
    const link = linkIn(mail.text ?? '')!;
    expect(link).toBeDefined();
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`href="${link}"`);
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
  });

  it('sends an English buyer the template the owner edited, then the default once it is reset', async () => {
    const edited = {
      subject: 'Order {{orderId}}: {{imageName}} is yours',
      body: '# Here it is\n\nGrab it <now>: [the file]({{downloadUrl}})\n\nValid until {{expiresAt}}.{{#licence}} Licence {{licence}}.{{/licence}}',
    };
    const saved = await putSettings({ emailTemplates: { en: { link: edited } } });
    expect(saved.status).toBe(200);
    expect((await saved.json()).data.settings.emailTemplates).toEqual({ en: { link: edited } });

    const { jobId, mail } = await purchase('edited@example.test');
    expect(mail.subject).toBe(`Order ${jobId}: small.png is yours`);
    const link = linkIn(mail.text ?? '')!;
    expect(mail.text).toBe(
      `Here it is\n\nGrab it <now>: the file: ${link}\n\nValid until ${mail.text?.match(/Valid until (.+ UTC)\./)?.[1]}.\n`,
    );
    expect(mail.text).toMatch(/Valid until \w+, \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC\./);
    expect(mail.html).toContain('Grab it &lt;now&gt;: <a href="');
    expect(mail.html).toContain(`href="${link}"`);
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);

    // The French e-mail was not touched: a French buyer still gets the default.
    const french = await purchase('encore@example.test', 'fr');
    expect(french.mail.subject).toMatch(/^Votre image haute résolution est prête/);

    const reset = await putSettings({ emailTemplates: {} });
    expect(reset.status).toBe(200);
    const again = await purchase('reset@example.test', 'en-US');
    const subject = defaultEmailTemplate('en', 'link').subject.replace(' — {{siteName}}', '');
    expect(again.mail.subject.startsWith(subject)).toBe(true);
    expect(again.mail.text).toContain('Thank you for your purchase!');
  });

  it('links the invoice and the licence page in the e-mail when the job has them', async () => {
    const { jobId } = await purchase('licensed@example.test');
    await shop.db('smi_jobs').where({ job_id: jobId }).update({
      licence_id: 'commercial',
      licence_name: 'Commercial',
      invoice_url: 'https://invoice.stripe.test/i/acct_1/test_abc',
    });
    shop.smtp.clear();
    const res = await shop.adminApi(`/jobs/${jobId}/resend`, { method: 'POST' });
    expect(res.status).toBe(200);
    const mail = await shop.smtp.waitForMessage((m) => m.to.includes('licensed@example.test'));
    expect(mail.text).toContain('Your invoice: https://invoice.stripe.test/i/acct_1/test_abc');
    const licence = /Read your licence: (\S+)/.exec(mail.text ?? '')?.[1];
    expect(licence).toMatch(
      new RegExp(`/api/sell-my-images/licence\\?order=${jobId}&sig=[A-Za-z0-9_-]{43}$`),
    );
    expect(mail.html).toContain('href="https://invoice.stripe.test/i/acct_1/test_abc"');
    expect(mail.html).toContain(`href="${licence!.replace(/&/g, '&amp;')}"`);
    expect((await jobRow(shop, jobId)).licence_name).toBe('Commercial');
  });

  it('refuses a template with an unknown placeholder, naming it, and keeps the saved ones', async () => {
    const kept = { subject: 'Bientôt fini {{imageName}}', body: 'Avant le {{expiresAt}}' };
    expect((await putSettings({ emailTemplates: { fr: { reminder: kept } } })).status).toBe(200);
    const res = await putSettings({
      emailTemplates: { fr: { reminder: kept, link: { subject: 'Prêt', body: 'Voici {{nope}}' } } },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.name).toBe('ValidationError');
    expect(error.details.errors).toEqual([
      expect.objectContaining({
        path: ['emailTemplates', 'fr', 'link', 'body'],
        message: 'Unknown placeholder {{nope}}',
      }),
    ]);
    const current = await (await shop.adminApi('/settings')).json();
    expect(current.data.settings.emailTemplates).toEqual({ fr: { reminder: kept } });
  });
});
