/**
 * Structured logs: one JSON line per event ({"time","level","event",...fields}),
 * so they can be grepped by interaction id and fed to any log tool. Every line
 * passes through redaction of the secrets the logger was given, so a token
 * that ends up in an error message never reaches the log.
 */
const ORDER = { debug: 10, info: 20, warn: 30, error: 40 };
/** Replaces every occurrence of each secret (of 6+ characters) with [redacted]. */
export function redactor(secrets) {
    const known = secrets.filter((s) => typeof s === 'string' && s.length >= 6);
    if (known.length === 0)
        return (text) => text;
    return (text) => known.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
/**
 * The entry as JSON, or undefined when it cannot be (a circular object among
 * the fields). Logging must never throw: it runs on the error paths, where a
 * throw would leave an interaction unanswered.
 */
function serialize(entry) {
    try {
        return JSON.stringify(entry, (_key, value) => serializable(value));
    }
    catch {
        return undefined;
    }
}
/** The entry without the fields that cannot be serialized, and a note naming them. */
function serializeWhatCan(entry) {
    const kept = {};
    const dropped = [];
    for (const [key, value] of Object.entries(entry)) {
        if (serialize({ [key]: value }) === undefined)
            dropped.push(key);
        else
            kept[key] = value;
    }
    return serialize({ ...kept, logError: `not serializable (circular?): ${dropped.join(', ')}` }) ?? '{}';
}
function serializable(value) {
    if (value instanceof Error) {
        // Only these fields: discord.js errors also carry the request URL, which holds the interaction token.
        const code = value.code;
        return {
            name: value.name,
            message: value.message,
            ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
            ...(value.stack ? { stack: value.stack } : {}),
        };
    }
    if (typeof value === 'bigint')
        return value.toString();
    return value;
}
export function createLogger(options = {}) {
    const threshold = ORDER[options.level ?? 'info'];
    const redact = redactor(options.secrets ?? []);
    const write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    const now = options.now ?? (() => new Date());
    const format = options.format === 'pretty' ? prettyLine : jsonLine;
    const log = (level) => (event, fields = {}) => {
        if (ORDER[level] < threshold)
            return;
        write(redact(format(now(), level, event, fields)));
    };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger = { debug() { }, info() { }, warn() { }, error() { } };
function jsonLine(time, level, event, fields) {
    const entry = { time: time.toISOString(), level, event, ...fields };
    return serialize(entry) ?? serializeWhatCan(entry);
}
/**
 * `14:03:00.000 INFO  analyze.done interactionId=42 videos=60`: the same
 * fields as the JSON line, for a developer's terminal. An error field shows
 * `name: message`, its stack indented below the line.
 */
function prettyLine(time, level, event, fields) {
    const stacks = [];
    const parts = Object.entries(fields).map(([key, value]) => {
        if (value instanceof Error) {
            if (value.stack)
                stacks.push(value.stack.split('\n').slice(1).join('\n'));
            return `${key}=${JSON.stringify(`${value.name}: ${value.message}`)}`;
        }
        const text = typeof value === 'string' && /^[^\s"=]+$/u.test(value) ? value : serialize({ value })?.slice(9, -1);
        return `${key}=${text ?? '(not serializable)'}`;
    });
    const head = [time.toISOString().slice(11, 23), level.toUpperCase().padEnd(5), event, ...parts].join(' ');
    return [head, ...stacks].join('\n');
}
//# sourceMappingURL=logger.js.map