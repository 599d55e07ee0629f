import { describeInterval, firstRuns, maxIntervalHours } from "../../model/cron";

/** How often a backup schedule fires: the longest gap between two runs, which bounds the recovery point objective. */
export interface ScheduleInterval {
    expression: string;
    /** The longest gap between consecutive runs in hours, or undefined when the expression cannot be read. */
    maxGapHours?: number;
    /** "hourly", "every 12 hours", "daily", "weekly", "every N hours" or "up to N hours apart"; or why it could not be read. */
    describe: string;
}

const HOUR_MS = 3_600_000;
/** Runs sampled for evenness: enough to span two years (a leap day included) at the schedule's longest gap. */
const SAMPLE_HOURS = 2 * 366 * 24;

/** True when every gap between the schedule's runs over the next two years is the longest one. */
function isEven(expression: string, gapHours: number, now: Date): boolean {
    const runs = firstRuns(expression, now, Math.ceil(SAMPLE_HOURS / gapHours) + 1);
    return runs.every((run, i) => i === 0 || (run.getTime() - runs[i - 1].getTime()) / HOUR_MS === gapHours);
}

/**
 * Reads an AWS Backup schedule (`cron(min hour dom month dow year)` or `rate(N unit)`) with model/cron.ts: the longest
 * gap between runs from `now` on, described by its cadence when the runs are evenly spaced, else as "up to N hours apart".
 */
export function scheduleInterval(expression: string, now: Date = new Date()): ScheduleInterval {
    let gapHours: number;
    try {
        gapHours = maxIntervalHours(expression, now);
    } catch (err) {
        return { expression, describe: (err as Error).message };
    }
    const describe = isEven(expression, gapHours, now) ? describeInterval(gapHours) : `up to ${Math.round(gapHours * 100) / 100} hours apart`;
    return { expression, maxGapHours: gapHours, describe };
}
