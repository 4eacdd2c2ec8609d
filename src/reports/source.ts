import type { CatalogSource } from '../tiktok/catalog.js';
import { formatAge, localeFormat } from './format.js';

/**
 * Where a catalog came from and what it cost, in short phrases for a footer or
 * a header line: 'fetched live', '11 API calls', '11 credits used, 489 left',
 * 'from cache, 12 min old'.
 */
export function describeSource(
  source: CatalogSource,
  options: { now: Date; cacheAgeMs?: number | undefined; locale?: string | undefined },
): string[] {
  const f = localeFormat(options.locale);
  switch (source.kind) {
    case 'demo':
      return ['built-in demo catalog', 'no API calls'];
    case 'file':
      return [
        source.detail !== undefined ? `read from ${baseName(source.detail)}` : 'read from a file',
        'no API calls',
      ];
    case 'scavio': {
      const parts: string[] = [];
      if (source.fromCache) {
        const fetchedAt = Date.parse(source.fetchedAt);
        const age = options.cacheAgeMs ?? (Number.isNaN(fetchedAt) ? Number.NaN : options.now.getTime() - fetchedAt);
        parts.push(Number.isFinite(age) ? `from cache (fetched ${formatAge(age)})` : 'from cache');
      } else {
        parts.push('fetched live');
      }
      parts.push(f.plural(source.calls, 'API call'));
      const credits = `${f.plural(source.creditsUsed, 'credit')} used`;
      parts.push(source.creditsRemaining !== null ? `${credits}, ${f.integer(source.creditsRemaining)} left` : credits);
      return parts;
    }
  }
}

/** The file name without its directories: a home path says nothing useful in a report. */
function baseName(path: string): string {
  return (
    path
      .split(/[\\/]/u)
      .filter((part) => part.length > 0)
      .pop() ?? path
  );
}
