/** Every problem with the settings at once, one line each (config.ts and the offline settings throw it). */
export class ConfigError extends Error {
    problems;
    constructor(problems) {
        super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        this.problems = problems;
        this.name = 'ConfigError';
    }
}
//# sourceMappingURL=config-error.js.map