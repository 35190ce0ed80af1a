import type { DatasetInput } from '../src/dataset/format.ts';

/**
 * Reporting on North Korean losses in Kursk Oblast shaped like the real thing (figures simplified):
 * South Korea's NIS gives about 1,100 killed or wounded, an agency repeats it, and the NIS later
 * revises it to about 3,000; Zelensky says more than 3,000; Kirby more than 1,000; an analysts'
 * group gives 2,700 to 3,300 after the revision; Moscow denies the NIS figure.
 */
type Quantity = NonNullable<Extract<DatasetInput['records'][number], { type: 'claim' }>['quantities']>[number];
const kwia = (figure: Partial<Quantity>): Quantity => ({ metric: 'KILLED_OR_WOUNDED', unit: 'soldiers', ...figure });

export const comparisonRecords: DatasetInput['records'] = [
  { type: 'actor', key: 'kp', name: 'North Korea', kind: 'STATE', country: 'KP' },
  { type: 'actor', key: 'kpa', name: "Korean People's Army", kind: 'MILITARY', country: 'KP', parent: 'kp' },
  { type: 'actor', key: 'nis', name: 'National Intelligence Service', kind: 'INTELLIGENCE_SERVICE', country: 'KR' },
  { type: 'actor', key: 'agency', name: 'Yonhap', kind: 'NEWS_AGENCY', country: 'KR' },
  { type: 'actor', key: 'isw', name: 'Institute for the Study of War', kind: 'THINK_TANK', country: 'US' },
  { type: 'actor', key: 'ru-mod', name: 'Russian Ministry of Defence', kind: 'MINISTRY', country: 'RU' },
  { type: 'official', key: 'zelensky', name: 'Volodymyr Zelensky', description: 'President of Ukraine' },
  { type: 'official', key: 'kirby', name: 'John Kirby', description: 'White House national security spokesman' },
  { type: 'region', key: 'ru', name: 'Russia', kind: 'COUNTRY', country: 'RU' },
  { type: 'region', key: 'kursk', name: 'Kursk Oblast', kind: 'PROVINCE', country: 'RU', parent: 'ru' },
  { type: 'article', key: 'a-nis', title: 'NIS: about 1,100 North Korean casualties', publishedOn: '2024-12-19' },
  { type: 'article', key: 'a-agency', title: 'Agency repeats the NIS figure', publishedOn: '2024-12-20' },
  {
    type: 'article',
    key: 'a-zelensky',
    title: 'Zelensky: over 3,000 North Koreans killed or wounded',
    publishedOn: '2024-12-23',
  },
  { type: 'article', key: 'a-kirby', title: 'Kirby: over 1,000 North Korean casualties', publishedOn: '2024-12-27' },
  { type: 'article', key: 'a-moscow', title: 'Moscow denies', publishedOn: '2024-12-28' },
  { type: 'article', key: 'a-nis-2', title: 'NIS revises its figure to about 3,000', publishedOn: '2025-01-13' },
  { type: 'article', key: 'a-isw', title: 'ISW assessment', publishedOn: '2025-01-15' },
  ...(
    [
      [
        'nis-1',
        'a-nis',
        'nis',
        'The NIS put North Korean casualties at about 1,100.',
        kwia({ best: 1100, shape: 'ABOUT' }),
        {},
      ],
      [
        'nis-1-again',
        'a-agency',
        'nis',
        'Citing the NIS, the agency gave about 1,100 casualties.',
        kwia({ best: 1100, shape: 'ABOUT' }),
        { chain: [{ source: 'agency', role: 'RELAY' }], relations: [{ kind: 'REPEATS', claim: 'claim-nis-1' }] },
      ],
      [
        'zelensky',
        'a-zelensky',
        'zelensky',
        'Zelensky said more than 3,000 were killed or wounded.',
        kwia({ low: 3000, shape: 'MORE_THAN' }),
        {},
      ],
      [
        'kirby',
        'a-kirby',
        'kirby',
        'Kirby said more than 1,000 were killed or wounded.',
        kwia({ low: 1000, shape: 'MORE_THAN' }),
        {},
      ],
      [
        'moscow',
        'a-moscow',
        'ru-mod',
        'Moscow said no North Korean soldiers were fighting, so none were killed or wounded.',
        kwia({ best: 0 }),
        {
          stance: 'DENIES',
          relations: [{ kind: 'DENIES', claim: 'claim-nis-1', note: 'Moscow denies any North Korean presence.' }],
        },
      ],
      [
        'nis-2',
        'a-nis-2',
        'nis',
        'The NIS raised its count to about 3,000 killed or wounded.',
        kwia({ best: 3000, shape: 'ABOUT' }),
        { relations: [{ kind: 'REVISES', claim: 'claim-nis-1' }] },
      ],
      [
        'kirby-week',
        'a-kirby',
        'kirby',
        'Kirby said 20 were killed or wounded in the first week of December.',
        kwia({ best: 20 }),
        { period: { start: '2024-12-01', end: '2024-12-07', text: 'the first week of December' } },
      ],
      [
        'isw',
        'a-isw',
        'isw',
        'ISW assessed 2,700 to 3,300 killed or wounded.',
        kwia({ low: 2700, high: 3300, shape: 'RANGE' }),
        {},
      ],
    ] as const
  ).map(([key, article, claimant, statement, quantity, extra]) => ({
    type: 'claim' as const,
    key: `claim-${key}`,
    article,
    statement,
    kind: 'CASUALTIES' as const,
    attribution: 'STATED' as const,
    claimant,
    subjects: ['kpa'],
    region: 'kursk',
    quantities: [quantity],
    ...extra,
  })),
];

export const comparisonDataset = (): DatasetInput => ({
  format: 'claimgraph-dataset',
  version: 1,
  records: comparisonRecords,
});
