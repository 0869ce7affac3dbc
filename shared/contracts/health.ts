/** `GET /api/sell-my-images/health`: a cheap liveness answer for monitors and benchmarks. */
export interface HealthAnswer {
  status: 'ok';
  plugin: 'sell-my-images';
  version: string;
}
