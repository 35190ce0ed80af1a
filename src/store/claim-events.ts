import type Database from 'better-sqlite3';
import { createPubSub, type PubSub } from 'graphql-yoga';

/**
 * Claims that were just committed, announced to the subscriptions of the same process. One
 * channel per database connection, so that two servers (or two tests) in one process never see
 * each other's writes. Announced only after the commit: a subscriber that reads the claims
 * then finds them, and a rolled-back write announces nothing. A write by another process (a CLI
 * import against the server's file) is not seen here.
 */
type ClaimEvents = { claimsCommitted: [claimIds: number[]]; closing: [] };

const channels = new WeakMap<Database.Database, PubSub<ClaimEvents>>();

export function claimEvents(sqlite: Database.Database): PubSub<ClaimEvents> {
  let channel = channels.get(sqlite);
  if (!channel) channels.set(sqlite, (channel = createPubSub<ClaimEvents>()));
  return channel;
}

/** Tells the subscriptions that these claims were created; call it once the transaction has committed. */
export function announceCommittedClaims(sqlite: Database.Database, claimIds: number[]) {
  // Nobody listening: no channel was ever made, and none is made now.
  if (claimIds.length > 0) channels.get(sqlite)?.publish('claimsCommitted', claimIds);
}

/**
 * Ends every subscription on this database (the server is shutting down): each stream completes,
 * so a graceful shutdown need not wait out its grace period for streams that never finish.
 */
export function endClaimEvents(sqlite: Database.Database) {
  channels.get(sqlite)?.publish('closing');
}
