import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('..', import.meta.url);

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines so far (stdout lines that parse). */
  logs(): Record<string, any>[];
  /** True while it has not exited. */
  running(): boolean;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<number | null>;
}

/**
 * The compiled server (`npm start`'s own command; `npm test` builds dist/ first) as a process of
 * its own, on a free port, in production mode unless env says otherwise; resolves once it says
 * where it listens. `nodeOptions` go to node before the script (`--expose-gc` for the fuzz run's
 * memory checkpoints).
 */
export async function startServerProcess(
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeOptions, 'dist/cli/serve.js'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /at (http:\/\/\S+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exit.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    logs: () =>
      output.split('\n').flatMap((line) => {
        try {
          return line.startsWith('{') ? [JSON.parse(line)] : [];
        } catch {
          return [];
        }
      }),
    running: () => !exited,
    stop: () => {
      if (!exited) child.kill('SIGTERM');
      return exit;
    },
  };
}
