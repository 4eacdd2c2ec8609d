import { z } from 'zod';
/**
 * The shapes of Scavio's JSON answers (zod), checked before anything is read
 * from them, plus the helpers that turn a parse result into something the
 * client and its error messages can use.
 */
const count = z.coerce.number().int().nonnegative();
const flag = z
    .union([z.boolean(), z.number(), z.string()])
    .transform((v) => v === true || v === 1 || v === '1' || v === 'true');
/** Billing fields any answer (success or error) may carry. */
export const creditsSchema = z.object({
    credits_used: z.number().nonnegative().optional(),
    credits_remaining: z.number().optional(),
});
/** POST /api/v1/tiktok/profile. */
export const profileSchema = z.object({
    data: z.object({
        user: z
            .object({
            sec_uid: z.string().min(1),
            unique_id: z.string().optional(),
            follower_count: count.optional(),
            aweme_count: count.optional(),
            // TikTok marks private accounts with `secret`; some wrappers say private_account / is_private.
            secret: flag.optional(),
            private_account: flag.optional(),
            is_private: flag.optional(),
        })
            .nullable()
            .optional(),
    }),
});
/** POST /api/v1/tiktok/user/posts. */
export const postsSchema = z.object({
    data: z.object({
        aweme_list: z.array(z.unknown()).nullable().optional(),
        has_more: z.union([z.number(), z.boolean()]),
        max_cursor: z.union([z.number(), z.string()]).optional(),
    }),
});
/** Provider text quoted in our messages is cut to this: a runaway error body must not become a wall of text. */
const PROVIDER_MESSAGE_MAX = 200;
const errorBodySchema = z.object({
    error: z.object({
        code: z.string().optional(),
        message: z
            .string()
            .transform((text) => (text.length > PROVIDER_MESSAGE_MAX ? `${text.slice(0, PROVIDER_MESSAGE_MAX)}…` : text))
            .optional(),
        billing_url: z.string().optional(),
    }),
});
/** The `error` object of a failed answer, or undefined when the body has none. */
export function errorOf(json) {
    const parsed = errorBodySchema.safeParse(json);
    return parsed.success ? parsed.data.error : undefined;
}
/** The first thing wrong with an answer, short enough for a user-facing message. */
export function describeZodIssue(error) {
    const issue = error.issues[0];
    if (!issue)
        return 'unexpected shape';
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${where}: ${issue.message}`;
}
//# sourceMappingURL=scavio-schemas.js.map