/**
 * Preloaded into a benchmarked Strapi process (NODE_OPTIONS=--require, since --cpu-prof is
 * not allowed there): leaves the process's pid in BENCH_PROFILE_DIR (`<pid>.pid`, for its
 * CPU time), and SIGUSR2 starts a CPU profile, the next SIGUSR2 writes it there as
 * `<pid>-<n>.cpuprofile`, so the benchmark can profile exactly its measured window.
 */
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${process.pid}.pid`), String(process.pid));
  const session = new inspector.Session();
  session.connect();
  let profiling = false;
  let taken = 0;
  process.on('SIGUSR2', () => {
    if (!profiling) {
      profiling = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      taken += 1;
      const file = path.join(dir, `${process.pid}-${taken}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
