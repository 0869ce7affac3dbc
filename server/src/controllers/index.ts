import health from './health';
import metrics from './metrics';
import prices from './prices';
import checkout from './checkout';
import clicks from './clicks';
import jobStatus from './job-status';
import stripeWebhook from './stripe-webhook';
import adminSettings from './admin-settings';
import adminMedia from './admin-media';
import adminAnalytics from './admin-analytics';
import downloads from './downloads';
import adminJobs from './admin-jobs';
import adminPrivacy from './admin-privacy';
import adminSetup from './admin-setup';
import clientScript from './client-script';
import upsamplerWebhook from './upsampler-webhook';
import licence from './licence';
import previews from './previews';
import cart from './cart';
import orders from './orders';
import purchases from './purchases';

export default {
  health,
  metrics,
  prices,
  checkout,
  clicks,
  jobStatus,
  stripeWebhook,
  adminSettings,
  adminMedia,
  adminAnalytics,
  downloads,
  upsamplerWebhook,
  adminJobs,
  adminPrivacy,
  adminSetup,
  clientScript,
  licence,
  previews,
  cart,
  orders,
  purchases,
};
