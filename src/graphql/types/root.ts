import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { builder } from '../builder.ts';

builder.addScalarType('Date', DateResolver);
builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({
  description: 'Reads: the objects of the dataset, their lists, search and statistics over claims.',
});
builder.mutationType({
  description: 'Writes. Each mutation runs in one transaction and needs `Authorization: Bearer <token>`.',
});
