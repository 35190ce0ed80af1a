import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';
import './types/actor.ts';
import './types/article.ts';
import './types/claim.ts';
import './types/claim-stats.ts';
import './types/official.ts';
import './types/region.ts';
import './types/search.ts';
import './types/territory-change.ts';
import './mutations/mutations.ts';

export const schema = lexicographicSortSchema(builder.toSchema());
