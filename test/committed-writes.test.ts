import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, globalId } from './helpers.ts';

/**
 * A write that committed is reported with its id even when the payload's selection fails after
 * it (here a nested connection with an invalid `first`), so that a client never retries a write
 * that happened.
 */
const server = createTestServer();
afterAll(() => server.close());

/** The one value the statement selects, as a number, on the server's own database. */
const value = async (sql: string) => Number(Object.values((await server.rows(sql))[0] ?? {})[0]);

describe('a committed write whose payload selection fails', () => {
  it('still answers the new object id, and the object is there', async () => {
    const title = 'An article whose payload asks for a negative page';
    const answer = await server.mutate(
      `mutation ($input: CreateArticleInput!) { createArticle(input: $input) {
        ... on CreateArticleSuccess { articleId created article { title claims(first: -1) { totalCount } } } } }`,
      { input: { title, url: 'https://example.org/negative-page' } },
    );
    expect(answer.errors?.[0]?.message).toContain('"first" must not be negative');
    expect(answer.errors?.[0]?.path).toEqual(['createArticle', 'article']);
    const payload = answer.data?.createArticle;
    expect(payload).toMatchObject({ created: true, article: null });
    const id = await value(`select id from articles where title = '${title}'`);
    expect(payload.articleId).toBe(globalId('Article', id));
  });

  it('answers the id of an updated object the same way', async () => {
    const article = globalId('Article', 1);
    const answer = await server.mutate(
      `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) {
        ... on UpdateArticleSuccess { articleId article { claims(first: -1) { totalCount } } } } }`,
      { input: { id: article, summary: 'Updated before the payload failed.' } },
    );
    expect(answer.errors?.[0]?.message).toContain('"first" must not be negative');
    expect(answer.data?.updateArticle).toEqual({ articleId: article, article: null });
    expect(
      await value(`select count(*) from articles where id = 1 and summary = 'Updated before the payload failed.'`),
    ).toBe(1);
  });
});
