/** How often a backup schedule fires: the longest gap between two runs, which bounds the recovery point objective. */
export interface ScheduleInterval {
    expression: string;
    /** The longest gap between consecutive runs in hours, or undefined when the expression is not analysed. */
    maxGapHours?: number;
    /** "hourly", "every 12 hours", "daily", "weekly" or "every N hours"; or why it could not be read. */
    describe: string;
}

const MINUTES_PER_WEEK = 7 * 24 * 60;
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Expands one cron field (`*`, `5`, `1-5`, `0/12`, `*\/6`, `MON-FRI`, lists) to its values, or undefined if unsupported. */
export function expandCronField(field: string, min: number, max: number, names: string[] = []): number[] | undefined {
    const values = new Set<number>();
    const value = (text: string): number | undefined => {
        const named = names.indexOf(text.toUpperCase());
        const n = named >= 0 ? named + min : Number(text);
        return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
    };
    for (const part of field.split(",")) {
        const [range, stepText] = part.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) {
            return undefined;
        }
        let from: number | undefined;
        let to: number | undefined;
        if (range === "*" || range === "?") {
            [from, to] = [min, max];
        } else if (range.includes("-")) {
            const [a, b] = range.split("-");
            [from, to] = [value(a), value(b)];
        } else {
            from = value(range);
            to = stepText === undefined ? from : max;
        }
        if (from === undefined || to === undefined || from > to) {
            return undefined;
        }
        for (let v = from; v <= to; v += step) {
            values.add(v);
        }
    }
    return [...values].sort((a, b) => a - b);
}

function describeGap(hours: number): string {
    if (hours === 1) {
        return "hourly";
    }
    if (hours === 24) {
        return "daily";
    }
    if (hours === 168) {
        return "weekly";
    }
    return Number.isInteger(hours) ? `every ${hours} hours` : `at most ${round(hours)} hours apart`;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Reads an AWS Backup schedule: `cron(min hour dom month dow year)` or `rate(N unit)`. */
export function scheduleInterval(expression: string): ScheduleInterval {
    const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
    if (rate) {
        const n = Number(rate[1]);
        const hours = rate[2].startsWith("minute") ? n / 60 : rate[2].startsWith("hour") ? n : n * 24;
        return { expression, maxGapHours: hours, describe: describeGap(hours) };
    }
    const cron = /^cron\((.+)\)$/.exec(expression.trim());
    const fields = cron?.[1].trim().split(/\s+/);
    if (!fields || fields.length !== 6) {
        return { expression, describe: "not a cron(...) or rate(...) expression" };
    }
    const [minuteField, hourField, domField, monthField, dowField] = fields;
    if (!["*", "?"].includes(domField) || monthField !== "*") {
        return { expression, describe: "custom calendar schedule (day-of-month or month set); interval not analysed" };
    }
    const minutes = expandCronField(minuteField, 0, 59);
    const hours = expandCronField(hourField, 0, 23);
    const days = expandCronField(dowField, 1, 7, DAY_NAMES);
    if (!minutes || !hours || !days) {
        return { expression, describe: "custom cron with fields this plan does not read (L, W, #); interval not analysed" };
    }
    // Cron day-of-week 1 = Sunday; firing minutes over one week, then the widest gap including the wrap-around.
    const firings: number[] = [];
    for (const day of days) {
        for (const hour of hours) {
            for (const minute of minutes) {
                firings.push((day - 1) * 1440 + hour * 60 + minute);
            }
        }
    }
    firings.sort((a, b) => a - b);
    const gaps = firings.map((at, i) => (i === 0 ? at + MINUTES_PER_WEEK - firings[firings.length - 1] : at - firings[i - 1]));
    const gapHours = Math.max(...gaps) / 60;
    const even = gaps.every((g) => g === gaps[0]);
    return { expression, maxGapHours: gapHours, describe: even ? describeGap(gapHours) : `up to ${round(gapHours)} hours apart` };
}
