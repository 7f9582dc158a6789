/** The shapes of Proofpoint's answers, parsed at the client boundary. */
import * as z from 'zod/mini';

export const listEntrySchema = z.object({
  attribute: z.string(),
  operator: z.string(),
  value: z.string(),
  // The API leaves `comment` out when it is empty.
  comment: z.pipe(
    z.nullish(z.string()),
    z.transform((comment) => comment ?? ''),
  ),
});

export type ListEntry = z.output<typeof listEntrySchema>;

export const listResponseSchema = z.object({ entries: z.array(listEntrySchema) });

/** Where an error body may carry its message: Proofpoint's `errorMessage`, then OAuth's fields. */
const errorBodySchema = z.object({
  errorMessage: z.optional(z.string()),
  error: z.optional(z.union([z.string(), z.object({ message: z.optional(z.string()) })])),
  error_description: z.optional(z.string()),
  errors: z.optional(z.array(z.unknown())),
});

/** The answer to an add of an entry that is already on the list. */
export const DUPLICATE_ENTRY_MESSAGE = 'error.api.emailprotection.lists.samelist.duplicate.entry';

const MAX_PLAIN_MESSAGE_CHARS = 200;

export function apiMessageOf(body: string): string | undefined {
  const parsed = z.safeParse(errorBodySchema, parseJsonOrUndefined(body));
  if (!parsed.success) return plainTextMessage(body);

  const { errorMessage, error, error_description: description, errors } = parsed.data;
  if (errorMessage !== undefined) return errorMessage;
  if (typeof error === 'string')
    return description === undefined ? error : `${error}: ${description}`;
  if (error?.message !== undefined) return error.message;
  if (typeof errors?.[0] === 'string') return errors[0];

  return undefined;
}

export function parseJsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function plainTextMessage(body: string): string | undefined {
  const text = body.trim();
  if (text === '' || text.startsWith('<') || text.length > MAX_PLAIN_MESSAGE_CHARS)
    return undefined;

  return text;
}
