import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from '../../src/config.js';
import { defaultTimeZoneSetting } from '../../src/time-zone-setting.js';

function problems(env: NodeJS.ProcessEnv, needs: Parameters<typeof loadConfig>[1] = 'offline'): readonly string[] {
  try {
    loadConfig(env, needs);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a blank number as unset, so it takes its default instead of 0', () => {
    const config = loadConfig({
      CATALOG_CACHE_MINUTES: '',
      SCAVIO_MAX_RETRIES: ' ',
      ANALYZE_COOLDOWN_SECONDS: '',
      MAX_VIDEOS: '',
    });
    expect(config.cacheMinutes).toBe(60);
    expect(config.scavio.maxRetries).toBe(3);
    expect(config.analyzeCooldownSeconds).toBe(30);
    expect(config.scavio.maxVideos).toBe(300);
  });

  it('reads a blank text, URL or choice as unset too: HEALTH_HOST= must not listen on every interface', () => {
    const config = loadConfig({
      HEALTH_HOST: '',
      DATA_DIR: ' ',
      SCAVIO_BASE_URL: '',
      QUICKCHART_URL: '',
      LOG_LEVEL: '',
      LOG_FORMAT: '',
    });
    expect(config.health.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe('./data');
    expect(config.scavio.baseUrl).toBe('https://api.scavio.dev');
    expect(config.quickchart.url).toBe('https://quickchart.io');
    expect(config.logLevel).toBe('info');
    expect(config.logFormat).toBe('json');
  });

  it('names the choices of a setting that has a few', () => {
    expect(problems({ LOG_LEVEL: 'verbose', LOG_FORMAT: 'text' })).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error',
      'LOG_FORMAT must be one of json, pretty',
    ]);
  });

  it('refuses a pasted token or key with quotes or spaces, without echoing it', () => {
    const pasted = '\u201cnot-a-key-SECRET\u201d';
    const found = problems({ DISCORD_TOKEN: 'abc def', SCAVIO_API_KEY: pasted });
    expect(found).toEqual([
      'DISCORD_TOKEN contains spaces, quotes or other characters a key cannot have: copy it again from where it was issued',
      'SCAVIO_API_KEY contains spaces, quotes or other characters a key cannot have: copy it again from where it was issued',
    ]);
    expect(found.join('\n')).not.toContain('SECRET');
    expect(loadConfig({ SCAVIO_API_KEY: '  fake-key_ok.123  ' }).scavio.apiKey).toBe('fake-key_ok.123');
  });

  it('keeps an explicit 0 where 0 is allowed', () => {
    const config = loadConfig({ CATALOG_CACHE_MINUTES: '0', SCAVIO_MAX_RETRIES: '0' });
    expect(config.cacheMinutes).toBe(0);
    expect(config.scavio.maxRetries).toBe(0);
  });

  it('says what a number must be, one line per bad variable', () => {
    expect(problems({ MAX_VIDEOS: 'lots', SCAVIO_TIMEOUT_MS: '1.5', CATALOG_CACHE_MINUTES: '-1' })).toEqual([
      'SCAVIO_TIMEOUT_MS must be a whole number of at least 1',
      'MAX_VIDEOS must be a whole number of at least 1',
      'CATALOG_CACHE_MINUTES must be a whole number (0 or more)',
    ]);
  });

  it('refuses a default video limit that every fetch would refuse', () => {
    expect(problems({ MAX_VIDEOS: '20000' })).toEqual(['MAX_VIDEOS must be at most 10000']);
    expect(loadConfig({ MAX_VIDEOS: '10000' }).scavio.maxVideos).toBe(10_000);
  });

  it('strips trailing slashes from every URL setting', () => {
    const config = loadConfig({
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api//',
      SCAVIO_BASE_URL: 'http://127.0.0.1:9/',
      QUICKCHART_URL: 'https://quickchart.io/',
    });
    expect(config.discord.apiBase).toBe('http://127.0.0.1:8080/api');
    expect(config.scavio.baseUrl).toBe('http://127.0.0.1:9');
    expect(config.quickchart.url).toBe('https://quickchart.io');
  });

  it('names a missing credential without echoing any secret', () => {
    const secret = 'not-a-number-but-secret';
    const found = problems({ DISCORD_TOKEN: secret, MAX_VIDEOS: 'x' }, 'bot');
    expect(found).toContain(
      'SCAVIO_API_KEY is not set: set it to your Scavio API key from https://dashboard.scavio.dev (see .env.example)',
    );
    expect(found.join('\n')).not.toContain(secret);
  });
});

describe('settings documentation', () => {
  const read = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8');

  it('.env.example and the README settings table list every setting the config reads, and nothing else', () => {
    const example = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=/gmu)].map((m) => m[1]);
    const readme = [...read('README.md').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gmu)].map((m) => m[1]);
    expect([...example].sort()).toEqual([...SETTING_NAMES].sort());
    expect([...readme].sort()).toEqual([...SETTING_NAMES].sort());
  });
});

describe('DEFAULT_TIMEZONE without the rest of the configuration (the offline CLI)', () => {
  it('reads it as loadConfig does: blank means UTC, a zone is kept, a bad one is the same one-line problem', () => {
    for (const value of [undefined, '', '  ', 'UTC', 'utc', 'Europe/Berlin', ' America/New_York ']) {
      const env = value === undefined ? {} : { DEFAULT_TIMEZONE: value };
      expect(defaultTimeZoneSetting(env)).toBe(loadConfig(env).defaultTimeZone);
    }
    expect(defaultTimeZoneSetting({ DEFAULT_TIMEZONE: ' America/New_York ' })).toBe('America/New_York');
    const bad = { DEFAULT_TIMEZONE: 'Mars/Olympus' };
    expect(() => defaultTimeZoneSetting(bad)).toThrow(ConfigError);
    expect(problemsOf(() => defaultTimeZoneSetting(bad))).toEqual(problems(bad));
  });
});

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}
