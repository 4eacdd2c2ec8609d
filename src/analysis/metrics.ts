import type { Tier, Video } from './types.js';

/** The retention proxies of one video. Only meaningful when plays > 0. */
export interface VideoRates {
  engagementRate: number;
  shareRate: number;
  commentRate: number;
  likeRate: number;
}

/** engagement = (likes + comments + shares) / plays; undefined when plays = 0. */
export function ratesOf(video: Pick<Video, 'plays' | 'likes' | 'comments' | 'shares'>): VideoRates | undefined {
  if (!(video.plays > 0)) return undefined;
  return {
    engagementRate: (video.likes + video.comments + video.shares) / video.plays,
    shareRate: video.shares / video.plays,
    commentRate: video.comments / video.plays,
    likeRate: video.likes / video.plays,
  };
}

/**
 * Tier of a video from its engagement rate. Ties at a threshold belong to the
 * tier (>= q75 is top, <= q25 is bottom); when q25 == q75 a video at that value
 * is in both, and we report it as top.
 */
export function tierOf(engagementRate: number | undefined, thresholds: { q25: number; q75: number } | null): Tier {
  if (engagementRate === undefined || thresholds === null) return 'unranked';
  if (engagementRate >= thresholds.q75) return 'top';
  if (engagementRate <= thresholds.q25) return 'bottom';
  return 'middle';
}
