import { readFileSync } from 'node:fs';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { type Dataset, type DatasetRecord, datasetSchema, type PeriodInput, type QuantityInput } from './format.ts';

export const exampleDatasetFile = new URL('./kursk-2024.json', import.meta.url);

export class DatasetError extends Error {
  constructor(readonly problems: string[]) {
    super(`the dataset is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DatasetError';
  }
}

type RecordType = DatasetRecord['type'];

/** Parses and checks a dataset: its shape, then that every key is unique and every reference points back to a record of the right type. */
export function parseDataset(input: unknown): Dataset {
  const parsed = datasetSchema.safeParse(input);
  if (!parsed.success) {
    throw new DatasetError(parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  }
  const problems: string[] = [];
  const seen = new Map<string, RecordType>();
  parsed.data.records.forEach((record, index) => {
    const at = `records[${index}]`;
    const expect = (field: string, ref: string | undefined, ...types: RecordType[]) => {
      if (ref === undefined) return;
      const found = seen.get(ref);
      if (!found) problems.push(`${at}.${field}: "${ref}" is not the key of an earlier record`);
      else if (!types.includes(found))
        problems.push(`${at}.${field}: "${ref}" is a ${found}, expected ${types.join(' or ')}`);
    };
    switch (record.type) {
      case 'actor':
      case 'region':
        expect('parent', record.parent, record.type);
        break;
      case 'official':
        record.roles.forEach((role, i) => expect(`roles[${i}].actor`, role.actor, 'actor'));
        break;
      case 'article':
        expect('outlet', record.outlet, 'actor');
        record.citedSources.forEach((source, i) => expect(`citedSources[${i}]`, source, 'actor'));
        break;
      case 'claim':
        expect('article', record.article, 'article');
        expect('claimant', record.claimant, 'official', 'actor');
        record.subjects.forEach((subject, i) => expect(`subjects[${i}]`, subject, 'actor'));
        expect('region', record.region, 'region');
        break;
      case 'territoryChange':
        expect('region', record.region, 'region');
        expect('gainedBy', record.gainedBy, 'actor');
        expect('lostBy', record.lostBy, 'actor');
        expect('claim', record.claim, 'claim');
        expect('article', record.article, 'article');
        break;
    }
    if (seen.has(record.key)) problems.push(`${at}.key: "${record.key}" is used by an earlier record`);
    else seen.set(record.key, record.type);
  });
  if (problems.length > 0) throw new DatasetError(problems);
  return parsed.data;
}

function formatPath(path: PropertyKey[]) {
  return (
    path.reduce<string>(
      (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
      '',
    ) || '(root)'
  );
}

const periodColumns = (period: PeriodInput | undefined) => ({
  periodStart: period?.start ?? null,
  periodEnd: period?.end ?? null,
  periodText: period?.text ?? null,
});

const quantityRow = (q: QuantityInput) => ({
  metric: q.metric,
  unit: q.unit ?? null,
  best: q.best ?? null,
  low: q.low ?? null,
  high: q.high ?? null,
  approximate: q.approximate,
  phrase: q.phrase ?? null,
});

/** Inserts a parsed dataset in one transaction: all of it, or nothing. Returns the number of records. */
export function insertDataset(db: Db, dataset: Dataset): number {
  db.transaction((tx) => {
    const ids = new Map<string, number>();
    const idOf = (k: string) => ids.get(k)!;
    const ref = (k: string | undefined) => (k === undefined ? null : idOf(k));
    const types = new Map<string, RecordType>();
    for (const record of dataset.records) {
      types.set(record.key, record.type);
      switch (record.type) {
        case 'actor': {
          const row = tx
            .insert(t.actors)
            .values({
              name: record.name,
              kind: record.kind,
              country: record.country ?? null,
              description: record.description ?? null,
              parentId: ref(record.parent),
            })
            .returning({ id: t.actors.id })
            .get();
          ids.set(record.key, row.id);
          break;
        }
        case 'official': {
          const row = tx
            .insert(t.officials)
            .values({
              name: record.name ?? null,
              description: record.description,
              anonymous: record.name === undefined,
            })
            .returning({ id: t.officials.id })
            .get();
          ids.set(record.key, row.id);
          if (record.roles.length > 0) {
            tx.insert(t.roles)
              .values(
                record.roles.map((role) => ({
                  officialId: row.id,
                  actorId: idOf(role.actor),
                  title: role.title,
                  since: role.since ?? null,
                  until: role.until ?? null,
                })),
              )
              .run();
          }
          break;
        }
        case 'region': {
          const row = tx
            .insert(t.regions)
            .values({
              name: record.name,
              kind: record.kind,
              country: record.country ?? null,
              parentId: ref(record.parent),
            })
            .returning({ id: t.regions.id })
            .get();
          ids.set(record.key, row.id);
          break;
        }
        case 'article': {
          const row = tx
            .insert(t.articles)
            .values({
              title: record.title,
              url: record.url ?? null,
              outletId: ref(record.outlet),
              publishedAt: record.publishedAt ? new Date(record.publishedAt).toISOString() : null,
              summary: record.summary ?? null,
            })
            .returning({ id: t.articles.id })
            .get();
          ids.set(record.key, row.id);
          const sources = [...new Set(record.citedSources)];
          if (sources.length > 0) {
            tx.insert(t.articleCitedSources)
              .values(sources.map((source) => ({ articleId: row.id, actorId: idOf(source) })))
              .run();
          }
          break;
        }
        case 'claim': {
          const claimant = record.claimant;
          const claimantType = claimant === undefined ? undefined : types.get(claimant);
          const row = tx
            .insert(t.claims)
            .values({
              articleId: idOf(record.article),
              statement: record.statement,
              kind: record.kind,
              attribution: record.attribution,
              claimantActorId: claimantType === 'actor' ? ref(claimant) : null,
              claimantOfficialId: claimantType === 'official' ? ref(claimant) : null,
              regionId: ref(record.region),
              ...periodColumns(record.period),
            })
            .returning({ id: t.claims.id })
            .get();
          ids.set(record.key, row.id);
          const subjects = [...new Set(record.subjects)];
          if (subjects.length > 0) {
            tx.insert(t.claimSubjects)
              .values(subjects.map((subject) => ({ claimId: row.id, actorId: idOf(subject) })))
              .run();
          }
          if (record.quantities.length > 0) {
            tx.insert(t.quantities)
              .values(record.quantities.map((q) => ({ ...quantityRow(q), claimId: row.id })))
              .run();
          }
          break;
        }
        case 'territoryChange': {
          const row = tx
            .insert(t.territoryChanges)
            .values({
              regionId: idOf(record.region),
              gainedById: ref(record.gainedBy),
              lostById: ref(record.lostBy),
              claimId: ref(record.claim),
              articleId: ref(record.article),
              ...periodColumns(record.period),
            })
            .returning({ id: t.territoryChanges.id })
            .get();
          ids.set(record.key, row.id);
          if (record.amount.length > 0) {
            tx.insert(t.quantities)
              .values(record.amount.map((q) => ({ ...quantityRow(q), territoryChangeId: row.id })))
              .run();
          }
          break;
        }
      }
    }
  });
  return dataset.records.length;
}

/** Tables in an order that deletes children before the rows they point at. */
const tablesChildrenFirst = [
  t.quantities,
  t.territoryChanges,
  t.claimSubjects,
  t.claims,
  t.articleCitedSources,
  t.articles,
  t.roles,
  t.officials,
  t.regions,
  t.actors,
];

/** Replaces everything in the database with the dataset, in one transaction. */
export function replaceWithDataset(db: Db, dataset: Dataset): number {
  return db.transaction((tx) => {
    // Self-references (parents) are cleared first so each table empties in one statement.
    tx.update(t.actors).set({ parentId: null }).run();
    tx.update(t.regions).set({ parentId: null }).run();
    for (const table of tablesChildrenFirst) tx.delete(table).run();
    return insertDataset(tx as unknown as Db, dataset);
  });
}

export function isEmpty(db: Db): boolean {
  return (
    !db.select({ id: t.actors.id }).from(t.actors).limit(1).get() &&
    !db.select({ id: t.articles.id }).from(t.articles).limit(1).get()
  );
}

export function readDatasetFile(file: string | URL): Dataset {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DatasetError([`${String(file)}: ${(error as Error).message}`]);
  }
  return parseDataset(json);
}
