import {
  conventionsVersion,
  type PhraseRule,
  phraseRules,
  type ShapeRule,
  shapeRules,
} from '../../model/conventions.ts';
import { builder } from '../builder.ts';
import { NumberShape } from './enums.ts';

const ShapeConvention = builder.objectRef<ShapeRule>('ShapeConvention').implement({
  description: 'The interval one shape of number stands for.',
  fields: (t) => ({
    shape: t.field({ type: NumberShape, description: 'The shape.', resolve: (r) => r.shape }),
    examples: t.exposeString('examples', { description: "The source's wording this shape covers." }),
    rule: t.exposeString('rule', { description: "The interval, in words: '[0.9n, 1.1n], best n'." }),
    lowInclusive: t.exposeBoolean('lowInclusive', { description: 'Whether the lower bound itself is included.' }),
    highInclusive: t.exposeBoolean('highInclusive', { description: 'Whether the upper bound itself is included.' }),
  }),
});

const PhraseConvention = builder.objectRef<PhraseRule>('PhraseConvention').implement({
  description: 'The interval a number given only in words stands for; bounds are inclusive, null is open.',
  fields: (t) => ({
    phrase: t.exposeString('phrase', { description: "The wording, lower-cased: 'several hundred'." }),
    low: t.exposeFloat('low', { nullable: true, description: 'The lower bound; null when open.' }),
    high: t.exposeFloat('high', { nullable: true, description: 'The upper bound; null when open.' }),
  }),
});

const NumberConventions = builder.objectRef<string>('NumberConventions').implement({
  description:
    'How worded numbers become intervals: the table every aggregate applies and names by its version. A bound the coder gave explicitly wins over the rule; a phrase matches lower-cased and exactly, and one the table lacks sets no bound.',
  fields: (t) => ({
    version: t.string({ description: 'The version; any change to a rule is a new one.', resolve: (v) => v }),
    shapes: t.field({ type: [ShapeConvention], description: 'The rule of each shape.', resolve: () => shapeRules }),
    phrases: t.field({
      type: [PhraseConvention],
      description: 'The phrases a WORDS figure with no numbers is read by.',
      resolve: () => phraseRules,
    }),
  }),
});

builder.queryField('numberConventions', (t) =>
  t.field({
    type: NumberConventions,
    description: 'The number conventions in force: what interval each shape and phrase stands for.',
    resolve: () => conventionsVersion,
  }),
);
