import common from './common.json';
import settings from './settings.json';
import jobs from './jobs.json';
import analytics from './analytics.json';
import media from './media.json';
import privacy from './privacy.json';
import setup from './setup.json';
import emails from './emails.json';
import commerce from './commerce.json';
import buyer from './buyer.json';

/** English messages of the panel, one file per page; keys are unique across files. */
export default {
  ...common,
  ...settings,
  ...jobs,
  ...analytics,
  ...media,
  ...privacy,
  ...setup,
  ...emails,
  ...commerce,
  ...buyer,
} as Record<string, string>;
