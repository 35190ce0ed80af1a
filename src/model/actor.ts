import { z } from 'zod';
import { actorKinds } from '../db/schema.ts';
import { defineModel, names, reference } from './codec.ts';
import { country, text } from './fields.ts';

/**
 * A state, government body, legislature, ministry, intelligence service, armed force or unit,
 * outlet or news agency, think tank, organization or group. Stored in `actors`, other spellings
 * of its name in `actor_aliases`. `parent` places it in a hierarchy (a state, its armed forces,
 * their units) that filters follow.
 */
export const actorModel = defineModel({
  type: 'actor',
  fields: (ref) => ({
    name: text(200),
    aliases: z
      .array(text(200))
      .max(50, 'must hold at most 50 aliases')
      .default([])
      .describe('Other spellings of the name; the actor is found by any of them.'),
    kind: z.enum(actorKinds),
    country: country.optional(),
    description: text(1000).optional(),
    parent: ref('actor').optional(),
  }),
  codecs: { aliases: names('aliases'), parent: reference('parentId', 'actor') },
});
