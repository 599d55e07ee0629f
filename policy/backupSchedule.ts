const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** The values one AWS cron field allows, or undefined for "any" (`*` / `?`). Throws on syntax it cannot judge. */
export function cronFieldValues(field: string, min: number, max: number, names: string[] = [], nameBase = min): Set<number> | undefined {
    if (field === "*" || field === "?") {
        return undefined;
    }
    const value = (token: string): number => {
        const named = names.indexOf(token.toUpperCase());
        const n = named >= 0 ? named + nameBase : Number(token);
        if (!Number.isInteger(n) || n < min || n > max) {
            throw new Error(`"${token}" is not a value from ${min} to ${max}`);
        }
        return n;
    };
    const values = new Set<number>();
    for (const part of field.split(",")) {
        const [range, stepText] = part.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) {
            throw new Error(`"${part}" has an invalid step`);
        }
        const [from, to] = range === "*" ? [min, max] : range.includes("-") ? range.split("-").map(value) : [value(range), stepText === undefined ? value(range) : max];
        for (let v = from; v <= to; v += step) {
            values.add(v);
        }
    }
    return values;
}

/**
 * The longest gap, in hours, between two runs of an AWS Backup schedule: `cron(min hour dom month dow year)`
 * or `rate(n unit)`. Cron schedules are replayed over two calendar years (UTC). Unset means AWS Backup's
 * default schedule, daily at 05:00 UTC.
 */
export function maxScheduleIntervalHours(expression: string | undefined): number {
    if (expression === undefined || expression.trim() === "") {
        return 24;
    }
    const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/i.exec(expression.trim());
    if (rate) {
        const n = Number(rate[1]);
        const unit = rate[2].toLowerCase();
        return unit.startsWith("minute") ? n / 60 : unit.startsWith("hour") ? n : n * 24;
    }
    const cron = /^cron\((.+)\)$/i.exec(expression.trim());
    if (!cron) {
        throw new Error(`${JSON.stringify(expression)} is neither cron(...) nor rate(...)`);
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        throw new Error(`${JSON.stringify(expression)} has ${fields.length} fields; AWS cron takes 6 (minutes hours day-of-month month day-of-week year)`);
    }
    const [minuteField, hourField, domField, monthField, dowField] = fields;
    if (/[LW#]/i.test(domField + dowField)) {
        // L, W and # pick at most one day a month.
        return 31 * 24;
    }
    const minutes = [...(cronFieldValues(minuteField, 0, 59) ?? Array.from({ length: 60 }, (_, i) => i))].sort((a, b) => a - b);
    const hours = [...(cronFieldValues(hourField, 0, 23) ?? Array.from({ length: 24 }, (_, i) => i))].sort((a, b) => a - b);
    const days = cronFieldValues(domField, 1, 31);
    const months = cronFieldValues(monthField, 1, 12, MONTH_NAMES);
    const weekdays = cronFieldValues(dowField, 1, 7, DAY_NAMES, 1);
    const runs: number[] = [];
    for (let day = Date.UTC(2027, 0, 1); day < Date.UTC(2029, 0, 1); day += 86_400_000) {
        const date = new Date(day);
        if ((days && !days.has(date.getUTCDate())) || (months && !months.has(date.getUTCMonth() + 1)) || (weekdays && !weekdays.has(date.getUTCDay() + 1))) {
            continue;
        }
        for (const hour of hours) {
            for (const minute of minutes) {
                runs.push(day / 60_000 + hour * 60 + minute);
            }
        }
    }
    if (runs.length < 2) {
        throw new Error(`${JSON.stringify(expression)} runs at most once in two years`);
    }
    let longest = 0;
    for (let i = 1; i < runs.length; i++) {
        longest = Math.max(longest, runs[i] - runs[i - 1]);
    }
    return longest / 60;
}
