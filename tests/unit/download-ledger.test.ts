/**
 * The byte bookkeeping of download links (delivery/download-ledger): how served ranges
 * merge into a coverage, and what a range is charged against the link's byte allowance.
 */
import {
  mergeInterval,
  parseCoverage,
  rangeCharge,
} from '../../server/src/delivery/download-ledger';

describe('coverage', () => {
  test.each([
    ['joins overlapping intervals', [[0, 99]], [50, 199], [[0, 199]]],
    ['joins adjacent intervals', [[0, 99]], [100, 199], [[0, 199]]],
    [
      'keeps a gap',
      [[0, 99]],
      [101, 199],
      [
        [0, 99],
        [101, 199],
      ],
    ],
    [
      'fills a gap',
      [
        [0, 99],
        [200, 299],
      ],
      [100, 199],
      [[0, 299]],
    ],
    [
      'sorts out of order',
      [[200, 299]],
      [0, 9],
      [
        [0, 9],
        [200, 299],
      ],
    ],
    ['adds nothing for a covered range', [[0, 299]], [10, 20], [[0, 299]]],
  ] as const)('%s', (_, before, added, after) => {
    const copy = before.map(([a, b]) => [a, b] as [number, number]);
    expect(mergeInterval(copy, [added[0], added[1]])).toEqual(after);
  });

  test('reads its stored form and ignores anything else', () => {
    expect(parseCoverage('0-99,200-299')).toEqual([
      [0, 99],
      [200, 299],
    ]);
    expect(parseCoverage(null)).toEqual([]);
    expect(parseCoverage('x,5-,7-9')).toEqual([[7, 9]]);
  });
});

describe('rangeCharge', () => {
  test.each([
    ['a first range: all its bytes', [], [0, 99], 100],
    ['a resume over what a broken transfer read: its new bytes', [[0, 4999]], [1000, 9999], 5000],
    [
      'a range that fills a gap: its new bytes',
      [
        [0, 99],
        [200, 299],
      ],
      [50, 249],
      100,
    ],
    ['a range already served: all its bytes again', [[0, 9998]], [0, 9998], 9999],
    ['a range inside what was served: all its bytes', [[0, 9999]], [10, 19], 10],
  ] as const)('%s', (_, coverage, range, charged) => {
    const intervals = coverage.map(([a, b]) => [a, b] as [number, number]);
    expect(rangeCharge(intervals, [range[0], range[1]])).toBe(charged);
  });
});
