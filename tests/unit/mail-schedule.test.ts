/** The outbox's retry schedule and what it keeps of a failure (docs/architecture.md "Mail outbox"). */
import {
  MAIL_BACKOFF_MS,
  MAIL_MAX_ATTEMPTS,
  mailErrorText,
  mailRetryDelay,
} from '../../server/src/delivery/mail-schedule';
import { emailStatusOf } from '../../server/src/delivery/outbox';
import { redactSecrets } from '../../server/src/utils/redact';

const MINUTE = 60_000;

describe('mail retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 6 h, then 12 h between tries', () => {
    const waits = Array.from({ length: MAIL_MAX_ATTEMPTS - 1 }, (_, i) => mailRetryDelay(i + 1));
    expect(waits).toEqual([
      MINUTE,
      5 * MINUTE,
      30 * MINUTE,
      120 * MINUTE,
      360 * MINUTE,
      720 * MINUTE,
      720 * MINUTE,
    ]);
  });

  it('grows and never shrinks', () => {
    for (let n = 1; n < MAIL_MAX_ATTEMPTS - 1; n++) {
      expect(mailRetryDelay(n + 1)!).toBeGreaterThanOrEqual(mailRetryDelay(n)!);
    }
    expect(MAIL_BACKOFF_MS[0]).toBe(MINUTE);
  });

  it('gives up after the last attempt', () => {
    expect(MAIL_MAX_ATTEMPTS).toBe(8);
    expect(mailRetryDelay(MAIL_MAX_ATTEMPTS)).toBeNull();
    expect(mailRetryDelay(MAIL_MAX_ATTEMPTS + 3)).toBeNull();
  });
});

describe('mail error text', () => {
  it('keeps no token, link or address, on one short line', () => {
    const error = new Error(
      'Message failed: 550 <buyer@example.com> rejected\n' +
        'link http://shop.test/api/sell-my-images/downloads/abcdefghijabcdefghijabcdefghijabcdefghijabc',
    );
    const text = mailErrorText(error, redactSecrets);
    expect(text).not.toMatch(/buyer@example\.com|abcdefghij|\n/);
    expect(text).toContain('[address]');
    expect(text).toContain('[url]');
    expect(mailErrorText(new Error('x'.repeat(1000)), redactSecrets)).toHaveLength(255);
  });
});

describe('the job e-mail status', () => {
  it('follows its latest mail', () => {
    expect(emailStatusOf(undefined)).toBe('none');
    expect(emailStatusOf({ status: 'pending', attempts: 0 })).toBe('pending');
    expect(emailStatusOf({ status: 'pending', attempts: 2 })).toBe('retrying');
    expect(emailStatusOf({ status: 'sent', attempts: 1 })).toBe('sent');
    expect(emailStatusOf({ status: 'failed', attempts: 8 })).toBe('failed');
    expect(emailStatusOf({ status: 'cancelled', attempts: 1 })).toBe('none');
  });
});
