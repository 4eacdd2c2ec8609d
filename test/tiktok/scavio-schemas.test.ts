import { describe, expect, it } from 'vitest';
import { errorOf } from '../../src/tiktok/scavio-schemas.js';

describe('errorOf', () => {
  it('reads the error object and cuts a runaway provider message to 200 characters', () => {
    expect(errorOf({ error: { code: 'bad_request', message: 'sec_user_id is required' } })).toEqual({
      code: 'bad_request',
      message: 'sec_user_id is required',
    });
    const long = errorOf({ error: { message: 'x'.repeat(5000) } });
    expect(long?.message).toBe(`${'x'.repeat(200)}…`);
    expect(errorOf({ nothing: true })).toBeUndefined();
  });
});
