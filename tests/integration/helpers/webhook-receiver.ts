import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A receiver subscribed, as a Strapi webhook (Settings → Webhooks), to `events` of the shop. */
export async function subscribeWebhooks(
  shop: { app: { url: string }; admin: { token: string } },
  events: string[],
) {
  const hooks = await startWebhookReceiver();
  const res = await fetch(`${shop.app.url}/admin/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${shop.admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'sale events', url: hooks.url, headers: {}, events }),
  });
  if (res.status !== 201) throw new Error(`webhook creation answered ${res.status}`);
  return hooks;
}

/** A local HTTP endpoint that records what Strapi's webhooks (Settings → Webhooks) send it. */
export async function startWebhookReceiver() {
  const received: Array<{ event: string; body: any }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        received.push({ event: body.event, body });
      } catch {
        received.push({ event: 'unparseable', body: null });
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    count: (event: string, jobId?: string) =>
      received.filter((r) => r.event === event && (!jobId || r.body?.job?.jobId === jobId)).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
