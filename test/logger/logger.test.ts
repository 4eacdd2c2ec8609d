import { describe, expect, it } from 'vitest';
import { createLogger, redactor, type LoggerOptions } from '../../src/logger.js';

const NOW = new Date('2026-11-20T14:03:00.000Z');

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger({ now: () => NOW, write: (line) => lines.push(line), ...options });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per event: time, level, event, then the fields', () => {
    const { logger, lines } = capture();
    logger.info('analyze.done', { interactionId: '42', videos: 60 });
    expect(lines).toEqual([
      '{"time":"2026-11-20T14:03:00.000Z","level":"info","event":"analyze.done","interactionId":"42","videos":60}',
    ]);
  });

  it('drops events below its level', () => {
    const { logger, entries } = capture({ level: 'warn' });
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(entries().map((e) => e.event)).toEqual(['c', 'd']);
  });

  it('logs errors by name, message and stack, and bigints as text', () => {
    const { logger, entries } = capture();
    logger.error('x', { error: new TypeError('boom'), permissions: 2048n });
    const [entry] = entries();
    expect(entry?.error).toMatchObject({ name: 'TypeError', message: 'boom' });
    expect(String((entry?.error as { stack?: string }).stack)).toContain('TypeError: boom');
    expect(entry?.permissions).toBe('2048');
  });

  it('never prints a secret it was given, wherever it turns up', () => {
    const { logger, lines } = capture({ secrets: ['fake_secret_abcdef123', undefined, 'tok.en.value'] });
    logger.error('scavio.failed', {
      error: new Error('401: key fake_secret_abcdef123 refused'),
      url: 'https://x/?t=tok.en.value',
    });
    expect(lines.join('\n')).not.toMatch(/fake_secret_abcdef123|tok\.en\.value/u);
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('does not throw on a field it cannot serialize, and keeps every other field', () => {
    const { logger, entries } = capture();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => logger.error('command.failed', { reference: 'ab12cd34', detail: circular })).not.toThrow();
    expect(entries()).toEqual([
      {
        time: NOW.toISOString(),
        level: 'error',
        event: 'command.failed',
        reference: 'ab12cd34',
        logError: 'not serializable (circular?): detail',
      },
    ]);
  });
});

describe('redactor', () => {
  it('leaves text alone when no secret is long enough to be one', () => {
    expect(redactor(['abc', undefined])('abc abc')).toBe('abc abc');
    expect(redactor(['abcdef'])('xabcdefx abcdef')).toBe('x[redacted]x [redacted]');
  });
});

describe('createLogger, pretty format', () => {
  it('writes time, level, event and key=value fields, quoting what needs it, the stack below', () => {
    const lines: string[] = [];
    const logger = createLogger({
      now: () => NOW,
      write: (line) => lines.push(line),
      format: 'pretty',
      secrets: ['fake_secret_abcdef123'],
    });
    logger.info('analyze.done', { interactionId: '42', videos: 60, user: 'chef maya', nested: { a: 1 } });
    const error = new TypeError('key fake_secret_abcdef123 refused');
    logger.error('scavio.failed', { error });
    expect(lines[0]).toBe('14:03:00.000 INFO  analyze.done interactionId=42 videos=60 user="chef maya" nested={"a":1}');
    const [head, ...stack] = (lines[1] ?? '').split('\n');
    expect(head).toBe('14:03:00.000 ERROR scavio.failed error="TypeError: key [redacted] refused"');
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.every((line) => line.trimStart().startsWith('at '))).toBe(true);
  });
});
