import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultFaults, FaultError, FaultState, parseFaultPatch } from './faults';
import { BodyTooLargeError, parseJsonBody, readBody, sendJson, type JsonBody } from './http';
import { JobRunner, statusBody } from './jobs';
import { RateLimiter } from './rate-limit';
import { parseUpscaleRequest } from './request-body';
import { ResultStore } from './results';
import { Scheduler, SchedulerClosedError } from './scheduler';
import type {
  JobStatus,
  RecordedRequest,
  SubmitResponse,
  UpsamplerFakeOptions,
  UpsamplerFaults,
  UpsamplerJob,
  WebhookDelivery,
} from './types';

const DEFAULT_API_KEY = 'test-upsampler-key';
const DEFAULT_PROCESSING_MS = 50;
const DEFAULT_RESULT_TTL_MS = 3 * 60 * 60 * 1000;
const DEFAULT_RATE_LIMIT = 60;
const MAX_BODY_BYTES = 1024 * 1024;
/** Recorded requests kept (oldest dropped first), so a long-running fake stays small. */
const MAX_RECORDED_REQUESTS = 10_000;

type ApiRoute = { name: 'submit' } | { name: 'status'; id: string };
type RouteMatch = { route: ApiRoute } | { allow: string } | undefined;

/** Matches the API routes; `{ allow }` when the path exists but not for this method. */
function matchApiRoute(method: string, path: string): RouteMatch {
  if (path === '/precise-upscale')
    return method === 'POST' ? { route: { name: 'submit' } } : { allow: 'POST' };
  const status = /^\/status\/([^/]+)$/.exec(path);
  if (status?.[1] !== undefined) {
    return method === 'GET'
      ? { route: { name: 'status', id: decodeURIComponent(status[1]) } }
      : { allow: 'GET' };
  }
  return undefined;
}

function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function recordedBody(body: JsonBody): unknown {
  if (body.kind === 'json') return body.value;
  if (body.kind === 'invalid') return body.text;
  return undefined;
}

/** A running Upsampler fake. */
export class UpsamplerFake {
  /** Every request except the control routes, oldest first (the last 10 000). */
  readonly requests: RecordedRequest[] = [];
  readonly apiKey: string;
  private accepted = 0;
  private readonly faults: FaultState;
  private readonly limiter: RateLimiter;
  private readonly scheduler = new Scheduler();
  private readonly results = new ResultStore();
  private readonly runner: JobRunner;
  private readonly server: http.Server;
  private baseUrl = '';
  private prepared: boolean;

  constructor(options: UpsamplerFakeOptions = {}) {
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.faults = new FaultState(defaultFaults(options.processingMs ?? DEFAULT_PROCESSING_MS));
    this.limiter = new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT);
    this.prepared = options.preparedResults ?? false;
    this.runner = new JobRunner({
      baseUrl: () => this.baseUrl,
      resultTtlMs: options.resultTtlMs ?? DEFAULT_RESULT_TTL_MS,
      scheduler: this.scheduler,
      results: this.results,
      preparedResults: () => this.prepared,
    });
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.answerError(res, error));
    });
  }

  /** Base URL of the API, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  get url(): string {
    return this.baseUrl;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Number of accepted `POST /precise-upscale` calls. */
  get submissions(): number {
    return this.accepted;
  }

  get jobs(): ReadonlyMap<string, UpsamplerJob> {
    return this.runner.jobs;
  }

  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.runner.webhookDeliveries;
  }

  getFaults(): UpsamplerFaults {
    return this.faults.get();
  }

  /** Merges the given faults into the current ones and returns the result. Throws on invalid values. */
  setFaults(patch: Partial<UpsamplerFaults>): UpsamplerFaults {
    return this.faults.set(patch);
  }

  resetFaults(): UpsamplerFaults {
    return this.faults.reset();
  }

  /** Switches prepared results (UpsamplerFakeOptions.preparedResults) on or off. */
  usePreparedResults(on: boolean): void {
    this.prepared = on;
  }

  waitForJob(id: string, status: JobStatus, timeoutMs?: number): Promise<UpsamplerJob> {
    return this.runner.waitForJob(id, status, timeoutMs);
  }

  /** Resolves once every submitted job has finished and its webhook call is done. */
  whenIdle(): Promise<void> {
    return this.scheduler.idle();
  }

  listen(port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.baseUrl = `http://127.0.0.1:${this.port}`;
        resolve();
      });
    });
  }

  /** Stops the server, cancels queued jobs and waits for running ones. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.runner.close();
    await this.scheduler.close();
    await closed;
    this.results.clear();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = target.pathname;
    let body: JsonBody;
    try {
      body = parseJsonBody(await readBody(req, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      throw error;
    }

    if (path.startsWith('/__control/')) return this.handleControl(method, path, body, res);

    this.requests.push({
      method,
      path: path + target.search,
      ...(body.kind !== 'empty' ? { body: recordedBody(body) } : {}),
      ...(req.headers.authorization !== undefined
        ? { authorization: req.headers.authorization }
        : {}),
      time: Date.now(),
    });
    if (this.requests.length > MAX_RECORDED_REQUESTS) this.requests.shift();

    if (path.startsWith('/results/'))
      return this.handleResult(method, decodeURIComponent(path.slice('/results/'.length)), res);

    const match = matchApiRoute(method, path);
    if (match === undefined) return sendJson(res, 404, { error: 'Not found' });
    if ('allow' in match)
      return sendJson(res, 405, { error: 'Method not allowed' }, { allow: match.allow });
    await this.handleApi(match.route, req, body, res);
  }

  /** The API routes: latency, injected faults, authentication, rate limit, then the route itself. */
  private async handleApi(
    route: ApiRoute,
    req: http.IncomingMessage,
    body: JsonBody,
    res: http.ServerResponse,
  ): Promise<void> {
    await this.scheduler.delay(this.faults.latencyMs());
    if (this.faults.takeServerError())
      return sendJson(res, 500, { error: 'Internal Server Error' });
    const injectedRetryAfter = this.faults.takeRateLimit();
    if (injectedRetryAfter !== undefined) return this.answerRateLimited(res, injectedRetryAfter);

    const key = bearerKey(req.headers.authorization);
    if (key !== this.apiKey) {
      return sendJson(res, 401, { error: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    }
    const retryAfter = this.limiter.hit(key);
    if (retryAfter !== undefined) return this.answerRateLimited(res, retryAfter);

    if (route.name === 'status') {
      const job = this.runner.jobs.get(route.id);
      if (!job) return sendJson(res, 404, { error: 'Job not found' });
      return sendJson(res, 200, statusBody(job));
    }

    if (body.kind === 'invalid')
      return sendJson(res, 400, { error: 'Request body must be valid JSON' });
    const parsed = parseUpscaleRequest(body.kind === 'json' ? body.value : undefined);
    if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
    const job = await this.runner.submit(parsed.value, this.faults.forJob());
    this.accepted += 1;
    const answer: SubmitResponse = { id: job.id, status: 'IN_QUEUE', creditCost: job.creditCost };
    sendJson(res, 200, answer);
  }

  private answerRateLimited(res: http.ServerResponse, retryAfterSeconds: number): void {
    sendJson(
      res,
      429,
      { error: 'Too Many Requests' },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  private handleResult(method: string, file: string, res: http.ServerResponse): void {
    if (method !== 'GET' && method !== 'HEAD')
      return sendJson(res, 405, { error: 'Method not allowed' }, { allow: 'GET, HEAD' });
    const result = this.results.get(file);
    if (!result) return sendJson(res, 404, { error: 'Not found' });
    res.writeHead(200, {
      'content-type': result.contentType,
      'content-length': String(result.bytes.length),
    });
    res.end(method === 'HEAD' ? undefined : result.bytes);
  }

  /** Control routes for a fake running in another process: faults and a state dump. */
  private handleControl(
    method: string,
    path: string,
    body: JsonBody,
    res: http.ServerResponse,
  ): void {
    if (path === '/__control/faults' && method === 'GET')
      return sendJson(res, 200, this.faults.get());
    if (path === '/__control/faults' && method === 'POST') {
      if (body.kind !== 'json')
        return sendJson(res, 400, { error: 'Expected a JSON object of faults' });
      try {
        return sendJson(res, 200, this.faults.set(parseFaultPatch(body.value)));
      } catch (error) {
        if (error instanceof FaultError) return sendJson(res, 400, { error: error.message });
        throw error;
      }
    }
    if (path === '/__control/reset' && method === 'POST')
      return sendJson(res, 200, this.faults.reset());
    if (path === '/__control/state' && method === 'GET') {
      return sendJson(res, 200, {
        faults: this.faults.get(),
        submissions: this.accepted,
        jobs: [...this.runner.jobs.values()],
        webhookDeliveries: this.runner.webhookDeliveries,
      });
    }
    sendJson(res, 404, { error: 'Not found' });
  }

  private answerError(res: http.ServerResponse, error: unknown): void {
    if (error instanceof SchedulerClosedError || res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** Starts an Upsampler fake on 127.0.0.1. */
export async function startUpsamplerFake(
  options: UpsamplerFakeOptions = {},
): Promise<UpsamplerFake> {
  const fake = new UpsamplerFake(options);
  await fake.listen(options.port ?? 0);
  return fake;
}
