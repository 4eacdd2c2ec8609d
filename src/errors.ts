/**
 * An error whose message is written for the person using the bot or the CLI:
 * it says what is wrong and what to do. Anything else that reaches a user is
 * reported as an unexpected error with a reference id instead of its message.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable kind, for logs and tests (e.g. 'scavio.unauthorized'). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
