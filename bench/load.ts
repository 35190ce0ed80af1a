/**
 * The load generator, in its own process (pinned to its own core by the runner): reads one JSON
 * job per line on stdin, runs autocannon against it (a warm-up run first, not counted), and
 * writes one JSON result per line on stdout.
 */
import autocannon from 'autocannon';
import { createInterface } from 'node:readline';

export interface LoadJob {
  url: string;
  /** What each connection sends, in turn; every measured response must be exactly the expected body at the same place. */
  requests: { body: string; expectBody: string }[];
  connections: number;
  /** Seconds of measured load; ignored when `amount` is set. */
  duration: number;
  /** Seconds of unmeasured load before it. */
  warmup: number;
  /** A fixed number of requests instead of a duration (the test suite uses it). */
  amount?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency in milliseconds, from autocannon's per-response timings (microsecond resolution). */
  p50: number;
  p99: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function run(job: LoadJob, measured: boolean): Promise<LoadResult> {
  const latencies: number[] = [];
  let finish!: (error: Error | null, result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  // One request: autocannon compares the bodies. Several: each request compares its own, since
  // autocannon's expectBody takes one body for all.
  let mismatches = 0;
  const [only, ...others] = job.requests;
  const sending =
    others.length === 0
      ? { body: only!.body, expectBody: only!.expectBody }
      : {
          requests: job.requests.map(({ body, expectBody }) => ({
            body,
            onResponse: (status: number, answer: string) => {
              if (status >= 200 && status < 300 && answer !== expectBody) mismatches++;
            },
          })),
        };
  const instance = autocannon(
    {
      url: job.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...sending,
      connections: job.connections,
      // autocannon ends a run on its next sample tick (every second by default): a fixed amount of
      // requests would take a whole second however fast it went, and count its requests/s over that
      // second. Ticking every 10 ms ends it within 10 ms of the last answer.
      ...(measured && job.amount
        ? { amount: job.amount, sampleInt: 10 }
        : { duration: measured ? job.duration : job.warmup }),
    },
    (error, result) => finish(error, result),
  );
  // autocannon's own histogram has 1 ms resolution; these timings are exact.
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await done;
  const sorted = Float64Array.from(latencies).sort();
  const requests = result.requests.total;
  return {
    requests,
    seconds: result.duration,
    requestsPerSecond: requests / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches + mismatches,
  };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { id, job } = JSON.parse(line) as { id: number; job: LoadJob };
  try {
    if (job.warmup > 0 && !job.amount) await run(job, false);
    const result = await run(job, true);
    process.stdout.write(`${JSON.stringify({ id, result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id, error: String(error) })}\n`);
  }
}
