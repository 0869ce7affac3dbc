/**
 * The mail outbox (docs/architecture.md "Mail outbox"): one row per customer e-mail of a
 * job, tried at once and retried with backoff until sent or failed for good. It holds no
 * address and no content: both are made from the job when the mail is sent, so no secret
 * (the download token) and no personal data is stored twice.
 */
import { MAIL_KINDS, MAIL_STATUSES } from '../../../../shared/contracts/jobs';

export default {
  kind: 'collectionType',
  collectionName: 'smi_mails',
  info: {
    singularName: 'mail',
    pluralName: 'mails',
    displayName: 'Customer e-mail',
    description: 'A customer e-mail of a sale job, queued and retried until sent.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    jobId: { type: 'string', required: true, maxLength: 36 },
    kind: { type: 'enumeration', enum: MAIL_KINDS, required: true },
    /** The expiry of the link it carries (link, reminder): the token is derived from it. */
    linkExpiresAt: { type: 'datetime' },
    status: { type: 'enumeration', enum: MAIL_STATUSES, default: 'pending', required: true },
    attempts: { type: 'integer', min: 0, default: 0 },
    /** When it is due (pending); moved forward while an instance sends it (the claim). */
    nextAttemptAt: { type: 'datetime' },
    lastError: { type: 'string', maxLength: 255 },
    sentAt: { type: 'datetime' },
    /** One reminder per link, one failure mail per job: a second insert is refused. */
    dedupeKey: { type: 'string', maxLength: 96 },
  },
  indexes: [
    { name: 'smi_mails_due_idx', columns: ['status', 'next_attempt_at'] },
    { name: 'smi_mails_job_idx', columns: ['job_id'] },
    { name: 'smi_mails_dedupe_uq', columns: ['dedupe_key'], type: 'unique' },
  ],
} as const;
