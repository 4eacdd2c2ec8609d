import { describe, expect, it } from 'vitest';
import { abortReason } from '../../src/tiktok/abort-reason.js';

describe('abortReason', () => {
  it('passes an Error reason through as the very same object', () => {
    const controller = new AbortController();
    const reason = new Error('left the channel');
    controller.abort(reason);
    expect(abortReason(controller.signal)).toBe(reason);
  });

  it("passes abort()'s default DOMException through", () => {
    const controller = new AbortController();
    controller.abort();
    const error = abortReason(controller.signal);
    expect(error).toBe(controller.signal.reason);
    expect(error.name).toBe('AbortError');
  });

  it('wraps a reason that is not an Error, keeping it as the cause', () => {
    const controller = new AbortController();
    controller.abort('user cancelled');
    const error = abortReason(controller.signal);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('The operation was aborted');
    expect(error.cause).toBe('user cancelled');
  });
});
