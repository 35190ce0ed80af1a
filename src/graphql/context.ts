import type { AnyDb } from '../db/engine.ts';

export interface Context {
  /** The database this request reads; tests hand in their own. */
  db: AnyDb;
}
