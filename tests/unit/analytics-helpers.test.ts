import { csvCell, decimalAmount } from '../../server/src/analytics/csv';
import { exportQuery, listQuery, overviewQuery } from '../../server/src/analytics/params';

const NOW = Date.parse('2024-03-01T18:30:00Z');

describe('analytics query rules', () => {
  it('defaults to the last 30 UTC days, today included', () => {
    const period = overviewQuery(NOW).parse({});
    expect(period).toMatchObject({
      from: '2024-02-01',
      to: '2024-03-01',
      days: 30,
      currency: null,
    });
    expect(period.start.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(period.end.toISOString()).toBe('2024-03-02T00:00:00.000Z');
  });

  it('counts days inclusively and allows a leap year, not one day more', () => {
    expect(overviewQuery(NOW).parse({ from: '2024-01-01', to: '2024-12-31' }).days).toBe(366);
    expect(overviewQuery(NOW).safeParse({ from: '2024-01-01', to: '2025-01-01' }).success).toBe(
      false,
    );
    expect(overviewQuery(NOW).parse({ from: '2024-02-29', to: '2024-02-29' }).days).toBe(1);
  });

  it('refuses impossible dates, reversed periods and unknown parameters', () => {
    for (const query of [
      { from: '2023-02-29' },
      { to: '2024-13-01' },
      { from: '2024-03-02', to: '2024-03-01' },
      { from: '1.3.2024' },
      { extra: '1' },
    ]) {
      expect([query, overviewQuery(NOW).safeParse(query).success]).toEqual([query, false]);
    }
  });

  it('reads sort, page and page size, and lowercases the currency', () => {
    expect(
      listQuery(NOW).parse({ sort: 'conversion:asc', page: '3', pageSize: '25', currency: 'EUR' }),
    ).toMatchObject({
      period: { currency: 'eur' },
      list: { sort: 'conversion', direction: 'asc', page: 3, pageSize: 25 },
    });
    expect(listQuery(NOW).parse({}).list).toEqual({
      sort: 'revenue',
      direction: 'desc',
      page: 1,
      pageSize: 10,
    });
    expect(exportQuery(NOW).safeParse({ kind: 'sales' }).success).toBe(true);
    expect(exportQuery(NOW).safeParse({ kind: 'jobs' }).success).toBe(false);
  });
});

describe('analytics CSV cells', () => {
  it('quotes text and defuses what a spreadsheet would run', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const formula of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(formula)).toBe(`"'${formula}"`);
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('writes minor units as exact decimals of the currency', () => {
    expect(decimalAmount(123456, 'usd')).toBe('1234.56');
    expect(decimalAmount(5, 'eur')).toBe('0.05');
    expect(decimalAmount(-250, 'usd')).toBe('-2.50');
    expect(decimalAmount(500, 'jpy')).toBe('500');
    expect(decimalAmount(5120, 'kwd')).toBe('5.120');
  });
});
