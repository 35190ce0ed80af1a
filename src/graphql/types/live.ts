import { and, sql } from 'drizzle-orm';
import { Repeater } from 'graphql-yoga';
import { claims } from '../../db/schema.ts';
import { type AnyDb, allRows, idList, isPostgres, relationalQueries } from '../../db/engine.ts';
import { claimEvents, type CommittedClaims } from '../../store/claim-events.ts';
import { listenForClaims, stopListening } from '../../store/claim-notices.ts';
import { contradictionKey, contradictionsNaming } from '../aggregates/contradictions.ts';
import { builder, type Context } from '../builder.ts';
import { claimFilter, claimFilterSql, type ClaimFilterInput } from './claim-filter.ts';
import { Contradiction, type ContradictionShape } from './contradictions.ts';
import { AnswerRows } from './loaded-rows.ts';

/**
 * Live updates, served over server-sent events (Yoga's built-in SSE; no WebSockets). Every
 * committed batch of new claims (a createClaim, an import) or changed ones (an update) is checked
 * against each subscription's filter with one SQL statement; what matches is then answered like
 * any query's result. With a read replica they run on the primary (src/server/read-replica.ts).
 */

builder.subscriptionType({
  description:
    'Live updates over server-sent events (`Accept: text/event-stream`): claims and contradictions as they are written.',
});

/**
 * For each committed batch of new or changed claims, what `pick` makes of it, one event per item.
 * Listening starts at once, not at the first pull: a claim committed between the subscribe and the
 * first pull of the stream would otherwise be missed. On PostgreSQL, once the server LISTENs.
 */
async function eachCommitted<T>(
  db: AnyDb,
  pick: (batch: CommittedClaims) => Promise<T[]>,
): Promise<AsyncIterableIterator<T>> {
  if (isPostgres(db)) await listenForClaims(db);
  const events = claimEvents(db.$client);
  const batches = events.subscribe('claimsCommitted');
  const closing = events.subscribe('closing');
  const items = new Repeater<T>(async (push, stop) => {
    void closing.next().then(() => stop());
    // The client went away (or the server closes): stop listening now, not at the next batch.
    void stop.then(async () => {
      await Promise.all([batches.return(), closing.return()]);
      if (isPostgres(db)) await stopListening(db);
    });
    for await (const batch of batches) for (const item of await pick(batch)) await push(item);
    stop();
  });
  let first: Promise<IteratorResult<T>> | undefined = items.next();
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      const pending = first ?? items.next();
      first = undefined;
      return pending;
    },
    return: (value?: unknown) => items.return(value as T),
    throw: (error?: unknown) => items.throw(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * Which of these claims the filter matches, in the order they were recorded: one statement, with
 * the ids as one parameter (an import can commit more claims than SQLite takes parameters).
 */
async function matchingClaims(db: AnyDb, claimIds: number[], filter: ClaimFilterInput | null | undefined) {
  const committed = sql`${claims.id} in (select value from ${idList(db, claimIds)})`;
  const where = and(committed, claimFilterSql(claims, filter));
  const rows = await allRows<{ id: number }>(
    db,
    sql`select ${claims.id} as id from ${claims} where ${where} order by ${claims.id}`,
  );
  return rows.map((row) => row.id);
}

builder.subscriptionField('claimAdded', (t) =>
  t.drizzleField({
    type: 'claims',
    description:
      'Each new claim that matches the filter, once its write has committed: created by a mutation or by an import into this server.',
    args: { ...claimFilter.args },
    subscribe: (_root, args, ctx) =>
      eachCommitted(ctx.db, async (batch) =>
        batch.created ? matchingClaims(ctx.db, batch.claimIds, args.filter) : [],
      ),
    // Loaded through the drizzle plugin like `Query.claims`, so whatever is selected beneath loads in one query.
    resolve: (query, claimId, _args, ctx) =>
      relationalQueries(ctx.db).claims.findFirst(query({ where: { id: claimId as number } })) as never,
  }),
);

builder.subscriptionField('contradictionDetected', (t) =>
  t.field({
    type: Contradiction,
    description:
      'Each new contradiction (by the rule of `Query.contradictions`, between claims matching the filter) that a newly written claim forms with another claim, or a changed claim (new figures, a new DENIES or CONTRADICTS relation) forms where it did not before.',
    args: { ...claimFilter.args },
    subscribe: (_root, args, ctx) =>
      eachCommitted(ctx.db, async (batch) => {
        const before = batch.created ? new Set<string>() : batch.contradictionsBefore;
        const found = (await contradictionsNaming(ctx.db, args.filter, batch.claimIds)).filter(
          (row) => !before.has(contradictionKey(row)),
        );
        const rows = new AnswerRows(ctx.db);
        return found.map((row): ContradictionShape => {
          rows.add(row.firstId);
          rows.add(row.secondId);
          return { ...row, rows };
        });
      }),
    resolve: (contradiction) => contradiction,
  }),
);
