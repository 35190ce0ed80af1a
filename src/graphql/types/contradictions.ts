import { GraphQLError } from 'graphql';
import { builder, defaultPageSize, pageArgDescriptions, pageSize } from '../builder.ts';
import { connectionOf } from '../connection.ts';
import { quote } from '../quote.ts';
import {
  contradictionCount,
  type ContradictionKey,
  type ContradictionKindName,
  contradictionPage,
  type ContradictionRow,
} from '../aggregates/contradictions.ts';
import { claimFilter } from './claim-filter.ts';
import { FigureRange, rangeText } from './figure-range.ts';
import { AnswerRows } from './loaded-rows.ts';
import { Metric } from './enums.ts';
import { Claim } from './nodes.ts';
import { aggregateCost } from '../aggregate-cost.ts';

const ContradictionKind = builder.enumType('ContradictionKind', {
  description: 'Why two claims cannot both hold.',
  values: {
    DISJOINT_FIGURES: {
      description:
        'Their current figures of one kind (metric, unit, rate, measure, modality), about the same subject, region and a period that can overlap, share no value.',
    },
    CONTRADICTS: { description: 'One claim is recorded as contradicting the other.' },
    DENIES: { description: 'One claim is recorded as denying the other.' },
  } satisfies Record<ContradictionKindName, { description: string }>,
});

export type ContradictionShape = ContradictionRow & { rows: AnswerRows };

const identityText = (c: ContradictionRow) =>
  `${c.metric} (${[c.unit ?? 'no unit', c.per && `per ${c.per}`, c.measure, c.modality].filter(Boolean).join(', ')})`;

function why(c: ContradictionRow): string {
  if (c.kind === 'DISJOINT_FIGURES')
    return `${identityText(c)}: ${rangeText(c.first!)} and ${rangeText(c.second!)} share no value.`;
  const which = c.statedById === c.firstId ? 'first' : 'second';
  return `The ${which} claim ${c.kind === 'DENIES' ? 'denies' : 'contradicts'} the other${c.note ? `: ${c.note}` : '.'}`;
}

export const Contradiction = builder.objectRef<ContradictionShape>('Contradiction').implement({
  description: 'Two claims that cannot both hold, and why.',
  fields: (t) => ({
    kind: t.field({ type: ContradictionKind, description: 'Why they cannot both hold.', resolve: (c) => c.kind }),
    why: t.string({
      description: 'The reason in words, with both intervals or the relation and its note.',
      resolve: why,
    }),
    first: t.field({ type: Claim, description: 'The claim recorded first.', resolve: (c) => c.rows.claim(c.firstId) }),
    second: t.field({
      type: Claim,
      description: 'The claim recorded later.',
      resolve: (c) => c.rows.claim(c.secondId),
    }),
    metric: t.field({
      type: Metric,
      nullable: true,
      description: 'For DISJOINT_FIGURES: what the figures count.',
      resolve: (c) => c.metric as never,
    }),
    unit: t.exposeString('unit', {
      nullable: true,
      description: 'For DISJOINT_FIGURES: the unit both figures are in.',
    }),
    firstRange: t.field({
      type: FigureRange,
      nullable: true,
      description: "For DISJOINT_FIGURES: the first claim's figure as an interval.",
      resolve: (c) => c.first,
    }),
    secondRange: t.field({
      type: FigureRange,
      nullable: true,
      description: "For DISJOINT_FIGURES: the second claim's figure as an interval.",
      resolve: (c) => c.second,
    }),
    note: t.exposeString('note', { nullable: true, description: 'For a relation: the note recorded with it.' }),
  }),
});

const ContradictionConnection = connectionOf(Contradiction, 'Contradiction');

const cursorOf = (c: ContradictionKey) =>
  Buffer.from(`contradiction:${c.firstId}:${c.secondId}:${c.kindRank}`).toString('base64');

/** The pair a cursor stands for, checked here so the message quotes the cursor. */
function keyOf(cursor: string): ContradictionKey {
  const match = /^contradiction:(\d{1,15}):(\d{1,15}):([0-2])$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match)
    throw new GraphQLError(`"after" is not a cursor from contradictions: ${quote(cursor)}`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
    });
  return { firstId: Number(match[1]), secondId: Number(match[2]), kindRank: Number(match[3]) };
}

builder.queryField('contradictions', (t) =>
  t.field({
    type: ContradictionConnection,
    description:
      'Every pair of claims matching the filter that cannot both hold: current figures of one kind whose intervals are disjoint (same subject, region and overlapping period), or a CONTRADICTS or DENIES relation; each with both claims and why. Ordered by the first claim, then the second.',
    extensions: { cost: aggregateCost('filter') },
    args: {
      ...claimFilter.args,
      first: t.arg.int({ description: pageArgDescriptions.first, validate: pageSize('first') }),
      after: t.arg.string({ description: pageArgDescriptions.after }),
    },
    resolve: async (_root, args, ctx) => {
      const limit = args.first ?? defaultPageSize;
      const { rows: page, total } = await contradictionPage(
        ctx.db,
        args.filter,
        args.after ? keyOf(args.after) : null,
        limit + 1,
      );
      const rows = new AnswerRows(ctx.db);
      const edges = page.slice(0, limit).map((row) => {
        rows.add(row.firstId);
        rows.add(row.secondId);
        return { cursor: cursorOf(row), node: { ...row, rows } };
      });
      return {
        edges,
        pageInfo: {
          hasNextPage: page.length > limit,
          hasPreviousPage: args.after != null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: () => total ?? contradictionCount(ctx.db, args.filter),
      };
    },
  }),
);
