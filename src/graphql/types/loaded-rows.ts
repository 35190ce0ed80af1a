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
  #claimants: Map<string, ClaimantRow> | undefined;
  readonly #claimIds = new Set<number>();
  readonly #actorIds = new Set<number>();
  readonly #officialIds = new Set<number>();

  constructor(private readonly db: Db) {}

  /** Names a claim (and its claimant) the answer may show. */
  add(claimId: number, claimant?: { actorId: number | null; officialId: number | null }) {
    this.#claimIds.add(claimId);
    if (claimant?.officialId != null) this.#officialIds.add(claimant.officialId);
    else if (claimant?.actorId != null) this.#actorIds.add(claimant.actorId);
  }

  claim(id: number): ClaimRow {
    this.#claims ??= new Map(
      this.#claimIds.size === 0
        ? []
        : this.db
            .select()
            .from(claims)
            .where(inArray(claims.id, [...this.#claimIds]))
            .all()
            .map((row) => [row.id, row]),
    );
    const row = this.#claims.get(id);
    if (!row) throw new Error(`claim ${id} was not named to the answer's rows`);
    return row;
  }

  claimant({ actorId, officialId }: { actorId: number | null; officialId: number | null }): ClaimantRow | null {
    if (!this.#claimants) {
      const load = <T extends { id: number }>(ids: Set<number>, read: (ids: number[]) => T[]) =>
        ids.size === 0 ? [] : read([...ids]);
      this.#claimants = new Map([
        ...load(this.#actorIds, (ids) => this.db.select().from(actors).where(inArray(actors.id, ids)).all()).map(
          (row) => [`actor:${row.id}`, asClaimant(row, 'Actor')!] as const,
        ),
        ...load(this.#officialIds, (ids) =>
          this.db.select().from(officials).where(inArray(officials.id, ids)).all(),
        ).map((row) => [`official:${row.id}`, asClaimant(row, 'Official')!] as const),
      ]);
    }
    if (officialId !== null) return this.#claimants.get(`official:${officialId}`) ?? null;
    return actorId === null ? null : (this.#claimants.get(`actor:${actorId}`) ?? null);
  }
}
