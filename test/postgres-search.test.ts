import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { countHits, searchHits } from '../src/db/search-index.ts';
import { markEnd, markStart, rankedHits, type SearchHit, searchTerms } from '../src/db/search-text.ts';
import { onBothEngines, postgresUrl } from './postgres.ts';

/**
 * Search on PostgreSQL (tsvector and a GIN index) against search on SQLite (FTS5), on the same rows:
 * every word of the example dataset, its prefixes, word pairs and hostile text find the same rows
 * on both engines, under the same rules.
 */

/** Searchable text the example lacks: accents, hyphens, dates, decimals, apostrophes, underscores, Cyrillic. */
function addAwkwardText(db: Db) {
  db.$client.exec(`
    insert into actors (name, kind, description) values
      ('Zaporizhzhia Nuclear Power Plant', 'ORGANIZATION', 'Site held since 2022-03-04; 3.5km from Enerhodar'),
      ('Forces armées de l''Ukraine', 'MILITARY', 'the Ukrainian armed forces'' French name, Zelenskyy''s army'),
      ('Сили оборони України', 'MILITARY', 'Defence_Forces of Ukraine, in Ukrainian'),
      ('Pokrovsk–Myrnohrad group', 'MILITARY', 'combined-arms units fighting near Pokrovsk (Donetsk)');
  `);
}

/**
 * The one difference known: SQLite's porter tokenizer leaves words under 3 letters alone, while
 * PostgreSQL's Porter stemmer cuts a final "s" or "y" of two-letter words ("as" is indexed as "a",
 * "is" as "i", "us" as "u"). In the example dataset that touches "as", and "a", which then also
 * finds the claim that says "as".
 */
const stemmedShortWords = ['A', 'a', 'as'];

const allWords = (db: Db) => {
  const rows = db.$client.prepare('select title, body from search_index').all() as { title: string; body: string }[];
  const words = new Set<string>();
  for (const { title, body } of rows)
    for (const word of `${title} ${body}`.match(/[\p{L}\p{N}\p{M}_]+/gu) ?? []) words.add(word);
  return [...words].sort();
};

describe.skipIf(!postgresUrl)('search on PostgreSQL', () => {
  const engines = onBothEngines({ more: addAwkwardText });

  /** Each engine's matches for a text, as sorted keys (all of them: the tests' texts match fewer than rankedHits rows). */
  async function bothEngines(text: string, codes?: number[]) {
    const terms = searchTerms(text);
    const keys = (hits: SearchHit[]) => hits.map((hit) => hit.key).sort((a, b) => a - b);
    return {
      sqlite: {
        keys: keys(await searchHits(engines.sqlite, terms, codes, rankedHits, 0)),
        count: await countHits(engines.sqlite, terms, codes),
      },
      postgres: {
        keys: keys(await searchHits(engines.postgres, terms, codes, rankedHits, 0)),
        count: await countHits(engines.postgres, terms, codes),
      },
    };
  }

  it('indexes every searchable row with the same title and body, as SQLite does', async () => {
    const inSqlite = engines.sqlite.$client
      .prepare('select rowid as key, title, body from search_index order by rowid')
      .all();
    const { rows } = await engines.postgres.$client.query<{ key: string; title: string; body: string }>(
      'select key, title, body from search_documents order by key',
    );
    expect(rows.map((row) => ({ ...row, key: Number(row.key) }))).toEqual(inSqlite);
    expect(inSqlite.length).toBeGreaterThan(30);
  });

  it('finds the same rows for every word of the dataset', async () => {
    const words = allWords(engines.sqlite);
    expect(words.length).toBeGreaterThan(200);
    const differ: string[] = [];
    for (const word of words) {
      const found = await bothEngines(word);
      expect(found.sqlite.count, word).toBe(found.sqlite.keys.length);
      if (JSON.stringify(found.sqlite) !== JSON.stringify(found.postgres)) differ.push(word);
    }
    expect(differ).toEqual(stemmedShortWords);
  });

  it('finds the same rows for every prefix of 3 to 6 letters, searched as you type', async () => {
    const prefixes = new Set(
      allWords(engines.sqlite).flatMap((word) =>
        [3, 4, 5, 6].filter((n) => n <= [...word].length).map((n) => [...word].slice(0, n).join('')),
      ),
    );
    expect(prefixes.size).toBeGreaterThan(400);
    const differ: string[] = [];
    for (const prefix of prefixes) {
      const found = await bothEngines(prefix);
      if (JSON.stringify(found.sqlite) !== JSON.stringify(found.postgres))
        differ.push(
          `${prefix}: engines.sqlite ${found.sqlite.keys.join(',')} engines.postgres ${found.postgres.keys.join(',')}`,
        );
    }
    expect(differ).toEqual([]);
  });

  it('finds the same rows for several words at once, each of which must match', async () => {
    const texts = [
      'Kursk soldiers',
      'killed soldiers',
      'soldiers killed wounded',
      'North Korean',
      'Ukrainian forces killed',
      'Zelenskyy army',
      'nuclear plant Enerhodar',
    ];
    for (const text of texts) {
      const found = await bothEngines(text);
      expect(found.postgres, text).toEqual(found.sqlite);
      expect(found.sqlite.count, `${text} matches something`).toBeGreaterThan(0);
    }
  });

  it('accepts any text, reading query syntax as plain words, as SQLite does', async () => {
    const texts = [
      'Kursk & !Korean',
      "'Kursk':* | Korean",
      '"North Korean" OR NEAR(Kursk)',
      'title:Kursk',
      'Kursk) (',
      '\\ \' " : * ! & | <-> <2>',
      '2024-08-06',
      '3.5km',
      "Zelenskyy's",
      'Defence_Forces',
      'Сили оборони',
      'armées',
      'armees',
      'Pokrovsk–Myrnohrad',
      '🙂 Kursk',
      '',
      '   ',
      'of',
      'the',
    ];
    for (const text of texts) {
      const found = await bothEngines(text);
      expect(found.postgres, JSON.stringify(text)).toEqual(found.sqlite);
    }
  });

  it('keeps to the chosen types', async () => {
    for (const codes of [[2], [4], [1, 5]]) {
      const found = await bothEngines('Kursk', codes);
      expect(found.postgres, codes.join()).toEqual(found.sqlite);
      expect(found.postgres.keys.every((key) => codes.includes(key % 8))).toBe(true);
    }
  });

  it('ranks a match in the title above a match in the body only, best first', async () => {
    const terms = searchTerms('Ukrainian');
    for (const hits of [
      await searchHits(engines.sqlite, terms, [4], rankedHits, 0),
      await searchHits(engines.postgres, terms, [4], rankedHits, 0),
    ]) {
      const scores = hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      // The Cyrillic name's body says "in Ukrainian"; the body-only match comes after every title match.
      const bodyOnly = hits.findIndex((hit) => hit.key === 8 * cyrillicActorId() + 4);
      expect(bodyOnly).toBeGreaterThan(0);
    }
  });

  it('pages through the same ranking it ranks in one go', async () => {
    const terms = searchTerms('Kursk');
    const whole = await searchHits(engines.postgres, terms, null, rankedHits, 0);
    expect(whole.length).toBeGreaterThan(6);
    const paged = [];
    for (let offset = 0; offset < whole.length; offset += 3)
      paged.push(...(await searchHits(engines.postgres, terms, null, 3, offset)));
    expect(paged.map((hit) => hit.key)).toEqual(whole.map((hit) => hit.key));
  });

  it('marks every matching word in its snippet', async () => {
    for (const text of ['Kursk', 'killed soldiers', 'Zaporiz', 'armees']) {
      const hits = await searchHits(engines.postgres, searchTerms(text), null, 20, 0);
      expect(hits.length, text).toBeGreaterThan(0);
      for (const hit of hits) expect(hit.snippet, `${text}: ${hit.snippet}`).toContain(markStart);
      for (const hit of hits) expect(hit.snippet!.split(markStart).length).toBe(hit.snippet!.split(markEnd).length);
    }
  });

  function cyrillicActorId() {
    return engines.sqlite.$client
      .prepare(`select id from actors where name = 'Сили оборони України'`)
      .pluck()
      .get() as number;
  }
});
