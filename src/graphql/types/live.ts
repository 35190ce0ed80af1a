import { and, sql } from 'drizzle-orm';
import { Repeater } from 'graphql-yoga';
import { claims } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { claimEvents, type CommittedClaims } from '../../store/claim-events.ts';
import { contradictionKey, contradictionsNaming } from '../aggregates/contradictions.ts';
import { builder, type Context } from '../builder.ts';
import { claimFilter, claimFilterSql, type ClaimFilterInput } from './claim-filter.ts';
import { Contradiction, type ContradictionShape } from './contradictions.ts';
import { AnswerRows } from './loaded-rows.ts';
import { sqliteOf } from '../sqlite-only.ts';

/**
 * Live updates, served over server-sent events (Yoga's built-in SSE; no WebSockets). Every
 * committed batch of new claims (a createClaim, an import) or changed ones (an update) is checked
 * against each subscription's filter with one SQL statement; what matches is then answered like
 * any query's result.
 */

builder.subscriptionType({
  description:
    'Live updates over server-sent events (`Accept: text/event-stream`): claims and contradictions as they are written.',
});

/**
 * For each committed batch of new or changed claims, what `pick` makes of it, one event per item.
 * Listening starts at once, not at the first pull: a claim committed between the subscribe and the
 * first pull of the stream would otherwise be missed.
 */
function eachCommitted<T>(ctx: Context, pick: (batch: CommittedClaims) => T[]): AsyncIterableIterator<T> {
  const events = claimEvents(sqliteOf(ctx, 'subscriptions').$client);
  const batches = events.subscribe('claimsCommitted');
  const closing = events.subscribe('closing');
  const items = new Repeater<T>(async (push, stop) => {
    void closing.next().then(() => stop());
    // The client went away (or the server closes): stop listening now, not at the next batch.
    void stop.then(() => Promise.all([batches.return(), closing.return()]));
    for await (const batch of batches) for (const item of pick(batch)) await push(item);
    stop();
  });
  let first: Promise<IteratorResult<T>> | undefined = items.next();
  return {
    next: () => {
      const pending = first ?? items.next();
      first = undefined;
      return pending;
    },
    return: (value?: unknown) => items.return(value as T),
    throw: (error?: unknown) => items.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Which of these claims the filter matches, in the order they were recorded: one statement, with
 * the ids as one JSON parameter (an import can commit more claims than SQLite takes parameters).
 */
function matchingClaims(db: Db, claimIds: number[], filter: ClaimFilterInput | null | undefined): number[] {
  const committed = sql`${claims.id} in (select value from json_each(${JSON.stringify(claimIds)}))`;
  return db
    .select({ id: claims.id })
    .from(claims)
    .where(and(committed, claimFilterSql(claims, filter)))
    .orderBy(claims.id)
    .all()
    .map((row) => row.id);
}

builder.subscriptionField('claimAdded', (t) =>
  t.drizzleField({
    type: 'claims',
    description:
      'Each new claim that matches the filter, once its write has committed: created by a mutation or by an import into this server.',
    args: { ...claimFilter.args },
    subscribe: (_root, args, ctx) =>
      eachCommitted(ctx, (batch) =>
        batch.created ? matchingClaims(sqliteOf(ctx, 'claimAdded'), batch.claimIds, args.filter) : [],
      ),
    // Loaded through the drizzle plugin like `Query.claims`, so whatever is selected beneath loads in one query.
    resolve: (query, claimId, _args, ctx) =>
      sqliteOf(ctx, 'claimAdded').query.claims.findFirst(query({ where: { id: claimId as number } })) as never,
  }),
);

builder.subscriptionField('contradictionDetected', (t) =>
  t.field({
    type: Contradiction,
    description:
      'Each new contradiction (by the rule of `Query.contradictions`, between claims matching the filter) that a newly written claim forms with another claim, or a changed claim (new figures, a new DENIES or CONTRADICTS relation) forms where it did not before.',
    args: { ...claimFilter.args },
    subscribe: (_root, args, ctx) =>
      eachCommitted(ctx, (batch) => {
        const before = batch.created ? new Set<string>() : batch.contradictionsBefore;
        const found = contradictionsNaming(sqliteOf(ctx, 'contradictionDetected'), args.filter, batch.claimIds).filter(
          (row) => !before.has(contradictionKey(row)),
        );
        const rows = new AnswerRows(sqliteOf(ctx, 'contradictionDetected'));
        return found.map((row): ContradictionShape => {
          rows.add(row.firstId);
          rows.add(row.secondId);
          return { ...row, rows };
        });
      }),
    resolve: (contradiction) => contradiction,
  }),
);
