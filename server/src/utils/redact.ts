/**
 * Secrets that travel in the plugin's URLs (docs/architecture.md "Security model"): the
 * download token in `/downloads/<token>`, the Checkout Session id in `?session=` (and in
 * a buyer's return URL, `smi_session=`), the Upsampler callback's `?sig=`, the "My purchases"
 * link's `?token=`, and the buyer's
 * address in the admin's `/privacy/export?email=` and jobs search (`/jobs?q=`). Whatever
 * logs a URL or a message that may quote one logs it through `redactSecrets`.
 */
const REDACTED = '[redacted]';

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/(\/downloads\/)[\w.~%-]+/g, `$1${REDACTED}`],
  [/([?&](?:session|smi_session|sig|token)=)[\w.~%-]*/g, `$1${REDACTED}`],
  // The buyer's address in the admin's privacy export (logs carry no personal data).
  [/([?&]email=)[^&#\s]*/g, `$1${REDACTED}`],
  // The jobs list's search box, which takes e-mail addresses.
  [/(\/jobs\?(?:[^#\s]*&)?q=)[^&#\s]*/g, `$1${REDACTED}`],
  // A Checkout Session id on its own (it opens the job's download link on the status route).
  [/\bcs_(?:test|live)_[A-Za-z0-9]+/g, `cs_${REDACTED}`],
];

export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce(
    (out, [pattern, replacement]) => out.replace(pattern, replacement),
    text,
  );
}
