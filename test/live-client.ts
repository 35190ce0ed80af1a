import { createClient, type Client, type ExecutionResult } from 'graphql-sse';

/** The real graphql-sse client, one connection per subscription; each `dispose()`d by `disposeAll`. */
export function liveClients() {
  const clients: Client[] = [];

  /**
   * A subscription whose events are collected as they come; `ready` settles once the server has
   * answered the request (it starts listening before it answers).
   */
  function subscribe(url: string, query: string, variables: Record<string, unknown> = {}) {
    const events: ExecutionResult<any, unknown>[] = [];
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    const client = createClient({
      url,
      singleConnection: false,
      retryAttempts: 0,
      on: { connected: () => connected() },
    });
    clients.push(client);
    let finish!: (error?: unknown) => void;
    const done = new Promise<unknown>((resolve) => (finish = resolve));
    const stop = client.subscribe(
      { query, variables },
      { next: (event) => void events.push(event), error: (error) => finish(error), complete: () => finish() },
    );
    return { events, ready, done, stop, client };
  }

  return { subscribe, disposeAll: () => clients.forEach((client) => client.dispose()) };
}

/** Waits until `check` holds (events arrive on their own schedule), failing after a few seconds. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string) {
  const until = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A news desk's bulletin of `claims` claims of kind OTHER ("Imported test claim 1." ...), to import. */
export const bulletinRecords = (claims: number) => [
  { type: 'actor', key: 'desk', name: 'A test news desk', kind: 'MEDIA', country: 'UA' },
  { type: 'article', key: 'bulletin', title: 'A test bulletin' },
  ...Array.from({ length: claims }, (_, i) => ({
    type: 'claim',
    key: `note-${i + 1}`,
    article: 'bulletin',
    statement: `Imported test claim ${i + 1}.`,
    kind: 'OTHER',
    attribution: 'STATED',
    claimant: 'desk',
  })),
];
