/**
 * An error the fake Bot API answers with, shaped like Telegram's own:
 * `{ ok: false, error_code, description, parameters? }`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }

  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters === undefined ? {} : { parameters: this.parameters }),
    };
  }
}

/** A 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(detail: string): ApiError {
  return new ApiError(400, `Bad Request: ${detail}`);
}

/** A 403 with Telegram's "Forbidden: " prefix. */
export function forbidden(detail: string): ApiError {
  return new ApiError(403, `Forbidden: ${detail}`);
}
