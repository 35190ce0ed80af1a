import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { attributions, claimKinds } from '../src/db/schema.ts';
import type { DatasetRecordInput } from '../src/dataset/format.ts';

/** How the synthetic dataset is shaped: claims per article, bodies, officials, regions. */
export const syntheticShape = { claimsPerArticle: 8, units: 20, officials: 20, provinces: 20 };

/**
 * The records of a synthetic dataset of `claims` claims, each with two quantities, two subjects,
 * a region and (two times in three) a claimant, eight to an article; deterministic, generated lazily.
 * The import benchmark writes them to a file; tests load them with a smaller shape.
 */
export function* syntheticRecords(claims: number, shape = syntheticShape): Generator<DatasetRecordInput> {
  const { claimsPerArticle, units, officials, provinces } = shape;
  yield { type: 'actor', key: 'state', name: 'Testland', kind: 'STATE', country: 'TL' };
  yield { type: 'actor', key: 'outlet', name: 'Testland Daily', kind: 'MEDIA', country: 'TL' };
  yield { type: 'region', key: 'country', name: 'Testland', kind: 'COUNTRY', country: 'TL' };
  for (let i = 0; i < units; i++)
    yield { type: 'actor', key: `unit-${i}`, name: `Unit ${i}`, kind: 'MILITARY', country: 'TL', parent: 'state' };
  for (let i = 0; i < officials; i++)
    yield {
      type: 'official',
      key: `official-${i}`,
      name: `Official ${i}`,
      description: `Spokesperson of Unit ${i % units}`,
      roles: [
        { title: 'Spokesperson', actor: `unit-${i % units}` },
        { title: 'Adviser', actor: 'state' },
      ],
    };
  for (let i = 0; i < provinces; i++)
    yield {
      type: 'region',
      key: `province-${i}`,
      name: `Province ${i}`,
      kind: 'PROVINCE',
      country: 'TL',
      parent: 'country',
    };
  for (let c = 0; c < claims; c++) {
    const a = Math.floor(c / claimsPerArticle);
    if (c % claimsPerArticle === 0)
      yield {
        type: 'article',
        key: `article-${a}`,
        title: `Report ${a}`,
        url: `https://news.example/reports/${a}`,
        outlet: 'outlet',
        publishedAt: `2024-${String((a % 12) + 1).padStart(2, '0')}-${String((a % 28) + 1).padStart(2, '0')}T12:00:00Z`,
      };
    yield {
      type: 'claim',
      key: `claim-${c}`,
      article: `article-${a}`,
      statement: `Synthetic claim number ${c}: Unit ${c % units} reports fighting in province ${c % provinces}.`,
      kind: claimKinds[c % claimKinds.length]!,
      attribution: attributions[c % attributions.length]!,
      claimant: c % 3 === 0 ? `unit-${c % units}` : c % 3 === 1 ? `official-${c % officials}` : undefined,
      subjects: [`unit-${c % units}`, `unit-${(c + 1) % units}`],
      region: `province-${c % provinces}`,
      quantities: [
        { metric: 'KILLED', unit: 'soldiers', best: c % 100 },
        { metric: 'WOUNDED', unit: 'soldiers', low: c % 50, high: (c % 50) + 10, approximate: true, phrase: 'dozens' },
      ],
    };
  }
}

/** Writes the synthetic dataset as NDJSON (header line first); answers the number of records. */
export async function writeSyntheticFile(file: string, claims: number): Promise<number> {
  const out = createWriteStream(file);
  let records = 0;
  let batch = `${JSON.stringify({ format: 'claimgraph-dataset', version: 1, description: `synthetic, ${claims} claims` })}\n`;
  for (const record of syntheticRecords(claims)) {
    records++;
    batch += `${JSON.stringify(record)}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return records;
}
