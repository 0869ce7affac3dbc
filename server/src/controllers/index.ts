import health from './health';
import stripeWebhook from './stripe-webhook';

export default { health, stripeWebhook };
