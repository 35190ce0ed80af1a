import { getEventListeners } from 'node:events';
import type Database from 'better-sqlite3';
import { createPubSub, type PubSub } from 'graphql-yoga';

/**
 * Claims that were just committed, announced to the subscriptions of the same process. One
 * channel per database connection, so that two servers (or two tests) in one process never see
 * each other's writes. Announced only after the commit: a subscriber that reads the claims
 * then finds them, and a rolled-back write announces nothing. A write by another process (a CLI
 * import against the server's file) is not seen here.
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

const channels = new WeakMap<Database.Database, Channel>();

export function claimEvents(sqlite: Database.Database): PubSub<ClaimEvents> {
  let channel = channels.get(sqlite);
  if (!channel) {
    const target = new EventTarget();
    channels.set(sqlite, (channel = { pubSub: createPubSub<ClaimEvents>({ eventTarget: target }), target }));
  }
  return channel.pubSub;
}

/** How many subscriptions listen for this database's new claims: a client that left must not count. */
export function claimListeners(sqlite: Database.Database): number {
  const channel = channels.get(sqlite);
  return channel ? getEventListeners(channel.target, 'claimsCommitted').length : 0;
}

/** Tells the subscriptions that these claims were created; call it once the transaction has committed. */
export function announceCommittedClaims(sqlite: Database.Database, claimIds: number[]) {
  // Nobody listening: no channel was ever made, and none is made now.
  if (claimIds.length > 0) channels.get(sqlite)?.pubSub.publish('claimsCommitted', { created: true, claimIds });
}

/** Tells the subscriptions that these claims changed, and which contradictions held before; after the commit. */
export function announceChangedClaims(
  sqlite: Database.Database,
  claimIds: number[],
  contradictionsBefore: ReadonlySet<string>,
) {
  if (claimIds.length > 0)
    channels.get(sqlite)?.pubSub.publish('claimsCommitted', { created: false, claimIds, contradictionsBefore });
}

/**
 * Ends every subscription on this database (the server is shutting down): each stream completes,
 * so a graceful shutdown need not wait out its grace period for streams that never finish.
 */
export function endClaimEvents(sqlite: Database.Database) {
  channels.get(sqlite)?.pubSub.publish('closing');
}
