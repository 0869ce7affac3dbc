import { decideSale } from '../../server/src/media/sale-rules';
import type { SaleMode } from '../../shared/contracts/settings';

/**
 * Which files are for sale. In sale mode `all` a private upload (a draft's picture, an ID
 * scan attached to nothing) must not be: only images a published entry uses, plus those
 * switched on; a file switched off is never sold.
 */
describe('decideSale', () => {
  const photo = { mime: 'image/jpeg', width: 1200, height: 800 };
  const decide = (saleMode: SaleMode, rule: boolean | null, published: boolean) =>
    decideSale(photo, { saleMode, minImageSize: 100 }, rule, published);
  const forSale = { forSale: true };
  const refused = (reason: string) => ({ forSale: false, reason });

  it.each([
    // mode, rule, used by a published entry, decision
    ['all', null, true, forSale],
    ['all', null, false, refused('not_published')],
    ['all', true, false, forSale],
    ['all', false, true, refused('opted_out')],
    ['opt-out', null, false, forSale],
    ['opt-out', false, true, refused('opted_out')],
    ['opt-in', null, true, refused('not_opted_in')],
    ['opt-in', true, false, forSale],
    ['opt-in', false, true, refused('not_opted_in')],
  ] as const)('%s, rule %p, published %p', (mode, rule, published, decision) => {
    expect(decide(mode, rule, published)).toEqual(decision);
  });

  it('never sells what is not an image the upscalers take, or too small, whatever the rule', () => {
    const settings = { saleMode: 'all', minImageSize: 100 } as const;
    expect(decideSale({ ...photo, mime: 'image/svg+xml' }, settings, true, true)).toEqual(
      refused('not_an_image'),
    );
    expect(decideSale({ ...photo, width: null }, settings, true, true)).toEqual(
      refused('not_an_image'),
    );
    expect(decideSale({ ...photo, height: 99 }, settings, true, true)).toEqual(
      refused('too_small'),
    );
  });
});
