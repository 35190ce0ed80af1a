import { existsSync, renameSync, rmSync } from 'node:fs';
import { getColumns, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.ts';
import { pauseSearchIndexing } from '../../src/db/search-indexing.ts';
import * as t from '../../src/db/schema.ts';
import { inferredShape } from '../../src/model/fields.ts';
import { Random } from './random.ts';
import * as text from './text.ts';
import { keepClaimFigures } from '../../src/store/claim-figures.ts';

export interface GenerateOptions {
  claims: number;
  seed: number;
  /** Called about once a second while rows go in, and once at the end. */
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  claims: number;
  rows: number;
  rowsByTable: Record<string, number>;
  elapsedMs: number;
  done: boolean;
}

/** Where `npm run bench:data` puts a database of this size and seed unless told otherwise. */
export const defaultBenchFile = (claims: number, seed: number) => `./data/bench/claims-${claims}-seed-${seed}.db`;

/**
 * Builds a bench database of `claims` claims into `file`: a fresh file made by the real migrations,
 * filled through the real schema by drizzle prepared inserts in large transactions. The same seed
 * gives the same rows. The file appears only once it is complete.
 */
export function buildBenchDatabase(file: string, options: GenerateOptions): Progress {
  const building = `${file}.building`;
  removeDatabaseFiles(building);
  const db = openDatabase(building);
  let progress: Progress;
  try {
    // Only for the bulk load of a file nobody else has open yet: a crash leaves the .building file, never `file`.
    db.$client.pragma('synchronous = OFF');
    db.$client.pragma('cache_size = -262144');
    const indexing = pauseSearchIndexing(db.$client);
    progress = fill(db, options);
    indexing.resume();
    // Worked out here, once, so that no target's first start-up pays for it.
    keepClaimFigures(db.$client);
  } finally {
    closeDatabase(db);
  }
  removeDatabaseFiles(file);
  renameSync(building, file);
  return progress;
}

export function removeDatabaseFiles(file: string) {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
}

/** One prepared INSERT per table, its values bound by column key, so every row goes through the schema's columns. */
function inserter<T extends SQLiteTable>(db: Db, table: T, count: (n: number) => void) {
  const columns = Object.entries(getColumns(table));
  const values = Object.fromEntries(columns.map(([key]) => [key, sql.placeholder(key)]));
  // A column the generator does not set gets its default (null when it has none), as an insert would.
  const defaults = Object.fromEntries(columns.map(([key, column]) => [key, column.default ?? null]));
  const statement = db
    .insert(table)
    .values(values as never)
    .prepare();
  return (row: Record<string, string | number | null>) => {
    statement.run({ ...defaults, ...row });
    count(1);
  };
}

const day = 86_400_000;
const start2022 = Date.UTC(2022, 0, 1);
const end2024 = Date.UTC(2024, 11, 31, 23, 59, 59);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface ActorInfo {
  id: number;
  name: string;
  kind: t.ActorKind;
}

function fill(db: Db, { claims: claimCount, seed, onProgress }: GenerateOptions): Progress {
  const random = new Random(seed);
  const started = performance.now();
  const rowsByTable: Record<string, number> = {};
  let rows = 0;
  let claimsDone = 0;
  let lastReport = started;
  const progress = (done: boolean): Progress => ({
    claims: claimsDone,
    rows,
    rowsByTable: { ...rowsByTable },
    elapsedMs: performance.now() - started,
    done,
  });
  const counter = (table: string) => (n: number) => {
    rows += n;
    rowsByTable[table] = (rowsByTable[table] ?? 0) + n;
  };
  const insert = {
    actor: inserter(db, t.actors, counter('actors')),
    official: inserter(db, t.officials, counter('officials')),
    role: inserter(db, t.roles, counter('roles')),
    region: inserter(db, t.regions, counter('regions')),
    article: inserter(db, t.articles, counter('articles')),
    citedSource: inserter(db, t.articleCitedSources, counter('article_cited_sources')),
    claim: inserter(db, t.claims, counter('claims')),
    subject: inserter(db, t.claimSubjects, counter('claim_subjects')),
    territoryChange: inserter(db, t.territoryChanges, counter('territory_changes')),
    quantity: inserter(db, t.quantities, counter('quantities')),
  };
  const transaction = <A extends unknown[]>(fn: (...args: A) => void) => db.$client.transaction(fn);

  // ---------------------------------------------------------------- actors: a few hundred
  const actors: ActorInfo[] = [];
  const states: ActorInfo[] = [];
  const speakers: ActorInfo[] = []; // bodies that make claims and hold roles
  const fighters: ActorInfo[] = []; // bodies that claims are about
  const outlets: ActorInfo[] = [];
  const addActor = (
    name: string,
    kind: t.ActorKind,
    country: string | null,
    parentId: number | null,
    description: string | null,
  ) => {
    const actor = { id: actors.length + 1, name, kind };
    insert.actor({ id: actor.id, name, kind, country, description, parentId });
    actors.push(actor);
    return actor;
  };
  const uniqueNames = new Set<string>();
  const unique = (make: () => string, scope: string) => {
    for (;;) {
      const name = make();
      if (!uniqueNames.has(`${scope}|${name}`)) {
        uniqueNames.add(`${scope}|${name}`);
        return name;
      }
    }
  };

  transaction(() => {
    for (const [name, code] of text.countries) {
      const state = addActor(name, 'STATE', code, null, `The state of ${name}.`);
      states.push(state);
      speakers.push(state);
      fighters.push(state);
      for (const body of ['Ministry of Defence', 'Presidential Office', 'Foreign Ministry']) {
        speakers.push(addActor(`${body} of ${name}`, 'GOVERNMENT', code, state.id, null));
      }
      const army = addActor(`Armed Forces of ${name}`, 'MILITARY', code, state.id, `The armed forces of ${name}.`);
      speakers.push(army);
      fighters.push(army);
      for (let i = 0; i < 12; i++) {
        const unit = addActor(
          unique(() => text.unitName(random), code),
          'MILITARY',
          code,
          army.id,
          random.chance(0.5) ? `A unit of the armed forces of ${name}.` : null,
        );
        speakers.push(unit);
        fighters.push(unit);
      }
    }
    for (let i = 0; i < 60; i++) {
      const [, code] = random.pick(text.countries);
      outlets.push(
        addActor(
          unique(() => text.outletName(random), code),
          'MEDIA',
          code,
          null,
          'A news outlet.',
        ),
      );
    }
    for (const name of text.organizations) {
      speakers.push(addActor(name, 'ORGANIZATION', null, null, random.chance(0.5) ? `${name}.` : null));
    }
    for (const name of text.groups) speakers.push(addActor(name, 'GROUP', null, null, null));
  })();
  // A few states and their forces do most of the fighting and most of the talking.
  shuffle(random, fighters);
  shuffle(random, speakers);

  // ---------------------------------------------------------------- officials with roles
  const officials: { id: number; label: string }[] = [];
  let roleId = 0;
  // An unnamed official's natural key is their description and the body of their first role (src/store/store.ts),
  // so two unnamed officials of one body must be described apart, as the API and the importer require.
  // Chosen by count, not drawn, so the random stream and every other row stay as they were.
  const unnamedPerBody = new Map<number, number>();
  const anonymousDescription = (employer: ActorInfo) => {
    const n = unnamedPerBody.get(employer.id) ?? 0;
    unnamedPerBody.set(employer.id, n + 1);
    const who = text.unnamedOfficials[n % text.unnamedOfficials.length]!;
    const which = Math.floor(n / text.unnamedOfficials.length);
    return `${who} of ${employer.name}${which === 0 ? '' : ` (source ${which + 1})`}`;
  };
  transaction(() => {
    for (let id = 1; id <= 400; id++) {
      const employer = speakers[random.skewed(speakers.length, 1.5)]!;
      const title = random.pick(text.roleTitles);
      const anonymous = random.chance(0.2);
      const name = anonymous ? null : personName(random, uniqueNames);
      const description = anonymous ? anonymousDescription(employer) : `${title} of ${employer.name}`;
      insert.official({ id, name, description, anonymous: anonymous ? 1 : 0 });
      officials.push({ id, label: name ?? description });
      const roleCount = anonymous ? 1 : random.between(1, 2);
      for (let r = 0; r < roleCount; r++) {
        const actor = r === 0 ? employer : random.pick(speakers);
        const since = start2022 - random.int(8 * 365) * day;
        const until = random.chance(0.3) ? since + random.between(30, 3 * 365) * day : null;
        insert.role({
          id: ++roleId,
          officialId: id,
          actorId: actor.id,
          title: r === 0 ? title : random.pick(text.roleTitles),
          since: random.chance(0.8) ? isoDay(since) : null,
          until: until === null ? null : isoDay(until),
        });
      }
    }
  })();

  // ---------------------------------------------------------------- regions: a few thousand, four levels
  interface RegionInfo {
    id: number;
    name: string;
    province: string;
  }
  const provinces: RegionInfo[] = [];
  const districts: RegionInfo[] = [];
  const settlements: RegionInfo[] = [];
  let regionId = 0;
  const addRegion = (name: string, kind: t.RegionKind, country: string, parentId: number | null) => {
    insert.region({ id: ++regionId, name, kind, country, parentId });
    return regionId;
  };
  transaction(() => {
    for (const [name, code] of text.countries) {
      const countryId = addRegion(name, 'COUNTRY', code, null);
      for (const zone of ['Border Zone', 'Northern Front']) addRegion(`${name} ${zone}`, 'OTHER', code, countryId);
      for (let p = 0; p < 6; p++) {
        const provinceName = `${unique(() => text.placeName(random), `region:${countryId}`)} Province`;
        const provinceId = addRegion(provinceName, 'PROVINCE', code, countryId);
        provinces.push({ id: provinceId, name: provinceName, province: provinceName });
        for (let d = 0; d < 8; d++) {
          const districtName = `${unique(() => text.placeName(random), `region:${provinceId}`)} District`;
          const districtId = addRegion(districtName, 'DISTRICT', code, provinceId);
          districts.push({ id: districtId, name: districtName, province: provinceName });
          for (let s = 0; s < 4; s++) {
            const settlementName = unique(() => text.placeName(random), `region:${districtId}`);
            settlements.push({
              id: addRegion(settlementName, 'SETTLEMENT', code, districtId),
              name: settlementName,
              province: provinceName,
            });
          }
        }
      }
    }
  })();
  // The front runs through a few provinces: shuffle so that the skew picks a random few.
  for (const list of [provinces, districts, settlements]) shuffle(random, list);
  const pickRegion = (): RegionInfo | null => {
    if (random.chance(0.08)) return null;
    const level = random.weighted({ settlement: 5, district: 3, province: 2 });
    const list = level === 'settlement' ? settlements : level === 'district' ? districts : provinces;
    return list[random.skewed(list.length)]!;
  };

  // ---------------------------------------------------------------- articles, claims and what hangs off them
  const span = end2024 - start2022;
  const expectedArticles = Math.max(1, Math.round(claimCount / 8));
  let articleId = 0;
  let claimId = 0;
  let changeId = 0;
  let quantityId = 0;

  const addQuantity = (owner: { claimId: number | null; territoryChangeId: number | null }, metric: t.Metric) =>
    insert.quantity({ id: ++quantityId, ...owner, metric, ...shaped(quantity(random, metric)) });

  const addArticle = () => {
    const id = ++articleId;
    // Articles are coded in publication order; a few minutes to a few days apart.
    const publishedMs = Math.min(end2024, start2022 + Math.floor(((id - 1 + random.next()) / expectedArticles) * span));
    const publishedAt = new Date(Math.floor(publishedMs / 1000) * 1000).toISOString();
    const place = settlements[random.skewed(settlements.length)]!;
    const subject = fighters[random.skewed(fighters.length)]!;
    const outlet = outlets[random.skewed(outlets.length, 1.6)]!;
    insert.article({
      id,
      title: text.articleTitle(random, subject.name, place.name),
      url: random.chance(0.95) ? `https://news.example.org/${outlet.id}/${id}` : null,
      outletId: random.chance(0.97) ? outlet.id : null,
      publishedAt,
      summary: random.chance(0.9) ? text.articleSummary(random, subject.name, place.name, place.province) : null,
    });
    const cited = random.chance(0.45) ? random.distinctSkewed(outlets.length, random.between(1, 2)) : [];
    for (const index of cited) {
      if (outlets[index]!.id !== outlet.id) insert.citedSource({ articleId: id, actorId: outlets[index]!.id });
    }
    return { id, publishedMs };
  };

  const addClaim = (article: { id: number; publishedMs: number }) => {
    const id = ++claimId;
    const kind = random.weighted(claimKindWeights);
    const attribution = random.weighted(attributionWeights);
    const claimantKind = random.weighted({ official: 50, actor: 40, none: 10 });
    const official = claimantKind === 'official' ? officials[random.skewed(officials.length)]! : null;
    const actor = claimantKind === 'actor' ? speakers[random.skewed(speakers.length)]! : null;
    const region = pickRegion();
    const subjectCount = Number(random.weighted({ 1: 50, 2: 35, 3: 15 }));
    const subjects = random.distinctSkewed(fighters.length, subjectCount).map((i) => fighters[i]!);
    let periodStart: string | null = null;
    let periodEnd: string | null = null;
    if (random.chance(0.65)) {
      const startMs = article.publishedMs - random.int(31) * day;
      periodStart = isoDay(startMs);
      if (random.chance(0.7))
        periodEnd = isoDay(startMs + random.int(Math.floor((article.publishedMs - startMs) / day) + 1) * day);
    }
    const periodText = random.chance(0.5) ? random.pick(text.periodTexts) : null;
    const metricsOfClaim = claimMetrics(random, kind);
    // The claim row goes in first; its quantities reference it, and the statement quotes the first of them.
    const quantityRows = metricsOfClaim.map((metric) => ({ metric, ...quantity(random, metric) }));
    const numbers = quantityRows[0] ? quantityWords(quantityRows[0]) : null;
    const statement = text.claimStatement(random, {
      kind,
      speaker: official?.label ?? actor?.name ?? null,
      subject: subjects[0]!.name,
      place: region?.name ?? null,
      numbers,
      periodText,
      rare: id === 7 || random.chance(1 / 25_000),
    });
    insert.claim({
      id,
      articleId: article.id,
      statement,
      kind,
      attribution,
      claimantActorId: actor?.id ?? null,
      claimantOfficialId: official?.id ?? null,
      regionId: region?.id ?? null,
      periodStart,
      periodEnd,
      periodText,
    });
    for (const subject of subjects) insert.subject({ claimId: id, actorId: subject.id });
    for (const q of quantityRows)
      insert.quantity({ id: ++quantityId, claimId: id, territoryChangeId: null, ...shaped(q) });
    if (kind === 'TERRITORY' && region && random.chance(0.7)) {
      const [gained, lost] = random.distinctSkewed(fighters.length, 2).map((i) => fighters[i]!);
      const changeIdNow = ++changeId;
      insert.territoryChange({
        id: changeIdNow,
        regionId: region.id,
        gainedById: gained?.id ?? null,
        lostById: lost && lost.id !== gained?.id ? lost.id : null,
        claimId: id,
        articleId: article.id,
        periodStart,
        periodEnd,
        periodText,
      });
      if (random.chance(0.5)) addQuantity({ claimId: null, territoryChangeId: changeIdNow }, 'AREA_KM2');
      if (random.chance(0.2)) addQuantity({ claimId: null, territoryChangeId: changeIdNow }, 'SHARE');
    }
    claimsDone = id;
  };

  // Each transaction holds a few thousand articles with all their claims: large, but the WAL stays bounded.
  const articleBatch = transaction((articles: number) => {
    for (let i = 0; i < articles && claimId < claimCount; i++) {
      const article = addArticle();
      const perArticle = Math.min(claimCount - claimId, claimsPerArticle(random));
      for (let c = 0; c < perArticle; c++) addClaim(article);
    }
  });
  while (claimId < claimCount) {
    articleBatch(2_000);
    const now = performance.now();
    if (onProgress && now - lastReport >= 1000) {
      lastReport = now;
      onProgress(progress(false));
    }
  }
  const final = progress(true);
  onProgress?.(final);
  return final;
}

function shuffle<T>(random: Random, items: T[]) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function personName(random: Random, taken: Set<string>) {
  for (;;) {
    const name = text.personName(random);
    if (!taken.has(`person|${name}`)) {
      taken.add(`person|${name}`);
      return name;
    }
  }
}

/** 1 to 16 claims, 8 on average. */
function claimsPerArticle(random: Random) {
  return random.chance(0.5) ? random.between(1, 9) : random.between(6, 16);
}

const claimKindWeights = {
  CASUALTIES: 25,
  MILITARY_ACTIVITY: 25,
  TERRITORY: 12,
  DEPLOYMENT: 10,
  ASSESSMENT: 12,
  FORECAST: 6,
  CONCEALMENT: 3,
  OTHER: 7,
} satisfies Record<t.ClaimKind, number>;

const attributionWeights = {
  STATED: 35,
  CLAIMED: 25,
  REPORTED: 15,
  CONFIRMED: 8,
  ESTIMATED: 12,
  SPECULATED: 5,
} satisfies Record<t.Attribution, number>;

const casualtyMetrics: t.Metric[] = ['KILLED', 'WOUNDED', 'KILLED_OR_WOUNDED', 'CAPTURED', 'MISSING'];

/** 0 to 3 metrics, by what the claim is about. */
function claimMetrics(random: Random, kind: t.ClaimKind): t.Metric[] {
  switch (kind) {
    case 'CASUALTIES': {
      const count = random.weighted({ 1: 50, 2: 35, 3: 15 });
      const chosen = new Set<t.Metric>();
      while (chosen.size < Number(count)) chosen.add(random.pick(casualtyMetrics));
      return [...chosen];
    }
    case 'DEPLOYMENT':
      return random.chance(0.8) ? ['DEPLOYED'] : [];
    case 'TERRITORY':
      return random.chance(0.5) ? [random.chance(0.7) ? 'AREA_KM2' : 'SHARE'] : [];
    case 'MILITARY_ACTIVITY':
      return random.chance(0.3) ? ['OTHER'] : [];
    default:
      return random.chance(0.05) ? ['OTHER'] : [];
  }
}

interface QuantityValues {
  unit: string | null;
  best: number | null;
  low: number | null;
  high: number | null;
  approximate: number;
  phrase: string | null;
}

const units: Record<t.Metric, string> = {
  KILLED: 'soldiers',
  WOUNDED: 'soldiers',
  KILLED_OR_WOUNDED: 'troops',
  CAPTURED: 'prisoners',
  MISSING: 'servicemen',
  DEPLOYED: 'troops',
  AREA_KM2: 'km2',
  SHARE: 'of the contested territory',
  LOSSES: 'troops',
  OTHER: 'strikes',
};

/** A number as a source gives it: exact, a range, a bound, an approximation, or only words. */
/** A generated figure with the shape its wording has, as the importer would infer it. */
const shaped = (q: QuantityValues) => ({
  ...q,
  shape: q.phrase?.startsWith('over ') ? 'MORE_THAN' : inferredShape({ ...q, approximate: q.approximate === 1 }),
});

function quantity(random: Random, metric: t.Metric): QuantityValues {
  const unit = random.chance(0.9) ? units[metric] : null;
  const magnitude =
    metric === 'SHARE'
      ? () => Math.round(random.between(5, 90)) / 100
      : metric === 'DEPLOYED'
        ? () => random.between(2, 120) * 100
        : metric === 'AREA_KM2'
          ? () => random.between(1, 1500)
          : () => 1 + random.skewed(3000, 2.5);
  const style = random.weighted({ exact: 45, range: 25, over: 10, about: 10, words: 10 });
  switch (style) {
    case 'exact':
      return { unit, best: magnitude(), low: null, high: null, approximate: 0, phrase: null };
    case 'range': {
      const a = magnitude();
      const b = magnitude();
      const [low, high] = a <= b ? [a, b] : [b, a];
      return { unit, best: null, low, high, approximate: 1, phrase: `between ${low} and ${high}` };
    }
    case 'over': {
      const low = magnitude();
      return { unit, best: null, low, high: null, approximate: 1, phrase: `over ${low}` };
    }
    case 'about': {
      const best = magnitude();
      return { unit, best, low: null, high: null, approximate: 1, phrase: `about ${best}` };
    }
    default:
      return {
        unit,
        best: null,
        low: null,
        high: null,
        approximate: 1,
        phrase: random.pick(['heavy losses', 'dozens', 'hundreds', 'a significant number']),
      };
  }
}

function quantityWords(q: QuantityValues & { metric: t.Metric }) {
  const amount = q.phrase ?? String(q.best);
  return q.unit ? `${amount} ${q.unit}` : amount;
}
