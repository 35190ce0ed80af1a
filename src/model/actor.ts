import { z } from 'zod';
import { actorKinds } from '../db/schema.ts';
import { defineModel, reference } from './codec.ts';
import { country, text } from './fields.ts';

/** A state, government, armed force, outlet, organization or group. Stored in `actors`. */
export const actorModel = defineModel({
  type: 'actor',
  fields: (ref) => ({
    name: text(200),
    kind: z.enum(actorKinds),
    country: country.optional(),
    description: text(1000).optional(),
    parent: ref('actor').optional(),
  }),
  codecs: { parent: reference('parentId', 'actor') },
});
