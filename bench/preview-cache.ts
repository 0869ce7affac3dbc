/**
 * The live preview's cache (docs/architecture.md "Previews, cart and purchases"): the time
 * from the first `GET /previews` of an image and resolution until it answers `ready` (a
 * miss: the crop is made, enlarged by sharp and stored), against the time of the next ask
 * (a hit: read from the private storage's description, then from memory), in the same
 * Strapi. Prints both and the ratio; a hit should be a plain request's time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, startBenchApp } from './lib';

async function main() {
  const { app, admin, upload } = await startBenchApp('preview-cache', {
    SMI_UPSCALER: 'sharp',
    SMI_RATE_LIMIT_PREVIEWS: '1000000',
  });
  try {
    const put = await fetch(`${app.url}/sell-my-images/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ resolutions: ['4x'] }),
    });
    if (put.status !== 200) throw new Error(`settings answered ${put.status}`);
    const file = await upload(2000, 1500);
    const url = `${app.url}/api/sell-my-images/previews?fileId=${file.documentId}&resolution=4x`;
    const ask = async () => (await (await fetch(url)).json()) as { state: string };

    const missStart = performance.now();
    let answer = await ask();
    const firstAnswerMs = performance.now() - missStart;
    for (let i = 0; i < 1200 && answer.state === 'preparing'; i++) {
      await sleep(50);
      answer = await ask();
    }
    const missMs = performance.now() - missStart;
    if (answer.state !== 'ready') throw new Error(`preview ended ${JSON.stringify(answer)}`);

    const hits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      if ((await ask()).state !== 'ready') throw new Error('not ready on a hit');
      hits.push(performance.now() - start);
    }
    hits.sort((a, b) => a - b);
    const hitMs = hits[Math.floor(hits.length / 2)];
    console.log(
      `miss : first answer (preparing) ${fmt(firstAnswerMs)} ms, ready after ${fmt(missMs)} ms`,
    );
    console.log(
      `hit  : ${fmt(hitMs)} ms (median of ${hits.length}; range ${fmt(hits[0])}–${fmt(hits[hits.length - 1])} ms)`,
    );
    console.log(
      `ratio: the hit takes ${fmt(hitMs / missMs, 4)}x the miss (${fmt(missMs / hitMs, 0)}x faster)`,
    );
    console.log(
      JSON.stringify({
        bench: 'preview-cache',
        firstAnswerMs,
        missMs,
        hitMs,
        ratio: hitMs / missMs,
      }),
    );
  } finally {
    await app.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
