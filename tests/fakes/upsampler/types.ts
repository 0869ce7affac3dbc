/** Shapes of the Upsampler fake: what goes over the wire and what the fake records. */

export type JobStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED';

/** Image formats the fake reads and writes (the output keeps the input format). */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** `input` of a `POST /precise-upscale` body. */
export interface UpscaleInput {
  imageUrl: string;
  inputImageType: 'universal';
  upscaleFactor: number;
}

/** A validated `POST /precise-upscale` body. */
export interface UpscaleRequest {
  input: UpscaleInput;
  webhook?: string;
}

/**
 * The status shape: answer of `GET /status/:id` and body of the webhook call.
 * `imageUrl` and `compressedImageUrl` are present once the job succeeded, `error` once it failed.
 */
export interface StatusBody {
  id: string;
  status: JobStatus;
  imageUrl?: string;
  compressedImageUrl?: string;
  creditCost: number;
  error?: string;
}

/** Answer of an accepted `POST /precise-upscale`. */
export interface SubmitResponse {
  id: string;
  status: 'IN_QUEUE';
  creditCost: number;
}

export interface ImageInfo {
  width: number;
  height: number;
  format: ImageFormat;
}

/** Faults switched on or off at run time (in-process or through `POST /__control/faults`). */
export interface UpsamplerFaults {
  /** Jobs end FAILED with `error: 'Upscale failed'`. */
  failJobs: boolean;
  /** The next N API requests answer 500. */
  serverErrors: number;
  /** The next `count` API requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimited: { count: number; retryAfterSeconds: number };
  /** Delay before every API answer. */
  latencyMs: number;
  /** Time a job stays IN_QUEUE before it is processed. */
  processingMs: number;
  /** Never call the webhook. */
  loseWebhooks: boolean;
  /** Serve a truncated result (the first half of its bytes). */
  corruptResult: boolean;
  /** Produce a result 10 px narrower than width × factor. */
  wrongSize: boolean;
}

/** The faults that shape a job, captured when the job is submitted. */
export type JobFaults = Pick<
  UpsamplerFaults,
  'failJobs' | 'processingMs' | 'loseWebhooks' | 'corruptResult' | 'wrongSize'
>;

/** A job as the fake keeps it (`fake.jobs`). */
export interface UpsamplerJob {
  id: string;
  status: JobStatus;
  request: UpscaleRequest;
  creditCost: number;
  /** Size and format of the fetched input; absent when it could not be fetched or decoded. */
  source?: ImageInfo;
  /** Size and format of the produced result. */
  output?: ImageInfo;
  imageUrl?: string;
  compressedImageUrl?: string;
  error?: string;
  /** Faults in force when the job was submitted. */
  faults: JobFaults;
  createdAt: number;
  updatedAt: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query string. */
  path: string;
  /** Parsed JSON body, or the raw text when it is not JSON; absent when the body is empty. */
  body?: unknown;
  authorization?: string;
  time: number;
}

export interface WebhookDelivery {
  jobId: string;
  url: string;
  /** Job status carried by the delivery. */
  status: JobStatus;
  /** HTTP status the receiver answered, 0 when it could not be reached. */
  responseStatus: number;
  error?: string;
  time: number;
}

export interface UpsamplerFakeOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The only accepted Bearer key. Default `test-upsampler-key`. */
  apiKey?: string;
  /** Time a job stays IN_QUEUE. Default 50 ms. */
  processingMs?: number;
  /** Lifetime of result URLs. Default 3 hours. */
  resultTtlMs?: number;
  /** API requests per key per minute. Default 60. */
  rateLimitPerMinute?: number;
  /**
   * Serve prepared results: the result (and its compressed copy) of a given size and format is
   * made once and its bytes served for every job asking for that size, so the fake spends no
   * CPU per job (benchmarks). Default false: every job resizes its own input.
   */
  preparedResults?: boolean;
}
