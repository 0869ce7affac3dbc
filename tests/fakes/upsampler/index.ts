/**
 * A local, protocol-faithful stand-in for Upsampler's precise-upscale API
 * (`POST /precise-upscale`, `GET /status/:id`, result files that expire, webhooks,
 * rate limit) with switchable faults. See server.ts for the routes.
 */
export { startUpsamplerFake, UpsamplerFake } from './server';
export { creditCostFor, CREDITS_PER_MEGAPIXEL } from './upscale';
export type {
  ImageFormat,
  ImageInfo,
  JobFaults,
  JobStatus,
  RecordedRequest,
  StatusBody,
  SubmitResponse,
  UpscaleInput,
  UpscaleRequest,
  UpsamplerFakeOptions,
  UpsamplerFaults,
  UpsamplerJob,
  WebhookDelivery,
} from './types';
