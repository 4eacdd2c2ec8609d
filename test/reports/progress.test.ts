import { describe, expect, it } from 'vitest';
import { progressFraction, progressLine } from '../../src/reports/progress.js';
import type { FetchProgress } from '../../src/tiktok/scavio-client.js';

function progress(fields: Partial<FetchProgress>): FetchProgress {
  return {
    phase: 'page',
    username: 'chefmaya',
    videosSoFar: 30,
    expectedVideos: 60,
    maxVideos: 300,
    pages: 1,
    calls: 2,
    creditsUsed: 2,
    ...fields,
  };
}

describe('progressLine', () => {
  it('says how far the fetch is, in every phase', () => {
    expect(progressLine(progress({ phase: 'profile', videosSoFar: 0, pages: 0 }))).toBe(
      'found @chefmaya, fetching videos...',
    );
    expect(progressLine(progress({}))).toBe('fetched 30 of ~60 videos (1 page)...');
    expect(progressLine(progress({ videosSoFar: 60, pages: 2 }))).toBe('fetched 60 of ~60 videos (2 pages)...');
    expect(progressLine(progress({ phase: 'rate-limit-wait', waitMs: 12_300 }))).toBe(
      'fetched 30 of ~60 videos, waiting 13 s for the API rate limit...',
    );
    expect(progressLine(progress({ phase: 'retry', waitMs: 2000, reason: 'HTTP 503' }))).toBe(
      'fetched 30 of ~60 videos, HTTP 503: retrying in 2 s...',
    );
    expect(progressLine(progress({ phase: 'done', videosSoFar: 60, fromCache: false }))).toBe('fetched 60 videos');
    expect(progressLine(progress({ phase: 'done', videosSoFar: 60, fromCache: true }))).toBe('60 videos from cache');
  });

  it('makes the noun agree with the number beside it', () => {
    expect(progressLine(progress({ videosSoFar: 1, expectedVideos: null }))).toBe('fetched 1 video (1 page)...');
    expect(progressLine(progress({ videosSoFar: 1, expectedVideos: 60 }))).toBe('fetched 1 of ~60 videos (1 page)...');
    expect(progressLine(progress({ videosSoFar: 0, expectedVideos: 1 }))).toBe('fetched 0 of ~1 video (1 page)...');
    expect(progressLine(progress({ phase: 'done', videosSoFar: 1, expectedVideos: 1, fromCache: false }))).toBe(
      'fetched 1 video',
    );
    expect(progressLine(progress({ phase: 'done', videosSoFar: 1, expectedVideos: 1, fromCache: true }))).toBe(
      '1 video from cache',
    );
  });
});

describe('progressFraction', () => {
  it('is the share fetched, unknown until the total is, and 1 when done', () => {
    expect(progressFraction(progress({}))).toBe(0.5);
    expect(progressFraction(progress({ expectedVideos: null }))).toBeNull();
    expect(progressFraction(progress({ expectedVideos: 0, videosSoFar: 0 }))).toBeNull();
    expect(progressFraction(progress({ videosSoFar: 70 }))).toBe(1);
    expect(progressFraction(progress({ phase: 'done', expectedVideos: null }))).toBe(1);
  });
});
