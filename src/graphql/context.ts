import type { Db } from '../db/client.ts';

export interface Context {
  /** The database this request reads; tests hand in their own. */
  db: Db;
}
