import { UserFacingError } from '../errors.js';
/**
 * Per-user cooldown between analyses: one analysis per user every N seconds,
 * so a single member cannot spend the team's API credits in a loop.
 */
export class Cooldowns {
    seconds;
    nowMs;
    #lastStart = new Map();
    constructor(seconds, nowMs = Date.now) {
        this.seconds = seconds;
        this.nowMs = nowMs;
    }
    /**
     * Records a start for `userId`, or throws a UserFacingError saying how long
     * to wait. Returns a release for a start that cost nothing (a mistyped
     * account), so the user can correct it at once.
     */
    take(userId) {
        const now = this.nowMs();
        const last = this.#lastStart.get(userId);
        const waitMs = last === undefined ? 0 : last + this.seconds * 1000 - now;
        if (waitMs > 0) {
            throw new UserFacingError(`You ran an analysis less than ${this.seconds} s ago. Please wait ${Math.ceil(waitMs / 1000)} s before the next one.`, 'command.cooldown');
        }
        this.#lastStart.set(userId, now);
        const release = () => {
            if (this.#lastStart.get(userId) === now)
                this.#lastStart.delete(userId);
        };
        // Forget users whose cooldown has passed, so the map stays small.
        if (this.#lastStart.size > 1000) {
            for (const [id, at] of this.#lastStart)
                if (at + this.seconds * 1000 <= now)
                    this.#lastStart.delete(id);
        }
        return release;
    }
}
//# sourceMappingURL=cooldowns.js.map