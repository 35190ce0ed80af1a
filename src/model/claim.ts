import { z } from 'zod';
import { attributions, claimKinds, hopRoles, relationKinds, stances } from '../db/schema.ts';
import { defineModel, period, quantities, reference, references, speaker, type StoredRow } from './codec.ts';
import { partialDate, periodSchema, quantitySchemaWith, text } from './fields.ts';

/**
 * One statement in an article: who said what, about whom, where, when and how much, and through
 * whom it reached the article. Stored in `claims`; its subjects, further regions, joint claimants,
 * attribution chain, relations and quantities in child tables.
 */
export const claimModel = defineModel({
  type: 'claim',
  fields: (ref) => ({
    article: ref('article'),
    statement: text(5000),
    kind: z.enum(claimKinds),
    attribution: z.enum(attributions),
    stance: z
      .enum(stances)
      .default('ASSERTS')
      .describe("Whether the claimant asserts it, denies it ('Moscow denies ...') or declines to confirm it."),
    claimant: ref('actor', 'official')
      .optional()
      .describe('The origin of the claim: whose figure or statement it is, however many hops carried it.'),
    jointClaimants: z
      .array(ref('actor', 'official'))
      .max(20, 'must hold at most 20 claimants')
      .default([])
      .describe("Further origins making the claim together with the claimant ('Ukrainian and U.S. officials')."),
    chain: z
      .array(
        z
          .object({
            source: ref('actor', 'official'),
            role: z.enum(hopRoles),
          })
          .strict(),
      )
      .max(20, 'must hold at most 20 hops')
      .default([])
      .describe(
        'The hops that carried the claim from its origin to the reader, in order: a SPEAKER who passed on a briefing, a RELAY (an agency), the PUBLISHER. Empty when the article heard the claimant directly.',
      ),
    statedOn: partialDate
      .optional()
      .describe('When the statement was made, to the year, month or day (YYYY, YYYY-MM, YYYY-MM-DD).'),
    subjects: z.array(ref('actor')).max(100, 'must hold at most 100 subjects').default([]),
    region: ref('region').optional(),
    otherRegions: z
      .array(ref('region'))
      .max(50, 'must hold at most 50 regions')
      .default([])
      .describe('Regions the claim is about besides `region`.'),
    period: periodSchema.optional(),
    quantities: z.array(quantitySchemaWith(ref)).max(100, 'must hold at most 100 quantities').default([]),
    relations: z
      .array(
        z
          .object({
            kind: z.enum(relationKinds),
            claim: ref('claim'),
            note: text(1000).optional(),
          })
          .strict(),
      )
      .max(50, 'must hold at most 50 relations')
      .default([])
      .describe(
        "How this claim relates to earlier ones: it REVISES its own claimant's earlier figure, REPEATS a statement reported elsewhere, CORROBORATES, CONTRADICTS, DENIES or ASSESSES another claim.",
      ),
  }),
  codecs: {
    article: reference('articleId', 'article'),
    claimant: {
      toRow: (value, resolve, field) => {
        const { actorId, officialId } = speaker.toRow(value as string | undefined, resolve, field);
        return { claimantActorId: actorId, claimantOfficialId: officialId };
      },
      fromRow: (row, ref) => speaker.fromRow({ actorId: row.claimantActorId, officialId: row.claimantOfficialId }, ref),
    },
    jointClaimants: {
      toRow: (value, resolve, field) => ({
        jointClaimants: ((value ?? []) as string[]).map((v, i) => speaker.toRow(v, resolve, `${field}[${i}]`)),
      }),
      fromRow: (row, ref) => (row.jointClaimants as StoredRow[]).map((c) => speaker.fromRow(c, ref)),
    },
    chain: {
      toRow: (value, resolve, field) => ({
        chain: ((value ?? []) as { source: string; role: string }[]).map((hop, i) => ({
          role: hop.role,
          ...speaker.toRow(hop.source, resolve, `${field}[${i}].source`),
        })),
      }),
      fromRow: (row, ref) =>
        (row.chain as StoredRow[]).map((hop) => ({ source: speaker.fromRow(hop, ref), role: hop.role })),
    },
    subjects: references('subjectIds', 'actor'),
    region: reference('regionId', 'region'),
    otherRegions: references('otherRegionIds', 'region'),
    period,
    quantities: quantities('quantities'),
    relations: {
      toRow: (value, resolve, field) => ({
        relations: ((value ?? []) as { kind: string; claim: string; note?: string }[]).map((r, i) => ({
          kind: r.kind,
          relatedClaimId: resolve(r.claim, `${field}[${i}].claim`, ['claim'])?.id ?? 0,
          note: r.note ?? null,
        })),
      }),
      fromRow: (row, ref) =>
        (row.relations as StoredRow[]).map((r) => ({
          kind: r.kind,
          claim: ref('claim', r.relatedClaimId as number),
          note: r.note,
        })),
    },
  },
});

interface ClaimShape {
  claimant?: string | null;
  jointClaimants?: string[] | null;
  chain?: { source: string; role: string }[] | null;
}

/** The rules across a claim's fields: who said it and through whom. */
export function claimIssues(c: ClaimShape): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const hasClaimant = c.claimant !== undefined && c.claimant !== null;
  if (!hasClaimant && (c.chain?.length ?? 0) > 0)
    issues.push({ path: ['chain'], message: 'a chain needs an origin: set claimant to whoever the claim comes from' });
  if (!hasClaimant && (c.jointClaimants?.length ?? 0) > 0)
    issues.push({ path: ['jointClaimants'], message: 'joint claimants need a claimant to join' });
  c.jointClaimants?.forEach((joint, i) => {
    if (joint === c.claimant) issues.push({ path: ['jointClaimants', i], message: 'is already the claimant' });
  });
  const chain = c.chain ?? [];
  chain.forEach((hop, i) => {
    if (hop.role === 'PUBLISHER' && i !== chain.length - 1)
      issues.push({ path: ['chain', i, 'role'], message: 'the PUBLISHER is the last hop of a chain' });
    if (hop.source === c.claimant)
      issues.push({ path: ['chain', i, 'source'], message: 'is the claimant, the origin: a hop carries the claim on' });
  });
  return issues;
}
