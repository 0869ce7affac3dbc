import type { CustomerEmailKind } from '../contracts/email-templates';
import type { EmailTemplateText } from '../email-rendering';

/** One language's default e-mails and the words the server puts in their values. */
export interface EmailTexts {
  templates: Record<CustomerEmailKind, EmailTemplateText>;
  words: {
    /** The site's name when the settings have none. */
    ourSite: string;
    /** The image's name when the job has none. */
    yourImage: string;
    /** `{{method}}` of a non-AI resize. */
    nonAi: string;
    /** `{{method}}` when the provider says how it upscaled. */
    upscaledWith: (method: string) => string;
  };
}
