/**
 * `GET /api/sell-my-images/health` (public) and `GET /sell-my-images/health` (admin, RBAC
 * `read`): a cheap liveness answer for monitors, benchmarks and the overview page.
 */
export interface HealthAnswer {
  status: 'ok';
  plugin: 'sell-my-images';
  version: string;
}
