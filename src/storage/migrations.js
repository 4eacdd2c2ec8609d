/**
 * Forward-only schema migrations for the versioned data files.
 *
 * Every file carries `schemaVersion`. On open, the file's data is migrated
 * step by step (v1 -> v2 -> ...) to the version this code writes, then
 * validated with that version's zod schema. A migration receives data of its
 * own `from` version as `unknown` and validates it itself with that version's
 * schema, so a damaged old file is reported, not half-converted.
 */
/** A file cannot be brought to the current version; `tooNew` when written by newer code. */
export class MigrationProblem extends Error {
    tooNew;
    constructor(message, tooNew = false) {
        super(message);
        this.tooNew = tooNew;
        this.name = 'MigrationProblem';
    }
}
/** Checks at load time that a registry covers every step from v1 to `currentVersion`. */
export function migrationRegistry(currentVersion, migrations) {
    for (let version = 1; version < currentVersion; version++) {
        const steps = migrations.filter((m) => m.from === version);
        if (steps.length !== 1)
            throw new Error(`migration registry: expected exactly one migration from v${version}, found ${steps.length}`);
    }
    if (migrations.some((m) => m.from < 1 || m.from >= currentVersion)) {
        throw new Error(`migration registry: a migration lies outside v1..v${currentVersion}`);
    }
    return [...migrations].sort((a, b) => a.from - b.from);
}
function schemaVersionOf(data) {
    const version = typeof data === 'object' && data !== null ? data.schemaVersion : undefined;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
        throw new MigrationProblem('it has no valid schemaVersion');
    }
    return version;
}
/** Runs every migration from the data's version up to `currentVersion`. */
export function migrateForward(data, currentVersion, migrations) {
    const fromVersion = schemaVersionOf(data);
    if (fromVersion > currentVersion) {
        throw new MigrationProblem(`it has schemaVersion ${fromVersion}, newer than this version of the bot understands (${currentVersion})`, true);
    }
    const applied = [];
    let current = data;
    for (let version = fromVersion; version < currentVersion; version++) {
        const step = migrations.find((m) => m.from === version);
        if (!step)
            throw new MigrationProblem(`no migration from schemaVersion ${version}`);
        current = step.up(current);
        if (schemaVersionOf(current) !== version + 1)
            throw new Error(`migration from v${version} did not produce v${version + 1}`);
        applied.push(step);
    }
    return { data: current, fromVersion, applied };
}
//# sourceMappingURL=migrations.js.map