import { type SQL, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { PostgresDb } from '../db/postgres/client.ts';
import { runQuery, type Work } from '../db/statements.ts';
import { announceClaims, claimListeners, type CommittedClaims, endClaimEvents } from './claim-events.ts';

/**
 * On PostgreSQL, committed claims reach the subscriptions of every server on the database through
 * NOTIFY: a write notifies inside its transaction (PostgreSQL delivers on commit, and nothing on
 * rollback), and a server with subscriptions LISTENs on one connection of its pool, for as long as
 * it has any. That connection also holds a shared advisory lock, so that a writer on any server can
 * tell whether anyone listens before it works out which contradictions a changed claim formed
 * before the change (a query the write would otherwise pay for nothing).
 */

const channel = 'claimgraph_claims';
const listenersLock = 0x636c6933; // "cli3"
/** NOTIFY refuses a payload of 8,000 bytes or more. */
const payloadLimit = 7_900;

/** Claim ids as runs of consecutive ids (an import's claims are one run): `[first, last]`. */
type Runs = [number, number][];
type Notice = { created: true; runs: Runs } | { created: false; runs: Runs; before: string[] | null };

function runsOf(ids: number[]): Runs {
  const runs: Runs = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && id === last[1] + 1) last[1] = id;
    else if (!last || id > last[1]) runs.push([id, id]);
  }
  return runs;
}

/**
 * The payloads that tell of this batch, each under NOTIFY's limit. A created batch is split into as
 * many as it takes. A changed claim's earlier contradictions go with it whole; should they not fit
 * (hundreds of them), they go as null, and the subscriptions announce nothing new for that change.
 */
function payloads(batch: CommittedClaims): string[] {
  const runs = runsOf(batch.claimIds);
  if (!batch.created) {
    const whole = JSON.stringify({ created: false, runs, before: [...batch.contradictionsBefore] } satisfies Notice);
    return [whole.length < payloadLimit ? whole : JSON.stringify({ created: false, runs, before: null })];
  }
  const texts: string[] = [];
  const perNotice = Math.floor(payloadLimit / 30); // a run is at most 2 x 11 digits, brackets and commas
  for (let i = 0; i < runs.length; i += perNotice)
    texts.push(JSON.stringify({ created: true, runs: runs.slice(i, i + perNotice) } satisfies Notice));
  return texts;
}

function batchOf(payload: string): CommittedClaims | undefined {
  const notice = JSON.parse(payload) as Notice;
  const claimIds = notice.runs.flatMap(([first, last]) =>
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
  );
  if (notice.created) return { created: true, claimIds };
  return notice.before === null
    ? undefined
    : { created: false, claimIds, contradictionsBefore: new Set(notice.before) };
}

/** The statements that notify every listening server of this batch once the transaction commits. */
export const claimNotices = (batch: CommittedClaims): SQL[] =>
  batch.claimIds.length === 0 ? [] : payloads(batch).map((payload) => sql`select pg_notify(${channel}, ${payload})`);

export function* notifyClaims(batch: CommittedClaims): Work<void> {
  for (const notice of claimNotices(batch)) yield* runQuery(notice);
}

/** Whether any server on this database has a subscription now (another database of the cluster does not count). */
export function* anyoneListening(): Work<boolean> {
  const row = (yield* runQuery(
    sql`select exists (select 1 from pg_locks where locktype = 'advisory' and classid = 0
      and objid = ${listenersLock} and objsubid = 1 and granted
      and database = (select oid from pg_database where datname = current_database())) as listening`,
    'row',
  )) as { listening: boolean };
  return row.listening;
}

interface Listener {
  client?: pg.PoolClient;
  /** Starting and stopping, one after another. */
  queue: Promise<unknown>;
}

const listeners = new WeakMap<pg.Pool, Listener>();

function listenerOf(pool: pg.Pool) {
  let listener = listeners.get(pool);
  if (!listener) listeners.set(pool, (listener = { queue: Promise.resolve() }));
  return listener;
}

function enqueue(listener: Listener, step: () => Promise<void>): Promise<void> {
  const next = listener.queue.catch(() => {}).then(step);
  listener.queue = next;
  return next;
}

/** Resolves once this server LISTENs: a claim committed after that reaches its subscriptions. */
export function listenForClaims(postgres: PostgresDb): Promise<void> {
  const pool = postgres.$client;
  const listener = listenerOf(pool);
  return enqueue(listener, async () => {
    if (listener.client) return;
    const client = await pool.connect();
    client.on('notification', ({ channel: from, payload }) => {
      const batch = from === channel && payload ? batchOf(payload) : undefined;
      if (batch) announceClaims(pool, batch);
    });
    // The connection broke (a restart, a failover): the streams end, and clients resubscribe.
    client.on('error', () => {
      if (listener.client !== client) return;
      listener.client = undefined;
      client.release(true);
      endClaimEvents(pool);
    });
    try {
      await client.query(`listen ${channel}`);
      await client.query('select pg_advisory_lock_shared($1)', [listenersLock]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    listener.client = client;
  });
}

/**
 * Stops listening once this server has no subscription left (or at once, with `always`, as it shuts
 * down). The connection is closed, not returned to the pool: that ends LISTEN and the lock with it.
 */
export function stopListening(postgres: PostgresDb, always = false): Promise<void> {
  const pool = postgres.$client;
  const listener = listeners.get(pool);
  if (!listener) return Promise.resolve();
  return enqueue(listener, async () => {
    const client = listener.client;
    if (!client || (!always && claimListeners(pool) > 0)) return;
    listener.client = undefined;
    client.release(true);
  });
}
