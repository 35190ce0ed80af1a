import { type Column, sql } from 'drizzle-orm';
import type { claims } from '../../db/schema.ts';
import { type AnyDb, idList, relationalQueries } from '../../db/engine.ts';
import { asClaimant } from './claimant.ts';
import type { ClaimantRow } from './nodes.ts';

type ClaimRow = typeof claims.$inferSelect;
type Claimants = { actors: Map<number, ClaimantRow>; officials: Map<number, ClaimantRow> };

/**
 * A relational query's condition: the row's id is one of `ids`, bound as one parameter however many
 * there are (an answer can name more claims than either engine takes parameters).
 */
const idIn = (db: AnyDb, ids: Set<number>) => ({
  RAW: (table: { id: Column }) => sql`${table.id} in (select value from ${idList(db, [...ids])})`,
});

/** Rows by id; no statement when no id is named. */
async function byId<T extends { id: number }>(ids: Set<number>, load: () => Promise<T[]>): Promise<Map<number, T>> {
  return new Map(ids.size === 0 ? [] : (await load()).map((row) => [row.id, row]));
}

/**
 * The claims and claimants an aggregate's answer names, loaded on first use with one statement per
 * table for the whole answer (however many figures or pairs name them). Their relations (a claim's
 * article, an official's roles) load through the ORM plugin's batched fallback: one statement per
 * field for all of them.
 */
export class AnswerRows {
  #claims: Promise<Map<number, ClaimRow>> | undefined;
  #claimants: Promise<Claimants> | undefined;
  readonly #claimIds = new Set<number>();
  readonly #actorIds = new Set<number>();
  readonly #officialIds = new Set<number>();

  /**
   * `nameLater` names the answer's claims on first use instead of up front: a comparison's thousands of
   * figures name their reports and history only if the query asks for a claim or claimant.
   */
  constructor(
    private readonly db: AnyDb,
    private nameLater?: (rows: AnswerRows) => void,
  ) {}

  /** Names a claim (and its claimant) the answer may show. */
  add(claimId: number, claimant?: { actorId: number | null; officialId: number | null }) {
    this.#claimIds.add(claimId);
    if (claimant?.officialId != null) this.#officialIds.add(claimant.officialId);
    else if (claimant?.actorId != null) this.#actorIds.add(claimant.actorId);
  }

  #named() {
    const nameLater = this.nameLater;
    this.nameLater = undefined;
    nameLater?.(this);
  }

  async claim(id: number): Promise<ClaimRow> {
    if (!this.#claims) {
      this.#named();
      this.#claims = byId(this.#claimIds, () =>
        relationalQueries(this.db).claims.findMany({ where: idIn(this.db, this.#claimIds) }),
      );
    }
    const row = (await this.#claims).get(id);
    if (!row) throw new Error(`claim ${id} was not named to the answer's rows`);
    return row;
  }

  async claimant({
    actorId,
    officialId,
  }: {
    actorId: number | null;
    officialId: number | null;
  }): Promise<ClaimantRow | null> {
    if (!this.#claimants) {
      this.#named();
      this.#claimants = this.#loadClaimants();
    }
    const { actors, officials } = await this.#claimants;
    if (officialId !== null) return officials.get(officialId) ?? null;
    return actorId === null ? null : (actors.get(actorId) ?? null);
  }

  async #loadClaimants(): Promise<Claimants> {
    const queries = relationalQueries(this.db);
    const [actors, officials] = await Promise.all([
      byId(this.#actorIds, () => queries.actors.findMany({ where: idIn(this.db, this.#actorIds) })),
      byId(this.#officialIds, () => queries.officials.findMany({ where: idIn(this.db, this.#officialIds) })),
    ]);
    const as = (rows: Map<number, object>, typename: 'Actor' | 'Official') =>
      new Map([...rows].map(([id, row]) => [id, asClaimant(row, typename)!]));
    return { actors: as(actors, 'Actor'), officials: as(officials, 'Official') };
  }
}
