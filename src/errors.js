/**
 * An error whose message is written for the person using the bot or the CLI:
 * it says what is wrong and what to do. Anything else that reaches a user is
 * reported as an unexpected error with a reference id instead of its message.
 */
export class UserFacingError extends Error {
    code;
    constructor(message, 
    /** Stable machine-readable kind, for logs and tests (e.g. 'scavio.unauthorized'). */
    code, options) {
        super(message, options);
        this.code = code;
        this.name = 'UserFacingError';
    }
}
export function isUserFacingError(error) {
    return error instanceof UserFacingError;
}
/**
 * Failures only the bot's operator can fix (its own provider key): server
 * members are told that, and the operator gets the real message (the log and
 * the ops channel, see ops-alerts.ts).
 */
const OPERATOR_ONLY_CODES = new Set(['scavio.unauthorized', 'scavio.missing_key']);
export const OPERATOR_TOLD_MESSAGE = "The bot's data provider refused its key; the operator has been told.";
export function isOperatorOnly(error) {
    return isUserFacingError(error) && OPERATOR_ONLY_CODES.has(error.code);
}
/** The message a server member may see for `error` (a UserFacingError). */
export function memberMessage(error) {
    return isOperatorOnly(error) ? OPERATOR_TOLD_MESSAGE : error.message;
}
//# sourceMappingURL=errors.js.map