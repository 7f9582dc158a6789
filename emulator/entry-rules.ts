/** What the list API accepts in a POST body, and the error message it gives for what it refuses. */
import { z } from 'zod';

export type ListName = 'allow' | 'block';

export const ATTRIBUTES = ['$from', '$hfrom', '$ip', '$host', '$helo', '$rcpt'] as const;

/** The allow (safe) list takes no negative operators: an allow rule cannot say "not". */
export const OPERATORS: Record<ListName, readonly string[]> = {
  allow: ['equal', 'contain', 'is_in_list'],
  block: ['equal', 'not_equal', 'contain', 'not_contain', 'is_in_list'],
};

export const MAX_COMMENT_LENGTH = 150;

export interface ListChange {
  action: 'add' | 'delete';
  attribute: string;
  operator: string;
  value: string;
  /** `''` when the body had none or `null`. */
  comment: string;
}

const VALUE_PROBLEM = 'value must be a non-empty string';

const changeSchema = z.object(
  {
    action: z.enum(['add', 'delete'], { error: 'action must be "add" or "delete"' }),
    attribute: z.enum(ATTRIBUTES, { error: `attribute must be one of ${ATTRIBUTES.join(', ')}` }),
    operator: z.string({ error: 'operator must be a string' }),
    value: z.string({ error: VALUE_PROBLEM }).regex(/\S/, { error: VALUE_PROBLEM }),
    comment: z
      .string({ error: 'comment must be a string' })
      .max(MAX_COMMENT_LENGTH, {
        error: `comment must be at most ${MAX_COMMENT_LENGTH} characters`,
      })
      .nullish(),
  },
  { error: 'the request body must be a JSON object' },
);

export type ParsedChange = { ok: true; change: ListChange } | { ok: false; errorMessage: string };

export function parseListChange(list: ListName, body: unknown): ParsedChange {
  const parsed = changeSchema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, errorMessage: parsed.error.issues[0]?.message ?? 'invalid request body' };
  }

  const { action, attribute, operator, value, comment } = parsed.data;
  const allowed = OPERATORS[list];
  if (!allowed.includes(operator)) {
    const listName = list === 'allow' ? 'safe' : 'block';
    const errorMessage = `operator must be one of ${allowed.join(', ')} on the ${listName} list`;
    return { ok: false, errorMessage };
  }

  return { ok: true, change: { action, attribute, operator, value, comment: comment ?? '' } };
}
