import { getEventListeners } from 'node:events';
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { AnyDb } from '../db/engine.ts';

/** A database's connection (SQLite) or pool (PostgreSQL): what its channel is kept by. */
export type Connection = AnyDb['$client'];

/**
 * Claims that were just committed, announced to the subscriptions of the same process. One
 * channel per database (its connection, or its PostgreSQL pool), so that two servers (or two
 * tests) in one process never see each other's writes. Announced only after the commit: a
 * subscriber that reads the claims then finds them, and a rolled-back write announces nothing.
 * On SQLite a write by another process (a CLI import against the server's file) is not seen here;
 * on PostgreSQL every server's writes arrive through LISTEN (src/store/claim-notices.ts).
 */
export type CommittedClaims =
  | { created: true; claimIds: number[] }
  /** Changed claims, with the keys of the contradictions they formed before the change. */
  | { created: false; claimIds: number[]; contradictionsBefore: ReadonlySet<string> };

type ClaimEvents = { claimsCommitted: [batch: CommittedClaims]; closing: [] };

interface Channel {
  pubSub: PubSub<ClaimEvents>;
  target: EventTarget;
}

const channels = new WeakMap<object, Channel>();

export function claimEvents(connection: Connection): PubSub<ClaimEvents> {
  let channel = channels.get(connection);
  if (!channel) {
    const target = new EventTarget();
    channels.set(connection, (channel = { pubSub: createPubSub<ClaimEvents>({ eventTarget: target }), target }));
  }
  return channel.pubSub;
}

/** How many subscriptions listen for this database's new claims: a client that left must not count. */
export function claimListeners(connection: Connection): number {
  const channel = channels.get(connection);
  return channel ? getEventListeners(channel.target, 'claimsCommitted').length : 0;
}

/** Tells this process's subscriptions about a batch; once the transaction has committed. */
export function announceClaims(connection: Connection, batch: CommittedClaims) {
  // Nobody listening: no channel was ever made, and none is made now.
  if (batch.claimIds.length > 0) channels.get(connection)?.pubSub.publish('claimsCommitted', batch);
}

/**
 * Ends every subscription on this database (the server is shutting down, or PostgreSQL's
 * notifications stopped): each stream completes, so a graceful shutdown need not wait out its
 * grace period for streams that never finish.
 */
export function endClaimEvents(connection: Connection) {
  channels.get(connection)?.pubSub.publish('closing');
}
