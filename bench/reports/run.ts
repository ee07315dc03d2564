/**
 * `npm run bench:reports`: time and peak memory to make each report in each format on the demo data, on the
 * configured database (the embedded PostgreSQL in SAFERHUB_DATA_DIR, or the server of DATABASE_URL).
 * Loads the demo first (idempotent), measures this process's RSS when idle, then makes each report
 * `--runs` times (default 3) and prints the fastest and median times and the peak RSS above idle, sampled
 * every 20 ms, against the targets: an annual review PDF in under 2 s on a server (5 s embedded), peak memory
 * under 300 MB above idle.
 */
import { performance } from 'node:perf_hooks';
import { loadDemo } from '../../src/demo/index.js';
import { withServices } from '../../src/runtime.js';
import { systemActor } from '../../src/modules/access/index.js';
import { reportFormats, type ReportKind } from '../../src/modules/reports/index.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const mb = (bytes: number) => bytes / 1024 / 1024;

const cases: { kind: ReportKind; partnership: string; period: string }[] = [
  { kind: 'annual-review', partnership: 'Southampton Safe City Partnership', period: '2016/17' },
  { kind: 'assurance', partnership: 'Hampshire Community Safety Strategy Group', period: '2021/22-Q3' },
  { kind: 'progress-table', partnership: 'Southampton Safe City Partnership', period: '2020/21-Q3' },
];

await withServices(async (services) => {
  await loadDemo(services, { withUsers: false });
  global.gc?.();
  const idle = mb(process.memoryUsage().rss);
  const onServer = Boolean(services.config.databaseUrl);
  console.log(
    `Database: ${onServer ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PostgreSQL'}; idle RSS ${idle.toFixed(0)} MB; ${runs} runs each`,
  );
  console.log('report          format  fastest ms  median ms  peak MB above idle  bytes');
  for (const c of cases) {
    const { id } = await services.partnerships.resolvePartnership(c.partnership);
    for (const format of reportFormats) {
      const times: number[] = [];
      let peak = 0;
      let size = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, mb(process.memoryUsage().rss))), 20);
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const file = await services.reports.download(systemActor, id, c.kind, c.period, format);
        times.push(performance.now() - start);
        size = file.bytes.length;
        peak = Math.max(peak, mb(process.memoryUsage().rss));
      }
      clearInterval(sampler);
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const target = c.kind === 'annual-review' && format === 'pdf' ? (onServer ? 2000 : 5000) : null;
      console.log(
        `${c.kind.padEnd(15)} ${format.padEnd(6)} ${times[0]!.toFixed(0).padStart(10)} ${median.toFixed(0).padStart(10)} ${(peak - idle).toFixed(0).padStart(19)}  ${size}` +
          (target ? `  target < ${target} ms: ${median < target ? 'met' : 'MISSED'}` : '') +
          (peak - idle >= 300 ? '  memory target MISSED' : ''),
      );
    }
  }
});
