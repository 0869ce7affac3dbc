import {
  allRaw,
  daysToBuild,
  monthsToBuild,
  withMonths,
  rangeClause,
  rawClause,
  splitPeriod,
} from '../../server/src/analytics/coverage';
import { DAY_MS, dayStart } from '../../shared/utc-days';

/** The pure parts of the analytics daily summaries (docs/architecture.md "Analytics rollups"). */
const NOW = Date.parse('2024-03-10T18:30:00.000Z');
const ms = (day: string) => dayStart(day);

describe('which days the summaries answer for', () => {
  it('reads current whole days from the summaries, the rest and today raw, in long runs', () => {
    const covered = new Set(['2024-03-01', '2024-03-02', '2024-03-04', '2024-03-09', '2024-03-10']);
    const split = splitPeriod(ms('2024-03-01'), ms('2024-03-11'), covered, NOW);
    expect(split.rollup).toEqual([
      { from: '2024-03-01', to: '2024-03-03' },
      { from: '2024-03-04', to: '2024-03-05' },
      { from: '2024-03-09', to: '2024-03-10' },
    ]);
    // 03-10 is today: raw even though a row says it is built
    expect(split.raw.map((r) => [r.start.toISOString(), r.end.toISOString()])).toEqual([
      ['2024-03-03T00:00:00.000Z', '2024-03-04T00:00:00.000Z'],
      ['2024-03-05T00:00:00.000Z', '2024-03-09T00:00:00.000Z'],
      ['2024-03-10T00:00:00.000Z', '2024-03-11T00:00:00.000Z'],
    ]);
  });

  it('cuts at UTC midnight: the first millisecond of today is raw, the last of yesterday is not', () => {
    const yesterday = new Set(['2024-03-09']);
    const atMidnight = splitPeriod(ms('2024-03-09'), ms('2024-03-11'), yesterday, ms('2024-03-10'));
    expect(atMidnight.rollup).toEqual([{ from: '2024-03-09', to: '2024-03-10' }]);
    const justBefore = splitPeriod(
      ms('2024-03-09'),
      ms('2024-03-11'),
      yesterday,
      ms('2024-03-10') - 1,
    );
    // at 23:59:59.999 the 9th is today still: read raw
    expect(justBefore.rollup).toEqual([]);
    expect(justBefore.raw).toEqual([
      { start: new Date(ms('2024-03-09')), end: new Date(ms('2024-03-11')) },
    ]);
  });

  it('reads a period with no built day as one raw range (the raw path)', () => {
    const split = splitPeriod(ms('2024-01-01'), ms('2024-03-11'), new Set(), NOW);
    expect(split).toEqual(allRaw(new Date(ms('2024-01-01')), new Date(ms('2024-03-11'))));
  });

  it('writes range conditions with bindings, and one that matches nothing when empty', () => {
    const split = splitPeriod(ms('2024-03-08'), ms('2024-03-11'), new Set(['2024-03-09']), NOW);
    expect(split.rollup).toEqual([{ from: '2024-03-09', to: '2024-03-10' }]);
    expect(rawClause('paid_at', split)).toEqual({
      sql: '((paid_at >= ? AND paid_at < ?) OR (paid_at >= ? AND paid_at < ?))',
      bindings: [
        new Date(ms('2024-03-08')),
        new Date(ms('2024-03-09')),
        new Date(ms('2024-03-10')),
        new Date(ms('2024-03-11')),
      ],
    });
    expect(rangeClause('day', [])).toEqual({ sql: '1 = 0', bindings: [] });
  });
});

describe('which days a pass builds', () => {
  it('builds the days not current from the first raw row to yesterday, newest first, bounded', () => {
    const first = Date.parse('2024-03-05T13:00:00.000Z');
    const current = new Set(['2024-03-08', '2024-03-06']);
    expect(daysToBuild(first, NOW, current, 10)).toEqual([
      '2024-03-09',
      '2024-03-07',
      '2024-03-05',
    ]);
    expect(daysToBuild(first, NOW, current, 2)).toEqual(['2024-03-09', '2024-03-07']);
  });

  it('builds nothing without raw rows, nor today', () => {
    expect(daysToBuild(null, NOW, new Set(), 10)).toEqual([]);
    expect(daysToBuild(NOW - 60_000, NOW, new Set(), 10)).toEqual([]);
    expect(daysToBuild(NOW - DAY_MS, NOW, new Set(), 10)).toEqual(['2024-03-09']);
  });
});

describe('whole months for the rankings', () => {
  it('reads a current month whole when a run of summary days covers it, the other days daily', () => {
    const runs = [{ from: '2024-01-15', to: '2024-03-10' }];
    expect(withMonths(runs, new Set(['2024-02']))).toEqual({
      months: ['2024-02'],
      days: [
        { from: '2024-01-15', to: '2024-02-01' },
        { from: '2024-03-01', to: '2024-03-10' },
      ],
    });
    // a month not current, or not whole in the run, is read day by day
    expect(withMonths(runs, new Set(['2024-01', '2024-03']))).toEqual({ months: [], days: runs });
    expect(
      withMonths([{ from: '2024-02-01', to: '2024-02-29' }], new Set(['2024-02'])).months,
    ).toEqual([]);
    expect(withMonths([{ from: '2024-02-01', to: '2024-03-01' }], new Set(['2024-02']))).toEqual({
      months: ['2024-02'],
      days: [],
    });
  });

  it('builds the months that have ended, from the first raw row, newest first', () => {
    const first = Date.parse('2023-12-20T10:00:00.000Z');
    expect(monthsToBuild(first, NOW, new Set(['2024-01']))).toEqual(['2024-02', '2023-12']);
    expect(monthsToBuild(Date.parse('2024-03-01T00:00:00.000Z'), NOW, new Set())).toEqual([]);
    expect(monthsToBuild(null, NOW, new Set())).toEqual([]);
  });
});
