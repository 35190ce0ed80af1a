import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from '../builder.ts';

builder.addScalarType('Date', DateResolver);
builder.addScalarType('DateTime', DateTimeResolver);
// Values with a published shape of their own (a GeoJSON geometry, schema.org JSON-LD), passed as they are.
builder.addScalarType('JSON', JSONResolver);

builder.queryType({
  description: 'Reads: the objects of the dataset, their lists, search and statistics over claims.',
});
builder.mutationType({
  description: 'Writes. Each mutation runs in one transaction and needs `Authorization: Bearer <token>`.',
});
