/**
 * Lets identical charts share one rendering: when 50 people analyse the same
 * account at once they share one fetch, so they get the same analysis and the
 * same chart configs; rendering each once instead of 50 times saves QuickChart
 * calls (or local CPU). Keyed by the config's JSON, kept for a short time.
 */
export function sharedRenders(render, options = {}) {
    const ttlMs = options.ttlMs ?? 60_000;
    const maxEntries = options.maxEntries ?? 32;
    const nowMs = options.nowMs ?? Date.now;
    const entries = new Map();
    return (config) => {
        const key = JSON.stringify(config);
        const now = nowMs();
        const entry = entries.get(key);
        if (entry !== undefined && now - entry.at < ttlMs)
            return entry.result;
        const result = render(config);
        entries.delete(key);
        entries.set(key, { result, at: now });
        // A failed rendering is not kept: the next caller tries again.
        result.catch(() => entries.get(key)?.result === result && entries.delete(key));
        for (const oldest of entries.keys()) {
            if (entries.size <= maxEntries)
                break;
            entries.delete(oldest);
        }
        return result;
    };
}
//# sourceMappingURL=shared-renders.js.map