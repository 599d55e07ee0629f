import awsCronParser from "aws-cron-parser";

// AWS cron: six fields (minutes hours day-of-month month day-of-week year) in UTC, with the values and wildcards per
// field below: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
//
// aws-cron-parser expands the fields into value sets, but it trusts its input ("cron is assumed to be validated by AWS
// already"): it reads "x" as NaN and "5x" as 5, ignores a seventh field, cuts "1W,15W" to "1W" and "3#1,6#3" to "3#1",
// replaces only the first of repeated names (MON,MON), reads a bare L in day-of-week as a day that never comes, and
// accepts L, W and # in any field. So every field passes the grammar below first. Its next() is not used: it returns
// days a month lacks (31 April comes back as 1 May), finds "nL" by the local time zone, and throws on sparse schedules.

/** The expanded sets aws-cron-parser returns (daysOfWeek 1 = SUN .. 7 = SAT; empty for `?`). */
export type ParsedCron = ReturnType<typeof awsCronParser.parse>;

export type ParsedSchedule = { kind: "cron"; fields: string[]; parsed: ParsedCron } | { kind: "rate"; hours: number };

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

interface FieldSpec {
    label: string;
    min: number;
    max: number;
    /** The wildcards AWS allows in this field (the documentation's table). */
    wildcards: string;
    names?: readonly string[];
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions (Field / Values / Wildcards table)
const FIELDS: readonly FieldSpec[] = [
    { label: "minutes", min: 0, max: 59, wildcards: ", - * /" },
    { label: "hours", min: 0, max: 23, wildcards: ", - * /" },
    { label: "day-of-month", min: 1, max: 31, wildcards: ", - * ? / L W" },
    { label: "month", min: 1, max: 12, wildcards: ", - * /", names: MONTH_NAMES },
    { label: "day-of-week", min: 1, max: 7, wildcards: ", - * ? L #", names: DAY_NAMES },
    { label: "year", min: 1970, max: 2199, wildcards: ", - * /" },
];

const FIELD_NAMES = "minutes hours day-of-month month day-of-week year";
const CRON_EXAMPLE = "cron(0 5 ? * * *)";
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

class ScheduleError extends Error {}

function fieldTakes(spec: FieldSpec): string {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : "";
    return `${spec.label} takes ${spec.min}-${spec.max}${names} with ${spec.wildcards}`;
}

/** One value of a field as a number, or throws why not. */
function fieldValue(token: string, spec: FieldSpec): number {
    const named = spec.names?.indexOf(token) ?? -1;
    if (named >= 0) {
        return named + spec.min;
    }
    if (spec.names?.includes(token.toUpperCase())) {
        throw new ScheduleError(`has ${spec.label} value "${token}"; write names in capitals (${token.toUpperCase()})`);
    }
    if (!/^\d+$/.test(token)) {
        throw new ScheduleError(`has an invalid ${spec.label} field value "${token}"; ${fieldTakes(spec)}`);
    }
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
        throw new ScheduleError(`has ${spec.label} value "${token}" outside ${spec.min}-${spec.max}`);
    }
    return value;
}

const WILDCARD_CHARS = /[,\-*?/#]/g;

/**
 * The field rewritten with numbers only, ready for aws-cron-parser, or throws why AWS would refuse it. L, W and #
 * stand alone as the whole field, as AWS documents them ("3#1,6#3" is not valid).
 */
function normaliseField(text: string, spec: FieldSpec): string {
    const stray = /[^0-9A-Za-z,\-*?/#]/.exec(text);
    if (stray) {
        return fail(`has "${stray[0]}" in the ${spec.label} field "${text}"; AWS cron fields use digits, names and , - * ? / L W #`);
    }
    for (const wildcard of new Set(text.match(WILDCARD_CHARS) ?? [])) {
        if (!spec.wildcards.includes(wildcard)) {
            return fail(`uses ${wildcard} in the ${spec.label} field "${text}", which AWS does not allow there; ${fieldTakes(spec)}`);
        }
    }
    if (text === "?") {
        return text;
    }
    if (spec.label === "day-of-month") {
        if (text === "L") {
            return text;
        }
        const weekday = /^(\d+)W$/.exec(text);
        if (weekday) {
            return `${fieldValue(weekday[1], spec)}W`;
        }
    }
    if (spec.label === "day-of-week") {
        if (text === "L") {
            // "L ... in the Day-of-week field specifies the last day of the week": Saturday, every week.
            return "7";
        }
        const last = /^([0-9A-Za-z]+)L$/.exec(text);
        if (last) {
            return `${fieldValue(last[1], spec)}L`;
        }
        const nth = /^([0-9A-Za-z]+)#(\d+)$/.exec(text);
        if (nth) {
            const occurrence = Number(nth[2]);
            if (!/^[1-5]$/.test(nth[2])) {
                return fail(`has day-of-week value "${text}"; the number after # is the occurrence in the month, 1-5`);
            }
            return `${fieldValue(nth[1], spec)}#${occurrence}`;
        }
    }
    return text.split(",").map((item) => normaliseItem(item, text, spec)).join(",");
}

function normaliseItem(item: string, field: string, spec: FieldSpec): string {
    const match = /^(\*|[0-9A-Za-z]+|[0-9A-Za-z]+-[0-9A-Za-z]+)(?:\/(\d+))?$/.exec(item);
    if (!match) {
        return fail(`has an invalid ${spec.label} field "${field}"; ${fieldTakes(spec)}`);
    }
    const [, range, step] = match;
    let base = range;
    if (range !== "*") {
        const ends = range.split("-").map((token) => fieldValue(token, spec));
        if (ends.length === 2 && ends[0] > ends[1]) {
            return fail(`has ${spec.label} range "${range}" that runs backwards; AWS ranges go from low to high`);
        }
        base = ends.join("-");
    }
    if (step !== undefined && (Number(step) < 1 || Number(step) > spec.max)) {
        return fail(`has ${spec.label} step "/${step}" outside 1-${spec.max}`);
    }
    return step === undefined ? base : `${base}/${Number(step)}`;
}

function fail(problem: string): never {
    throw new ScheduleError(problem);
}

function isNumberList(rule: ParsedCron[keyof ParsedCron]): rule is number[] {
    return rule.every((value) => typeof value === "number" && Number.isInteger(value));
}

function parseCron(inner: string): { kind: "cron"; fields: string[]; parsed: ParsedCron } {
    const fields = inner.trim() === "" ? [] : inner.trim().split(/\s+/);
    if (fields.length !== 6) {
        return fail(`has ${fields.length} cron fields; AWS cron takes 6: ${FIELD_NAMES}`);
    }
    const normalised = fields.map((field, i) => normaliseField(field, FIELDS[i]));
    // "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you specify a value
    // or a * in one of the fields, you must use a ? in the other." (eb-scheduled-rule-pattern.html#eb-cron-expressions)
    if ((fields[2] === "?") === (fields[4] === "?")) {
        return fail("must set exactly one of day-of-month and day-of-week to ?; AWS cron cannot use both, e.g. cron(0 5 ? * MON *) or cron(0 5 1 * ? *)");
    }
    let parsed: ParsedCron;
    try {
        parsed = awsCronParser.parse(normalised.join(" "));
    } catch (err) {
        return fail(`is refused by the cron parser: ${(err as Error).message}`);
    }
    // Guard: after the grammar above every plain set holds integers; L, W and # come back as tagged tuples.
    for (const key of ["minutes", "hours", "months", "years"] as const) {
        if (!isNumberList(parsed[key]) || parsed[key].length === 0) {
            return fail(`has a ${key} field the cron parser could not read`);
        }
    }
    return { kind: "cron", fields, parsed };
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html: rate(value unit), value positive; unit singular for 1, plural above
function parseRate(inner: string): { kind: "rate"; hours: number } {
    const match = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(inner);
    if (!match) {
        return fail("is not a rate expression; write rate(N minutes|hours|days), e.g. rate(12 hours)");
    }
    const value = Number(match[1]);
    const unit = match[2];
    if (value < 1) {
        return fail(`has rate value ${match[1]}; the value must be a positive whole number`);
    }
    const singular = !unit.endsWith("s");
    if (singular !== (value === 1)) {
        const fixed = value === 1 ? unit.replace(/s$/, "") : `${unit}s`;
        return fail(`has unit "${unit}" for ${value}; AWS takes the singular for 1 and the plural otherwise: rate(${value} ${fixed})`);
    }
    const hours = unit.startsWith("minute") ? value / 60 : unit.startsWith("hour") ? value : value * 24;
    return { kind: "rate", hours };
}

function scheduleOf(expression: unknown): ParsedSchedule {
    if (typeof expression !== "string") {
        return fail(`is not a schedule expression; write cron(${FIELD_NAMES}), e.g. ${CRON_EXAMPLE}`);
    }
    const trimmed = expression.trim();
    const cron = /^cron\((.*)\)$/s.exec(trimmed);
    if (cron) {
        return parseCron(cron[1]);
    }
    const rate = /^rate\((.*)\)$/s.exec(trimmed);
    if (rate) {
        return parseRate(rate[1]);
    }
    return fail(`is neither cron(...) nor rate(...); write cron(${FIELD_NAMES}), e.g. ${CRON_EXAMPLE}`);
}

/**
 * Reads an AWS schedule expression: `cron(<6 fields>)` or `rate(N minute|minutes|hour|hours|day|days)`, surrounding
 * whitespace ignored. Throws an Error naming the expression and why AWS would refuse it.
 */
export function parseScheduleExpression(expression: string): ParsedSchedule {
    try {
        return scheduleOf(expression);
    } catch (err) {
        if (err instanceof ScheduleError) {
            throw new Error(`schedule ${JSON.stringify(expression)} ${err.message}`);
        }
        throw err;
    }
}

type DayRule =
    | { kind: "daysOfMonth"; days: ReadonlySet<number> }
    | { kind: "lastDayOfMonth"; before: number }
    | { kind: "nearestWeekday"; day: number }
    | { kind: "daysOfWeek"; weekdays: ReadonlySet<number> }
    | { kind: "lastWeekday"; weekday: number }
    | { kind: "nthWeekday"; weekday: number; nth: number };

/** A cron schedule as the calendar engine below needs it: firing minutes of a day, months, years, and a day rule. */
interface CronCalendar {
    minutesOfDay: number[];
    months: number[];
    years: number[];
    dayRule: DayRule;
}

function calendarOf(parsed: ParsedCron): CronCalendar {
    const numbers = (rule: ParsedCron[keyof ParsedCron]): number[] => [...new Set(rule as number[])].sort((a, b) => a - b);
    const minutesOfDay = numbers(parsed.hours).flatMap((hour) => numbers(parsed.minutes).map((minute) => hour * 60 + minute));
    const [domTag, domValue] = parsed.daysOfMonth;
    const [dowTag, dowValue, dowNth] = parsed.daysOfWeek;
    let dayRule: DayRule;
    if (parsed.daysOfMonth.length === 0) {
        dayRule = dowTag === "L" ? { kind: "lastWeekday", weekday: dowValue as number }
            : dowTag === "#" ? { kind: "nthWeekday", weekday: dowValue as number, nth: dowNth as number }
                : { kind: "daysOfWeek", weekdays: new Set(numbers(parsed.daysOfWeek)) };
    } else {
        dayRule = domTag === "L" ? { kind: "lastDayOfMonth", before: domValue as number }
            : domTag === "W" ? { kind: "nearestWeekday", day: domValue as number }
                : { kind: "daysOfMonth", days: new Set(numbers(parsed.daysOfMonth)) };
    }
    return { minutesOfDay, months: numbers(parsed.months), years: numbers(parsed.years), dayRule };
}

/** The days a month of `length` days whose 1st is `firstWeekday` (0 = SUN) runs on, ascending, on the real calendar. */
function runDaysOfMonth(rule: DayRule, length: number, firstWeekday: number): number[] {
    const weekdayOf = (day: number) => ((firstWeekday + day - 1) % 7) + 1; // 1 = SUN .. 7 = SAT
    const all = Array.from({ length }, (_, i) => i + 1);
    switch (rule.kind) {
        case "daysOfMonth":
            return all.filter((day) => rule.days.has(day));
        case "lastDayOfMonth":
            return length - rule.before >= 1 ? [length - rule.before] : [];
        case "nearestWeekday": {
            // "3W specifies the weekday closest to the third day of the month", never leaving the month; a day the
            // month lacks (31W in April) selects nothing that month.
            const day = rule.day;
            if (day > length) {
                return [];
            }
            const weekday = weekdayOf(day);
            return [weekday === 7 ? (day === 1 ? 3 : day - 1) : weekday === 1 ? (day === length ? day - 2 : day + 1) : day];
        }
        case "daysOfWeek":
            return all.filter((day) => rule.weekdays.has(weekdayOf(day)));
        case "lastWeekday":
            return all.filter((day) => weekdayOf(day) === rule.weekday && day + 7 > length);
        case "nthWeekday":
            return all.filter((day) => weekdayOf(day) === rule.weekday && Math.ceil(day / 7) === rule.nth);
    }
}

/** A month's run days and the widest step between two of them. */
interface MonthRuns {
    days: readonly number[];
    widestStep: number;
}

function widestStepOf(days: readonly number[]): number {
    let widest = 0;
    for (let i = 1; i < days.length; i++) {
        widest = Math.max(widest, days[i] - days[i - 1]);
    }
    return widest;
}

/**
 * Calls `visit` with the first day (days since the epoch) and the runs of each month of the schedule from the month
 * containing `fromDay` on, ascending, until `visit` returns false or the cron years end. A month's runs depend only
 * on its length and the weekday of its 1st, so each of those 28 shapes is worked out once.
 */
function forEachMonth(calendar: CronCalendar, fromDay: number, visit: (monthStartDay: number, runs: MonthRuns) => boolean): void {
    const shapes = new Map<number, MonthRuns>();
    for (const year of calendar.years) {
        for (const month of calendar.months) {
            const monthStartDay = Date.UTC(year, month - 1, 1) / DAY_MS;
            const nextMonthDay = Date.UTC(year, month, 1) / DAY_MS;
            if (nextMonthDay <= fromDay) {
                continue;
            }
            const length = nextMonthDay - monthStartDay;
            const firstWeekday = (((monthStartDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
            const key = length * 7 + firstWeekday;
            let runs = shapes.get(key);
            if (!runs) {
                const days = runDaysOfMonth(calendar.dayRule, length, firstWeekday);
                runs = { days, widestStep: widestStepOf(days) };
                shapes.set(key, runs);
            }
            if (!visit(monthStartDay, runs)) {
                return;
            }
        }
    }
}

/** The first `count` runs strictly after `from` (ms since the epoch), ascending. */
function firstRunsOf(calendar: CronCalendar, from: Date, count: number): number[] {
    const runs: number[] = [];
    if (count <= 0) {
        return runs;
    }
    forEachMonth(calendar, Math.floor(from.getTime() / DAY_MS), (monthStartDay, month) => {
        for (const day of month.days) {
            for (const minute of calendar.minutesOfDay) {
                const at = (monthStartDay + day - 1) * DAY_MS + minute * MINUTE_MS;
                if (at > from.getTime() && runs.length < count) {
                    runs.push(at);
                }
            }
        }
        return runs.length < count;
    });
    return runs;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const isoMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** Why the schedule has fewer than two runs after `now` (AWS Backup needs a repeating schedule), or undefined. */
function repetitionProblem(schedule: { fields: string[]; parsed: ParsedCron }, now: Date): string | undefined {
    const calendar = calendarOf(schedule.parsed);
    const runs = firstRunsOf(calendar, now, 2);
    if (runs.length === 2) {
        return undefined;
    }
    const everyYear = { ...calendar, years: range(FIELDS[5].min, FIELDS[5].max) };
    const yearIsTheCause = schedule.fields[5] !== "*" && firstRunsOf(everyYear, now, 2).length === 2;
    const dropYear = yearIsTheCause ? "; drop the year (use *)" : "";
    if (runs.length === 1) {
        return `runs only once, at ${isoMinute(runs[0])}; a backup rule needs a repeating schedule${dropYear}`;
    }
    const lastYear = calendar.years[calendar.years.length - 1];
    if (yearIsTheCause) {
        const why = lastYear < now.getUTCFullYear() ? "its years are all in the past" : `its last run in ${lastYear} is past`;
        return `never runs again after ${isoDate(now)}: ${why}${dropYear}`;
    }
    return `never runs again after ${isoDate(now)}: no date matches its day-of-month, month and day-of-week fields`;
}

function range(min: number, max: number): number[] {
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * Why `expression` is not a valid AWS cron for an AWS Backup rule, as a phrase that reads after the value, or
 * undefined when it is one. Future runs are judged from `now`.
 */
export function cronProblem(expression: string, now: Date = new Date()): string | undefined {
    let schedule: ParsedSchedule;
    try {
        if (typeof expression === "string" && /^rate\(/.test(expression.trim())) {
            // https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html: a backup rule's schedule is a cron expression
            return `is a rate expression; an AWS Backup rule takes cron(${FIELD_NAMES}), e.g. ${CRON_EXAMPLE}`;
        }
        if (typeof expression !== "string" || !/^cron\(.*\)$/s.test(expression.trim())) {
            return `is not an AWS cron expression; write cron(${FIELD_NAMES}), e.g. ${CRON_EXAMPLE}`;
        }
        schedule = scheduleOf(expression);
    } catch (err) {
        if (err instanceof ScheduleError) {
            return err.message;
        }
        throw err;
    }
    if (schedule.kind !== "cron") {
        return `is not an AWS cron expression; write cron(${FIELD_NAMES}), e.g. ${CRON_EXAMPLE}`;
    }
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html: AWS Backup's shortest backup frequency is one hour
    if (new Set(schedule.parsed.minutes).size !== 1) {
        return "runs more than once an hour; AWS Backup's shortest interval is one hour, so give one minute value";
    }
    return repetitionProblem(schedule, now);
}

/**
 * The longest gap in hours between consecutive runs from the day of `now` on (the recovery point objective a schedule
 * allows), on the real UTC calendar up to the last year AWS cron takes (2199), so leap days and the non-leap 2100
 * count. A rate gives its interval. Throws when the expression is invalid or does not run at least twice.
 */
export function maxIntervalHours(expression: string, now: Date = new Date()): number {
    const schedule = parseScheduleExpression(expression);
    if (schedule.kind === "rate") {
        return schedule.hours;
    }
    const problem = repetitionProblem(schedule, now);
    if (problem) {
        throw new Error(`schedule ${JSON.stringify(expression)} ${problem}`);
    }
    const calendar = calendarOf(schedule.parsed);
    const times = calendar.minutesOfDay;
    let longest = 0;
    for (let i = 1; i < times.length; i++) {
        longest = Math.max(longest, times[i] - times[i - 1]);
    }
    // Consecutive run days d1 < d2 are (d2 - d1) days minus the last firing plus the first firing apart.
    let widestStep = 0;
    let previousDay: number | undefined;
    const fromDay = Math.floor(now.getTime() / DAY_MS);
    forEachMonth(calendar, fromDay, (monthStartDay, month) => {
        const whole = monthStartDay >= fromDay;
        const days = whole ? month.days : month.days.filter((day) => monthStartDay + day - 1 >= fromDay);
        if (days.length > 0) {
            widestStep = Math.max(widestStep, whole ? month.widestStep : widestStepOf(days));
            if (previousDay !== undefined) {
                widestStep = Math.max(widestStep, monthStartDay + days[0] - 1 - previousDay);
            }
            previousDay = monthStartDay + days[days.length - 1] - 1;
        }
        return true;
    });
    if (widestStep > 0) {
        longest = Math.max(longest, widestStep * 1440 - times[times.length - 1] + times[0]);
    }
    return longest / 60;
}

/** "hourly", "daily", "weekly", "every N hours", or "up to X hours apart" when the gap is not a whole number of hours. */
export function describeInterval(hours: number): string {
    if (!Number.isFinite(hours) || hours <= 0) {
        throw new Error(`interval ${hours} hours is not a positive number of hours`);
    }
    if (hours === 1) {
        return "hourly";
    }
    if (hours === 24) {
        return "daily";
    }
    if (hours === 168) {
        return "weekly";
    }
    return Number.isInteger(hours) ? `every ${hours} hours` : `up to ${Math.round(hours * 100) / 100} hours apart`;
}

/**
 * The next `count` runs strictly after `from`. A rate expression counts its interval from `from`, as AWS starts a
 * rate when the rule is created. Throws on an invalid expression.
 */
export function firstRuns(expression: string, from: Date, count: number): Date[] {
    const schedule = parseScheduleExpression(expression);
    if (schedule.kind === "rate") {
        return range(1, Math.max(0, count)).map((i) => new Date(from.getTime() + i * schedule.hours * 3_600_000));
    }
    return firstRunsOf(calendarOf(schedule.parsed), from, count).map((ms) => new Date(ms));
}
