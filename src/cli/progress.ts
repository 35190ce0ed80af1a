import cliProgress from 'cli-progress';

export interface Progress {
  update(bytes: number, records: number): void;
  stop(): void;
}

const number = new Intl.NumberFormat('en-US');
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
const duration = (seconds: number) =>
  !Number.isFinite(seconds)
    ? '?'
    : seconds < 60
      ? `${Math.ceil(seconds)} s`
      : `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;

/**
 * Progress of reading a file of `total` bytes: a bar with rate and ETA on a terminal, a plain
 * line every `everyMs` otherwise (logs, CI), and nothing for an import that is over before that.
 */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr, everyMs = 2000): Progress {
  const started = Date.now();
  const rate = (records: number) => records / Math.max((Date.now() - started) / 1000, 1e-3);
  const eta = (bytes: number) => ((Date.now() - started) / 1000) * (total / Math.max(bytes, 1) - 1);

  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'importing |{bar}| {percentage}% | {records} records | {rate} records/s | ETA {remaining}',
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { records: 0, rate: 0, remaining: '?' });
    return {
      update: (bytes, records) =>
        bar.update(bytes, {
          records: number.format(records),
          rate: number.format(Math.round(rate(records))),
          remaining: duration(eta(bytes)),
        }),
      stop: () => bar.stop(),
    };
  }

  let last = started;
  return {
    update(bytes, records) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      const percent = total > 0 ? Math.floor((bytes / total) * 100) : 100;
      stream.write(
        `claimgraph import: ${percent}% of ${megabytes(total)}, ${number.format(records)} records, ` +
          `${number.format(Math.round(rate(records)))} records/s, about ${duration(eta(bytes))} left\n`,
      );
    },
    stop() {},
  };
}

export const formatCount = (n: number) => number.format(n);
