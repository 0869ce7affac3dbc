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
    /** The order e-mail's link label of a delivered line. */
    download: string;
    /** An order line delivered: `name — 4x (8000 × 5332 px)`. */
    orderItem: (name: string, resolution: string, width: number, height: number) => string;
    /** An order line that failed for good: its name and the amount refunded. */
    orderItemRefunded: (name: string, resolution: string, amount: string) => string;
  };
}
