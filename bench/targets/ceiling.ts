import { createSchema, createYoga } from 'graphql-yoga';
import { listen, type Target } from './target.ts';

/** The ceiling: Yoga answering `{ hello }` over node:http, the cost of the pipeline with no data at all. */
export const ceiling: Target = {
  name: 'ceiling',
  description: 'Yoga answering { hello }, no data',
  answersMix: false,
  async start() {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { hello: String! }',
        resolvers: { Query: { hello: () => 'world' } },
      }),
      graphqlEndpoint: '/graphql',
      landingPage: false,
      graphiql: false,
    });
    const http = await listen(yoga);
    return { url: `${http.url}/graphql`, close: http.close };
  },
};
