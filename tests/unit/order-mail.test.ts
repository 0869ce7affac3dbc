/**
 * A cart order's e-mail and ZIP names (docs/architecture.md "Customer e-mails", "Previews,
 * cart and purchases"): the `{{items}}` list is escaped and links only http(s) addresses,
 * one line per item in the text part; the default order texts are valid templates; the
 * ZIP's entry names are unique.
 */
import { templateProblems } from '../../shared/email-placeholders';
import { renderEmail } from '../../shared/email-rendering';
import { defaultEmailTemplate } from '../../shared/email-texts';
import { orderSettled } from '../../server/src/delivery/order-mail';
import { uniqueEntryNames } from '../../server/src/delivery/order-zip';
import type { Job } from '../../server/src/jobs/repository';

describe('order e-mail', () => {
  const items = [
    { text: 'a <b>"x"</b>.jpg — 4x', url: 'https://shop.test/d/1?a=1&b=2', label: 'Get <it>' },
    { text: 'evil.jpg — 4x', url: 'javascript:alert(1)', label: 'Download' },
    { text: 'gone.jpg — 4x: refunded' },
  ];

  it('renders {{items}} alone in its paragraph as an escaped list, lines in the text part', () => {
    const mail = renderEmail(
      {
        subject: '{{items}}',
        body: 'Yours:\n\n{{items}}\n\n{{#zipUrl}}[All]({{zipUrl}}){{/zipUrl}}',
      },
      { items, zipUrl: 'https://shop.test/zip?token=t' },
      'en',
    );
    expect(mail.text).toBe(
      'Yours:\n\n- a <b>"x"</b>.jpg — 4x: https://shop.test/d/1?a=1&b=2\n- evil.jpg — 4x\n' +
        '- gone.jpg — 4x: refunded\n\nAll: https://shop.test/zip?token=t\n',
    );
    expect(mail.html).toContain(
      '<li style="margin:0 0 8px">a &lt;b&gt;&quot;x&quot;&lt;/b&gt;.jpg — 4x — <a href="https://shop.test/d/1?a=1&amp;b=2"',
    );
    expect(mail.html).toContain('>Get &lt;it&gt;</a></li>');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).toContain('<li style="margin:0 0 8px">evil.jpg — 4x</li>');
    expect(mail.html).toContain('href="https://shop.test/zip?token=t"');
    expect(mail.subject).toBe('a <b>"x"</b>.jpg — 4x, evil.jpg — 4x, gone.jpg — 4x: refunded');
  });

  it('leaves out {{#items}} blocks for an empty list and refuses {{items}} in other e-mails', () => {
    const mail = renderEmail(
      { subject: 's', body: 'A{{#items}} B{{/items}}' },
      { items: [] },
      'en',
    );
    expect(mail.text).toBe('A\n');
    expect(templateProblems('{{items}}', 'link')).toEqual([
      'The placeholder {{items}} is not available in this e-mail',
    ]);
  });

  it.each(['en', 'fr'] as const)('has a valid default order text in %s', (language) => {
    const template = defaultEmailTemplate(language, 'order');
    expect(templateProblems(template.subject, 'order')).toEqual([]);
    expect(templateProblems(template.body, 'order')).toEqual([]);
  });

  it('settles an order once every line is completed or failed and refunded', () => {
    const line = (status: string, extra: Partial<Job> = {}) =>
      ({ status, orderSize: 2, paymentStatus: 'paid', refundedAt: null, ...extra }) as Job;
    expect(orderSettled([line('completed'), line('completed')])).toBe(true);
    expect(orderSettled([line('completed')])).toBe(false);
    expect(orderSettled([line('completed'), line('processing')])).toBe(false);
    expect(orderSettled([line('completed'), line('failed')])).toBe(false);
    const refunded = line('failed', { paymentStatus: 'refunded' });
    expect(orderSettled([line('completed'), refunded])).toBe(true);
  });
});

describe('ZIP entry names', () => {
  it('keeps names unique (case-insensitively) by numbering the repeats', () => {
    expect(uniqueEntryNames(['a-4x.png', 'a-4x.png', 'A-4x.png', 'b', 'b'])).toEqual([
      'a-4x.png',
      'a-4x-2.png',
      'A-4x-3.png',
      'b',
      'b-2',
    ]);
  });
});
