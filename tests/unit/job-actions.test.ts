import { actionBlocker, allowedActions } from '../../server/src/jobs/states';
import type { Job } from '../../server/src/jobs/repository';

/** The admin actions a job's state allows: the detail view's booleans and the handlers' 409s share these rules. */
const job = (fields: Partial<Job>): Job =>
  ({
    jobId: 'j',
    status: 'completed',
    paymentStatus: 'paid',
    email: 'a@example.test',
    ...fields,
  }) as Job;
const NOW = Date.parse('2030-01-01T12:00:00Z');
const deliverable = {
  downloadExpiresAt: '2030-01-02T00:00:00Z',
  storedFileKey: '2030/01/j_4x.png',
};

describe('job actions', () => {
  /** allowedActions' answer with exactly the `allowed` actions true. */
  const allowing = (...allowed: Array<'retry' | 'resend' | 'newLink' | 'refund'>) => ({
    retry: allowed.includes('retry'),
    resend: allowed.includes('resend'),
    newLink: allowed.includes('newLink'),
    refund: allowed.includes('refund'),
  });

  it.each([
    [
      'a completed, paid job with a live link',
      job(deliverable),
      allowing('resend', 'newLink', 'refund'),
    ],
    [
      'a completed job whose link expired',
      job({ ...deliverable, downloadExpiresAt: '2029-12-31T00:00:00Z' }),
      allowing('newLink', 'refund'),
    ],
    [
      'a completed job whose file was deleted',
      job({ ...deliverable, fileExpiredAt: '2030-01-01T00:00:00Z' }),
      allowing('refund'),
    ],
    [
      'a completed job without e-mail',
      job({ ...deliverable, email: null }),
      allowing('newLink', 'refund'),
    ],
    ['a failed, paid job', job({ status: 'failed' }), allowing('retry', 'refund')],
    ['a failed, refunded job', job({ status: 'failed', paymentStatus: 'refunded' }), allowing()],
    ['a job stuck in processing', job({ status: 'processing' }), allowing('retry', 'refund')],
    [
      'a processing job whose lease ran out',
      job({ status: 'processing', leaseExpiresAt: '2030-01-01T11:59:00Z' }),
      allowing('retry', 'refund'),
    ],
    [
      'a processing job an instance is working on (live lease)',
      job({ status: 'processing', leaseExpiresAt: '2030-01-01T12:05:00Z' }),
      allowing('refund'),
    ],
    [
      'a partially refunded failed job',
      job({ status: 'failed', paymentStatus: 'partially_refunded' }),
      allowing('retry', 'refund'),
    ],
    ['an unpaid job', job({ status: 'awaiting_payment', paymentStatus: 'unpaid' }), allowing()],
    [
      'an abandoned job whose payment failed',
      job({ status: 'abandoned', paymentStatus: 'failed' }),
      allowing(),
    ],
  ])('%s', (_name, subject, expected) => {
    expect(allowedActions(subject, NOW)).toEqual(expected);
  });

  it('says why an action is refused, in the words the API answers 409 with', () => {
    expect(actionBlocker(job({ status: 'pending' }), 'retry', NOW)).toBe(
      'A pending job cannot be retried',
    );
    expect(actionBlocker(job({ status: 'failed', paymentStatus: 'refunded' }), 'retry', NOW)).toBe(
      'This job was refunded; it cannot be retried',
    );
    expect(
      actionBlocker(
        job({ ...deliverable, downloadExpiresAt: '2029-12-31T00:00:00Z' }),
        'resend',
        NOW,
      ),
    ).toBe('The link has expired; issue a new link instead');
    expect(actionBlocker(job({ ...deliverable, email: null }), 'resend', NOW)).toBe(
      'This job has no customer e-mail address',
    );
    expect(
      actionBlocker(job({ status: 'awaiting_payment', paymentStatus: 'unpaid' }), 'refund', NOW),
    ).toBe('This job has no payment to refund');
  });
});
