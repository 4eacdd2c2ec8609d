export const ALERT_REPEAT_MS = 60 * 60_000;
export function operatorAlerts(options) {
    const now = options.now ?? Date.now;
    const repeatAfterMs = options.repeatAfterMs ?? ALERT_REPEAT_MS;
    const lastSent = new Map();
    return {
        alert(kind, text, fields = {}) {
            const at = now();
            const previous = lastSent.get(kind);
            if (previous !== undefined && at - previous < repeatAfterMs)
                return;
            lastSent.set(kind, at);
            options.logger.error('operator.alert', { kind, text, ...fields });
            options.post?.(`⚠️ **Operator alert (${kind})**: ${text}`).catch((error) => {
                options.logger.error('operator.alert-post-failed', { kind, error });
            });
        },
    };
}
//# sourceMappingURL=ops-alerts.js.map