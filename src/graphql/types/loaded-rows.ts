import { inArray } from 'drizzle-orm';
import { actors, claims, officials } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { asClaimant } from './claimant.ts';
import type { ClaimantRow } from './nodes.ts';

type ClaimRow = typeof claims.$inferSelect;

/**
 * The claims and claimants an aggregate's answer names, loaded on first use with one statement per
 * table for the whole answer (however many figures or pairs name them). Their relations (a claim's
 * article, an official's roles) load through the ORM plugin's batched fallback: one statement per
 * field for all of them.
 */
export class AnswerRows {
  #claims: Map<number, ClaimRow> | undefined;
  #actors: Map<number, ClaimantRow> | undefined;
  #officials: Map<number, ClaimantRow> | undefined;
  readonly #claimIds = new Set<number>();
  readonly #actorIds = new Set<number>();
  readonly #officialIds = new Set<number>();

  /**
   * `nameLater` names the answer's claims on first use instead of up front: a comparison's thousands of
   * figures name their reports and history only if the query asks for a claim or claimant.
   */
  constructor(
    private readonly db: Db,
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

  claim(id: number): ClaimRow {
    if (!this.#claims) {
      this.#named();
      this.#claims = new Map(
        this.#claimIds.size === 0
          ? []
          : this.db
              .select()
              .from(claims)
              .where(inArray(claims.id, [...this.#claimIds]))
              .all()
              .map((row) => [row.id, row]),
      );
    }
    const row = this.#claims.get(id);
    if (!row) throw new Error(`claim ${id} was not named to the answer's rows`);
    return row;
  }

  claimant({ actorId, officialId }: { actorId: number | null; officialId: number | null }): ClaimantRow | null {
    if (!this.#actors || !this.#officials) {
      this.#named();
      const load = <T extends { id: number }>(ids: Set<number>, read: (ids: number[]) => T[]) =>
        ids.size === 0 ? [] : read([...ids]);
      this.#actors = new Map(
        load(this.#actorIds, (ids) => this.db.select().from(actors).where(inArray(actors.id, ids)).all()).map((row) => [
          row.id,
          asClaimant(row, 'Actor')!,
        ]),
      );
      this.#officials = new Map(
        load(this.#officialIds, (ids) => this.db.select().from(officials).where(inArray(officials.id, ids)).all()).map(
          (row) => [row.id, asClaimant(row, 'Official')!],
        ),
      );
    }
    if (officialId !== null) return this.#officials.get(officialId) ?? null;
    return actorId === null ? null : (this.#actors.get(actorId) ?? null);
  }
}
