import {
  moveRow,
  multiplierToPercent,
  newRow,
  percentToMultiplier,
  previewLicences,
  renameRow,
  slugify,
  uniqueId,
} from '../../admin/src/components/settings/licences';
import { priceBadge, requestFromValues } from '../../admin/src/components/media/imagePriceForm';

/** The pure parts of the licence table and the per-image price editor. */
describe('licence rows', () => {
  it('reads multipliers as typed and writes them back', () => {
    expect(multiplierToPercent('1.5')).toBe(150);
    expect(multiplierToPercent('1,25')).toBe(125);
    expect(multiplierToPercent('×3')).toBe(300);
    expect(multiplierToPercent('0.5')).toBe(50);
    expect(multiplierToPercent('1.234')).toBeUndefined();
    expect(multiplierToPercent('twice')).toBeUndefined();
    for (const percent of [1, 50, 100, 125, 150, 300, 100_000])
      expect(multiplierToPercent(percentToMultiplier(percent))).toBe(percent);
    expect(percentToMultiplier(150)).toBe('1.5');
    expect(percentToMultiplier(105)).toBe('1.05');
  });

  it('derives a schema-valid, unique id from the name', () => {
    expect(slugify('Éditorial — presse & web')).toBe('editorial-presse-web');
    expect(slugify('  ')).toBe('');
    expect(slugify('x'.repeat(60))).toHaveLength(40);
    expect(uniqueId('personal', ['personal', 'personal-2'])).toBe('personal-3');
    expect(uniqueId('', [])).toBe('licence');
    const first = newRow('Personal', []);
    const second = newRow('Personal', [first]);
    expect([first.id, second.id]).toEqual(['personal', 'personal-2']);
    // A new row's id follows its name; a typed id does not move any more.
    const renamed = renameRow(second, 'Press', [first, second]);
    expect(renamed.id).toBe('press');
    expect(renameRow({ ...renamed, idFollowsName: false }, 'Web', [first, renamed]).id).toBe(
      'press',
    );
  });

  it('sends the preview the rows whose multiplier reads, in order, named as typed', () => {
    const rows = [
      { ...newRow('', []), id: 'personal', name: ' Personal ', multiplier: '1' },
      { ...newRow('', []), id: 'broken', name: 'Broken', multiplier: 'lots' },
      { ...newRow('', []), id: 'commercial', name: '', multiplier: '×2,5' },
    ];
    expect(previewLicences(rows)).toEqual([
      { name: 'Personal', multiplierPercent: 100 },
      { name: 'commercial', multiplierPercent: 250 },
    ]);
  });

  it('moves rows within bounds', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});

describe('per-image price request', () => {
  it('sends minor units of the shop currency for offered resolutions only', () => {
    expect(
      requestFromValues({ fixed: { '4x': '12.5', '8x': '', '16x': '99' }, multiplier: '' }, 'usd', [
        '4x',
        '8x',
      ]),
    ).toEqual({ ok: true, request: { fixedPrices: { '4x': 1250 }, multiplierPercent: null } });
    expect(requestFromValues({ fixed: { '4x': '1500' }, multiplier: '2' }, 'jpy', ['4x'])).toEqual({
      ok: true,
      request: { fixedPrices: { '4x': 1500 }, multiplierPercent: 200 },
    });
    expect(requestFromValues({ fixed: { '4x': '1.5' }, multiplier: '0' }, 'jpy', ['4x'])).toEqual({
      ok: false,
      errors: {
        'fixed.4x': 'media.price.error.amount.decimals',
        multiplier: 'media.price.error.multiplier',
      },
    });
    expect(requestFromValues({ fixed: {}, multiplier: '' }, 'eur', ['4x'])).toEqual({
      ok: true,
      request: { fixedPrices: null, multiplierPercent: null },
    });
  });

  it('badges an override', () => {
    expect(priceBadge({ fixedPrices: null, multiplierPercent: null }, 'Fixed')).toBeNull();
    expect(priceBadge({ fixedPrices: { '4x': 1 }, multiplierPercent: 250 }, 'Fixed')).toBe(
      'Fixed · ×2.5',
    );
  });
});
