/** At most this many characters of a client's value are quoted back in an error message. */
export const quoteLimit = 40;

/** A client's value as it may appear in a message: JSON-quoted, at most `quoteLimit` characters and an ellipsis. */
export const quote = (value: string) =>
  JSON.stringify(value.length > quoteLimit ? `${value.slice(0, quoteLimit)}…` : value);

/** A type name with its indefinite article, for descriptions and messages: "an Actor", "a Claim". */
export const withArticle = (typename: string) => `${/^[AEIOU]/.test(typename) ? 'an' : 'a'} ${typename}`;

/** A client's value cut to `quoteLimit` characters and an ellipsis, unquoted, where a library's message shows it bare. */
export const clip = (value: string) => (value.length > quoteLimit ? `${value.slice(0, quoteLimit)}…` : value);
