import { buySettled, jobRow, openShop, type Shop } from './helpers/shop';
import { until } from './helpers/wait';

/**
 * The mail outbox (docs/architecture.md "Mail outbox"): a customer e-mail the provider
 * refuses is kept and retried with backoff by the `send-mails` task, sent once, failed for
 * good after its last attempt (visible in the jobs list), and cancelled when the link it
 * carries must not go out any more. Cron is off: the test runs the task itself.
 */
describe(`mail outbox (${process.env.DATABASE_CLIENT ?? 'sqlite'})`, () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop('mail-outbox', { SMI_UPSCALER: 'sharp', CRON_ENABLED: 'false' });
  });
  afterAll(async () => shop?.close());
  afterEach(() => shop.smtp.accept());

  const MINUTE = 60_000;
  const time = (value: unknown) => new Date(value as string | number).getTime();
  const mailsOf = (jobId: string) =>
    shop.db('smi_mails').where({ job_id: jobId }).orderBy('id', 'asc');
  const to = (email: string) => shop.smtp.messages.filter((m) => m.to.includes(email));
  const sendMails = async () =>
    (await shop.app.testSupport('POST', '/tasks/send-mails')).body.handled as number;
  const post = async (path: string) => {
    const res = await shop.adminApi(path, { method: 'POST' });
    return { status: res.status, body: await res.json() };
  };
  const listed = async (query: string) =>
    ((await (await shop.adminApi(`/jobs?${query}`)).json()).data.results as any[]).map(
      (j) => j.jobId,
    );

  /** Makes the job's pending mails due now (instead of waiting out their backoff). */
  async function makeDue(jobId: string) {
    const past = new Date(Date.now() - 1_000);
    await shop
      .db('smi_mails')
      .where({ job_id: jobId, status: 'pending' })
      .update({ next_attempt_at: shop.app.database.client === 'sqlite' ? past.getTime() : past });
  }

  /** A sale completed while the provider refuses mail: its job id and link mail row. */
  async function completedWhileRefused(email: string) {
    shop.smtp.refuse();
    const { jobId, row } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    expect(row.status).toBe('completed');
    const [mail] = await until(
      () => mailsOf(jobId),
      (rows) => rows.length === 1 && Number(rows[0].attempts) === 1,
    );
    return { jobId, mail };
  }

  it('says at start-up, once, that cron is off and which housekeeping does not run', () => {
    const lines = shop.app.logs.split('\n').filter((l) => l.includes('cron is disabled'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/warn.*unpaid checkouts.*refund retries, e-mail retries, retention/);
    expect(lines[0]).toContain('server.cron.enabled');
    // Stripe and an SMTP provider are set: those checks stay silent.
    expect(shop.app.logs).not.toContain('no Stripe secret key');
    expect(shop.app.logs).not.toContain('no e-mail provider');
  });

  it('keeps a refused completion mail and sends it once when the task retries it', async () => {
    const email = 'outbox-retry@example.test';
    const { jobId, mail } = await completedWhileRefused(email);
    expect(mail).toMatchObject({ kind: 'link', status: 'pending' });
    expect(time(mail.next_attempt_at) - time(mail.updated_at)).toBe(MINUTE);
    expect(mail.last_error).toMatch(/451/);
    const token = (await jobRow(shop, jobId)).download_token_hash;
    expect(JSON.stringify(mail)).not.toMatch(new RegExp(`${email}|${token}|downloads/`));
    const job = await jobRow(shop, jobId);
    expect(job).toMatchObject({ email_status: 'retrying', emailed_at: null, error_code: null });
    expect(await listed('emailStatus=retrying')).toContain(jobId);
    expect(to(email)).toHaveLength(0);

    // not due yet: the task leaves it alone
    await sendMails();
    expect(Number((await mailsOf(jobId))[0].attempts)).toBe(1);

    shop.smtp.accept();
    await makeDue(jobId);
    expect(await sendMails()).toBeGreaterThanOrEqual(1);
    expect(to(email)).toHaveLength(1);
    const [sent] = await mailsOf(jobId);
    expect(sent).toMatchObject({ status: 'sent', last_error: null });
    expect(Number(sent.attempts)).toBe(2);
    const after = await jobRow(shop, jobId);
    expect(after.email_status).toBe('sent');
    expect(after.emailed_at).not.toBeNull();
    const link = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(to(email)[0]!.text ?? '')![1]!;
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);

    await makeDue(jobId);
    await sendMails();
    expect(to(email)).toHaveLength(1);
  });

  it('backs off longer after each refusal, then fails for good, visible in the jobs list', async () => {
    const email = 'outbox-fails@example.test';
    const { jobId } = await completedWhileRefused(email);
    const waits: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const [row] = await mailsOf(jobId);
      expect(Number(row.attempts)).toBe(attempt);
      if (row.status !== 'pending') break;
      waits.push((time(row.next_attempt_at) - time(row.updated_at)) / MINUTE);
      await makeDue(jobId);
      await sendMails();
    }
    expect(waits).toEqual([1, 5, 30, 120, 360, 720, 720]);
    const [failed] = await mailsOf(jobId);
    expect(failed).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(Number(failed.attempts)).toBe(8);
    expect(shop.smtp.refused).toBeGreaterThanOrEqual(8);
    expect(to(email)).toHaveLength(0);

    expect((await jobRow(shop, jobId)).email_status).toBe('failed');
    expect(await listed('emailStatus=failed')).toEqual([jobId]);
    expect(await listed('emailStatus=sent')).not.toContain(jobId);
    expect((await shop.adminApi('/jobs?emailStatus=bogus')).status).toBe(400);
    const detail = (await (await shop.adminApi(`/jobs/${jobId}`)).json()).data;
    expect(detail.job.emailStatus).toBe('failed');
    expect(detail.mails).toEqual([
      expect.objectContaining({ kind: 'link', status: 'failed', attempts: 8, nextAttemptAt: null }),
    ]);
    expect(detail.mails[0].lastError).toMatch(/451/);
    expect(detail.timeline.map((t: any) => t.reason)).toContain(
      'link e-mail failed after 8 attempts',
    );
    expect(shop.app.logs).toMatch(/link e-mail for job \S+ failed for good after 8 attempts/);
  });

  it('queues one expiry reminder per link, stamped only once it is really sent', async () => {
    const email = 'outbox-reminder@example.test';
    const { jobId } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    await until(
      async () => to(email).length,
      (n) => n === 1,
    );
    // the link expires within the reminder window (6 h by default)
    const soon = new Date(Date.now() + 3_600_000);
    await shop
      .db('smi_jobs')
      .where({ job_id: jobId })
      .update({
        download_expires_at: shop.app.database.client === 'sqlite' ? soon.getTime() : soon,
      });
    const remind = () => shop.app.testSupport('POST', '/tasks/expiry-reminders');
    shop.smtp.refuse();
    await remind();
    const reminders = async () => (await mailsOf(jobId)).filter((r: any) => r.kind === 'reminder');
    expect(await reminders()).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect((await jobRow(shop, jobId)).reminder_sent_at).toBeNull();
    // the next run finds the job again but queues no second reminder
    await remind();
    expect(await reminders()).toHaveLength(1);

    shop.smtp.accept();
    await makeDue(jobId);
    await sendMails();
    expect((await reminders())[0].status).toBe('sent');
    expect(to(email).map((m) => m.subject)).toEqual([
      expect.stringContaining('ready'),
      expect.stringContaining('expires soon'),
    ]);
    expect((await jobRow(shop, jobId)).reminder_sent_at).not.toBeNull();
  });

  it('sends a due mail once when two task runs race for it', async () => {
    const email = 'outbox-race@example.test';
    const { jobId } = await completedWhileRefused(email);
    shop.smtp.accept();
    await makeDue(jobId);
    await Promise.all([sendMails(), sendMails(), sendMails()]);
    expect(to(email)).toHaveLength(1);
    const [row] = await mailsOf(jobId);
    expect(row.status).toBe('sent');
    expect(Number(row.attempts)).toBe(2);
  });

  it('cancels a queued link once delivery is revoked (a refund)', async () => {
    const email = 'outbox-revoked@example.test';
    const { jobId } = await completedWhileRefused(email);
    expect((await post(`/jobs/${jobId}/refund`)).status).toBe(200);
    shop.smtp.accept();
    await makeDue(jobId);
    await sendMails();
    const [row] = await mailsOf(jobId);
    expect(row.status).toBe('cancelled');
    expect(row.last_error).toMatch(/revoked/);
    expect(to(email)).toHaveLength(0);
    expect((await jobRow(shop, jobId)).email_status).toBe('none');
  });

  it('answers resend and new link with the mail queued (200) while the provider is down', async () => {
    const email = 'outbox-resend@example.test';
    const { jobId } = await buySettled(shop, {
      fileId: shop.images.small.documentId,
      resolution: '4x',
      email,
    });
    await until(
      async () => to(email).length,
      (n) => n === 1,
    );
    shop.smtp.refuse();
    const resent = await post(`/jobs/${jobId}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.data).toMatchObject({ mail: 'retrying', job: { emailStatus: 'retrying' } });
    expect(resent.body.data.mails[0]).toMatchObject({
      kind: 'link',
      status: 'pending',
      attempts: 1,
    });
    const relinked = await post(`/jobs/${jobId}/new-link`);
    expect(relinked.status).toBe(200);
    expect(relinked.body.data.mail).toBe('retrying');
    const newExpiry = relinked.body.data.job.downloadExpiresAt as string;

    shop.smtp.accept();
    await makeDue(jobId);
    await sendMails();
    // the resend's mail carried the old link: only the new link's mail goes out
    const rows = await mailsOf(jobId);
    expect(rows.map((r: any) => r.status)).toEqual(['sent', 'cancelled', 'sent']);
    expect(rows[1].last_error).toMatch(/newer link/);
    expect(time(rows[2].link_expires_at)).toBe(time(newExpiry));
    expect(to(email)).toHaveLength(2);
    const link = /(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(to(email)[1]!.text ?? '')![1]!;
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    expect((await jobRow(shop, jobId)).email_status).toBe('sent');
  });
});
