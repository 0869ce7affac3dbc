import type { Core } from '@strapi/strapi';
import { maskEmail } from '../../server/src/delivery/purchases';
import { renderPurchasesPage, renderRefusalPage } from '../../server/src/delivery/purchases-page';
import { grantFor, openGrant, sealGrant } from '../../server/src/delivery/purchases-token';
import type { Job } from '../../server/src/jobs/repository';

/** "My purchases" pieces without Strapi: the sealed link, the masked address, the page. */
const strapiWith = (material: string) =>
  ({
    config: {
      get: (key: string) => (key === 'admin.secrets.encryptionKey' ? material : undefined),
    },
  }) as unknown as Core.Strapi;

describe('purchases link token', () => {
  const strapi = strapiWith('app-material-one');
  const saved = process.env.SMI_ENCRYPTION_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.SMI_ENCRYPTION_KEY;
    else process.env.SMI_ENCRYPTION_KEY = saved;
  });

  it('opens what it sealed: the normalized address, the language and the expiry', () => {
    delete process.env.SMI_ENCRYPTION_KEY;
    const grant = grantFor('  Ann@Example.COM ', 'fr-CA', 1_000_000);
    expect(grant).toEqual({
      email: 'ann@example.com',
      language: 'fr',
      expiresAt: new Date(1_000_000 + 30 * 60_000),
    });
    const token = sealGrant(strapi, grant);
    expect(token).not.toContain('ann');
    expect(openGrant(strapi, token, 1_000_000)).toEqual({ ok: true, grant });
    // sealed twice, two different tokens (random IV)
    expect(sealGrant(strapi, grant)).not.toBe(token);
  });

  it('says expired (with the language) past the expiry, invalid for anything forged', () => {
    delete process.env.SMI_ENCRYPTION_KEY;
    const token = sealGrant(strapi, grantFor('a@b.test', 'fr', 0));
    expect(openGrant(strapi, token, 30 * 60_000)).toEqual({
      ok: false,
      reason: 'expired',
      language: 'fr',
    });
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    for (const bad of [flipped, 'short', '', `${token}=`, 'A'.repeat(60)])
      expect(openGrant(strapi, bad, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(openGrant(strapiWith('another-app'), token, 0)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('opens a link sealed before a key rotation (every key of the ring)', () => {
    delete process.env.SMI_ENCRYPTION_KEY;
    const token = sealGrant(strapi, grantFor('a@b.test', 'en', 0));
    process.env.SMI_ENCRYPTION_KEY = 'new:a-brand-new-secret-of-enough-length';
    expect(openGrant(strapi, token, 0).ok).toBe(true);
  });
});

describe('purchases page', () => {
  it('masks the address', () => {
    expect(maskEmail('john.doe@example.com')).toBe('j•••@example.com');
    expect(maskEmail('broken')).toBe('•••');
  });

  it('escapes every value and posts one form per purchase', () => {
    const html = renderPurchasesPage(
      {
        answer: {
          email: 'j•••@example.com',
          expiresAt: '2026-01-01T10:30:00.000Z',
          purchases: [
            {
              jobId: '9b2f0e5e-8a57-4f34-a0f7-7d1b7b3f5a11',
              title: '<script>alert(1)</script>.png',
              thumbnailUrl: 'https://cdn.test/t.png?a=1&b="2"',
              resolution: '4x',
              width: 400,
              height: 300,
              licenceName: 'Web & print',
              paidAt: '2026-01-01T10:00:00.000Z',
              amount: 1200,
              currency: 'eur',
              formatted: '12,00 €',
              redownloadUntil: '2026-01-31T10:00:00.000Z',
            },
          ],
        },
        language: 'en',
        site: 'Shop <One>',
        rows: [
          { jobId: '9b2f0e5e-8a57-4f34-a0f7-7d1b7b3f5a11', storedFileBytes: 2_097_152 } as Job,
        ],
      },
      'tok"en',
      'https://cms.test/api/sell-my-images/purchases/link',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.png');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toContain('Shop &lt;One&gt;');
    expect(html).toContain('2 MB');
    expect(html.match(/<form /g)).toHaveLength(1);
  });

  it('answers 404 for a link that does not work, 410 for an expired link or a gone file', () => {
    expect(renderRefusalPage('invalid', 'en', 'S').status).toBe(404);
    expect(renderRefusalPage('expired', 'fr', 'S')).toMatchObject({ status: 410 });
    expect(renderRefusalPage('expired', 'fr', 'S').html).toContain('Ce lien a expiré');
    expect(renderRefusalPage('gone', 'en', 'S').status).toBe(410);
  });
});
