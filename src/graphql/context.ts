import type { AnyDb } from '../db/engine.ts';

export interface Context {
  /**
   * The database this request runs on; tests hand in their own. With a read replica, a query's is
   * the replica, a mutation's or subscription's the primary (src/server/read-replica.ts).
   */
  db: AnyDb;
}
