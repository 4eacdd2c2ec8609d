/**
 * What `GET /readyz` decides, as a pure function of facts the bot gathers:
 * the bot is ready when its gateway connection is up, its data directory can
 * be written, and the weekly scheduler has ticked recently (a stuck event loop
 * or a dead cron task shows up here before a missed report does).
 */
/** The scheduler ticks every minute; two missed ticks in a row mean it is stuck. */
export const TICK_FRESHNESS_MS = 2 * 60_000;
export function readiness(facts) {
    const tickAgeMs = facts.lastTickAt === undefined ? undefined : facts.now.getTime() - facts.lastTickAt.getTime();
    const checks = [
        {
            name: 'gateway',
            ok: facts.gatewayConnected,
            detail: facts.gatewayConnected ? 'connected' : 'not connected to the Discord gateway',
        },
        {
            name: 'store',
            ok: facts.storeProblem === null,
            detail: facts.storeProblem ?? 'writable',
        },
        {
            name: 'scheduler',
            ok: tickAgeMs !== undefined && tickAgeMs <= TICK_FRESHNESS_MS,
            detail: tickAgeMs === undefined
                ? 'has not ticked yet'
                : `last tick ${Math.round(tickAgeMs / 1000)} s ago${tickAgeMs > TICK_FRESHNESS_MS ? ` (more than ${TICK_FRESHNESS_MS / 60_000} min)` : ''}`,
        },
    ];
    return { ready: checks.every((check) => check.ok), checks };
}
//# sourceMappingURL=readiness.js.map