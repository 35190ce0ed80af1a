import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { claimKinds, attributions } from '../src/db/schema.ts';

/**
 * A dataset of `claims` claims spread over articles, claimants (officials with roles and bodies),
 * subjects and regions, deterministic for a given size.
 */
export function syntheticDataset(claims: number): DatasetInput {
  const records: DatasetRecordInput[] = [
    { type: 'actor', key: 'state', name: 'Testland', kind: 'STATE', country: 'TL' },
    { type: 'region', key: 'country', name: 'Testland', kind: 'COUNTRY', country: 'TL' },
  ];
  for (let i = 0; i < 5; i++) {
    records.push({
      type: 'actor',
      key: `unit-${i}`,
      name: `Unit ${i}`,
      kind: 'MILITARY',
      country: 'TL',
      parent: 'state',
    });
    records.push({
      type: 'official',
      key: `official-${i}`,
      name: `Official ${i}`,
      description: `Spokesperson of Unit ${i}`,
      roles: [
        { title: 'Spokesperson', actor: `unit-${i}` },
        { title: 'Adviser', actor: 'state' },
      ],
    });
    records.push({
      type: 'region',
      key: `province-${i}`,
      name: `Province ${i}`,
      kind: 'PROVINCE',
      country: 'TL',
      parent: 'country',
    });
  }
  for (let a = 0; a * 8 < claims; a++) {
    records.push({
      type: 'article',
      key: `article-${a}`,
      title: `Report ${a}`,
      citedSources: [],
      publishedAt: `2024-0${(a % 9) + 1}-15T12:00:00Z`,
    });
  }
  for (let c = 0; c < claims; c++) {
    records.push({
      type: 'claim',
      key: `claim-${c}`,
      article: `article-${Math.floor(c / 8)}`,
      statement: `Synthetic claim number ${c}: Unit ${c % 5} fighting in province ${c % 5}.`,
      kind: claimKinds[c % claimKinds.length]!,
      attribution: attributions[c % attributions.length]!,
      claimant: c % 3 === 0 ? `unit-${c % 5}` : c % 3 === 1 ? `official-${c % 5}` : undefined,
      subjects: [`unit-${c % 5}`, `unit-${(c + 1) % 5}`],
      region: `province-${c % 5}`,
      quantities: [
        { metric: 'KILLED', best: c % 100, approximate: false },
        { metric: 'WOUNDED', low: c % 50, high: (c % 50) + 10, approximate: true, phrase: 'dozens' },
      ],
    });
  }
  return { format: 'claimgraph-dataset', version: 1, records };
}
