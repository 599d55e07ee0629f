import * as assert from "assert";
import awsCronParser from "aws-cron-parser";
import { cronProblem, describeInterval, firstRuns, maxIntervalHours, parseScheduleExpression } from "../../model/cron";

// A fixed clock: Sunday 2026-11-22 03:45 UTC.
const NOW = new Date("2026-11-22T03:45:00Z");
const iso = (dates: Date[]) => dates.map((date) => date.toISOString().slice(0, 16));

/** An independent oracle: every run day in [fromYear, toYear) by asking each calendar day, then the widest gap. */
function bruteForceMaxGapHours(runsOn: (date: Date) => boolean, minutesOfDay: number[], fromYear: number, toYear: number): number {
    const runs: number[] = [];
    for (let day = Date.UTC(fromYear, 0, 1); day < Date.UTC(toYear, 0, 1); day += 86_400_000) {
        if (runsOn(new Date(day))) {
            runs.push(...minutesOfDay.map((minute) => day / 60_000 + minute));
        }
    }
    return Math.max(...runs.slice(1).map((run, i) => run - runs[i])) / 60;
}
const lengthOf = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
const weekday = (date: Date) => date.getUTCDay() + 1; // 1 = SUN
const isWeekday = (date: Date) => date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
/** The weekday of the month nearest to day `n` (the W rule), found by distance rather than by case analysis. */
function nearestWeekday(date: Date, n: number): boolean {
    if (n > lengthOf(date) || !isWeekday(date)) {
        return false;
    }
    const candidates = Array.from({ length: lengthOf(date) }, (_, i) => i + 1)
        .filter((day) => isWeekday(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), day))));
    const best = candidates.reduce((a, b) => (Math.abs(b - n) < Math.abs(a - n) ? b : a));
    return date.getUTCDate() === best;
}

describe("model/cron: maxIntervalHours", () => {
    const rows: Array<[string, number]> = [
        ["cron(0 */1 * * ? *)", 1],
        ["cron(0 * * * ? *)", 1],
        ["cron(0 0/12 * * ? *)", 12],
        ["cron(0 */12 * * ? *)", 12],
        ["cron(0 0 * * ? *)", 24],
        ["cron(0 5 ? * * *)", 24],
        ["cron(0 5 ? * MON-FRI *)", 72],
        ["cron(0 5 ? * 2-6 *)", 72],
        ["cron(0 5 ? * 1 *)", 168],
        ["cron(0 5 ? * SUN *)", 168],
        ["cron(0 5 ? * L *)", 168],
        ["cron(0 3 1 * ? *)", 744],
        ["cron(0 5 L * ? *)", 744],
        ["cron(0 0,6 * * ? *)", 18],
        ["cron(30 1,13 * * ? *)", 12],
        ["cron(0 1,13,19 * * ? *)", 12],
        ["cron(15 23 * * ? *)", 24],
        ["cron(0 5 ? * 6L *)", 5 * 168],
        ["cron(0 5 ? * 2#1 *)", 5 * 168],
        ["cron(0 0 29 2 ? *)", 8 * 365 * 24 + 24], // 2096-02-29 -> 2104-02-29: 2100 is no leap year
        ["cron(*/30 * * * ? *)", 0.5],
        ["cron(0 0 * * ? 2027-2030)", 24],
        ["rate(12 hours)", 12],
        ["rate(1 day)", 24],
        ["rate(1 hour)", 1],
        ["rate(30 minutes)", 0.5],
        ["rate(7 days)", 168],
    ];
    for (const [expression, hours] of rows) {
        it(`${expression} -> ${hours} hours`, () => {
            assert.strictEqual(maxIntervalHours(expression, NOW), hours);
        });
    }

    const oracleRows: Array<[string, (date: Date) => boolean, number[]]> = [
        ["cron(0 9 15W * ? *)", (date) => nearestWeekday(date, 15), [540]],
        ["cron(0 9 1W * ? *)", (date) => nearestWeekday(date, 1), [540]],
        ["cron(0 9 31W * ? *)", (date) => nearestWeekday(date, 31), [540]],
        ["cron(0 9 ? * 2#5 *)", (date) => weekday(date) === 2 && date.getUTCDate() > 28, [540]],
        ["cron(0 9 ? * 6#3 *)", (date) => weekday(date) === 6 && date.getUTCDate() > 14 && date.getUTCDate() <= 21, [540]],
        ["cron(0 9 ? * 1L *)", (date) => weekday(date) === 1 && date.getUTCDate() + 7 > lengthOf(date), [540]],
        ["cron(0 9 ? JAN,JUL MON *)", (date) => [0, 6].includes(date.getUTCMonth()) && weekday(date) === 2, [540]],
        ["cron(0 6/8 1-7 * ? *)", (date) => date.getUTCDate() <= 7, [360, 840, 1320]],
        ["cron(0 0 1/10 * ? *)", (date) => [1, 11, 21, 31].includes(date.getUTCDate()), [0]],
        ["cron(0 0 L * ? *)", (date) => date.getUTCDate() === lengthOf(date), [0]],
    ];
    for (const [expression, runsOn, minutesOfDay] of oracleRows) {
        it(`${expression} matches a day-by-day replay of the calendar (28 years)`, () => {
            assert.strictEqual(maxIntervalHours(expression, new Date("2027-01-01T00:00:00Z")), bruteForceMaxGapHours(runsOn, minutesOfDay, 2027, 2055));
        });
    }

    const invalid: Array<[string, RegExp]> = [
        ["cron(0 5 * *)", /has 4 cron fields/],
        ["cron(0 25 * * ? *)", /hours value "25" outside 0-23/],
        ["cron(0 5 ? * FUNDAY *)", /invalid day-of-week field value "FUNDAY"/],
        ["daily", /is neither cron\(\.\.\.\) nor rate\(\.\.\.\)/],
        ["rate(1 hours)", /singular for 1/],
        ["cron(0 3 * * ? 1999)", /never runs again after 2026-11-22: its years are all in the past/],
        ["cron(0 0 1 1 ? 2027)", /runs only once, at 2027-01-01T00:00Z/],
        ["cron(0 0 30 2 ? *)", /no date matches/],
    ];
    for (const [expression, message] of invalid) {
        it(`throws on ${expression}`, () => {
            assert.throws(() => maxIntervalHours(expression, NOW), (err: Error) => {
                assert.match(err.message, message);
                assert.ok(err.message.startsWith(`schedule ${JSON.stringify(expression)} `), err.message);
                return true;
            });
        });
    }
});

describe("model/cron: describeInterval", () => {
    const rows: Array<[number, string]> = [
        [1, "hourly"], [24, "daily"], [168, "weekly"], [12, "every 12 hours"], [2, "every 2 hours"], [23, "every 23 hours"],
        [25, "every 25 hours"], [72, "every 72 hours"], [744, "every 744 hours"], [0.5, "up to 0.5 hours apart"],
        [1.5, "up to 1.5 hours apart"], [2 / 3, "up to 0.67 hours apart"],
    ];
    for (const [hours, text] of rows) {
        it(`${hours} -> ${text}`, () => assert.strictEqual(describeInterval(hours), text));
    }
    for (const hours of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        it(`refuses ${hours}`, () => assert.throws(() => describeInterval(hours), /not a positive number of hours/));
    }
});

describe("model/cron: firstRuns", () => {
    const rows: Array<[string, string, number, string[]]> = [
        ["cron(0 0/12 * * ? *)", "2026-11-22T03:45", 3, ["2026-11-22T12:00", "2026-11-23T00:00", "2026-11-23T12:00"]],
        ["cron(15 1/6 * * ? *)", "2026-11-22T00:00", 4, ["2026-11-22T01:15", "2026-11-22T07:15", "2026-11-22T13:15", "2026-11-22T19:15"]],
        ["cron(0 12 * * ? *)", "2026-11-22T12:00", 1, ["2026-11-23T12:00"]], // strictly after `from`
        ["cron(0 12 * * ? *)", "2026-11-22T11:59", 1, ["2026-11-22T12:00"]],
        ["cron(0 5 ? * MON-FRI *)", "2026-11-20T06:00", 3, ["2026-11-23T05:00", "2026-11-24T05:00", "2026-11-25T05:00"]],
        ["cron(0 5 ? * SAT,SUN *)", "2026-11-23T00:00", 3, ["2026-11-28T05:00", "2026-11-29T05:00", "2026-12-05T05:00"]],
        ["cron(0 0 1 JAN ? *)", "2026-11-22T00:00", 2, ["2027-01-01T00:00", "2028-01-01T00:00"]],
        ["cron(0 0 1 JAN-MAR/2 ? *)", "2026-11-22T00:00", 3, ["2027-01-01T00:00", "2027-03-01T00:00", "2028-01-01T00:00"]],
        ["cron(0 12 L FEB ? *)", "2027-01-01T00:00", 2, ["2027-02-28T12:00", "2028-02-29T12:00"]],
        ["cron(0 9 ? * L *)", "2026-11-22T00:00", 2, ["2026-11-28T09:00", "2026-12-05T09:00"]],
        ["cron(0 9 ? * 6L *)", "2026-11-01T00:00", 2, ["2026-11-27T09:00", "2026-12-25T09:00"]],
        ["cron(0 9 ? * FRIL *)", "2026-11-01T00:00", 1, ["2026-11-27T09:00"]],
        ["cron(0 9 ? * 3#2 *)", "2026-12-01T00:00", 2, ["2026-12-08T09:00", "2027-01-12T09:00"]],
        ["cron(0 9 ? * MON#5 *)", "2026-11-01T00:00", 2, ["2026-11-30T09:00", "2027-03-29T09:00"]],
        ["cron(0 9 15W * ? *)", "2026-11-01T00:00", 3, ["2026-11-16T09:00", "2026-12-15T09:00", "2027-01-15T09:00"]],
        ["cron(0 9 1W * ? *)", "2026-08-01T00:00", 1, ["2026-08-03T09:00"]], // Saturday the 1st: Monday the 3rd, not July
        ["cron(0 9 31W * ? *)", "2027-01-01T00:00", 2, ["2027-01-29T09:00", "2027-03-31T09:00"]], // Sunday the 31st: Friday
        ["cron(0 0 31 * ? *)", "2026-11-22T00:00", 3, ["2026-12-31T00:00", "2027-01-31T00:00", "2027-03-31T00:00"]],
        ["cron(0 0 29 2 ? *)", "2026-11-22T00:00", 2, ["2028-02-29T00:00", "2032-02-29T00:00"]],
        ["cron(0 0 * * ? 1999)", "2026-11-22T00:00", 3, []],
        ["rate(12 hours)", "2026-11-22T03:45", 2, ["2026-11-22T15:45", "2026-11-23T03:45"]],
        ["cron(0 0 * * ? *)", "2026-11-22T00:00", 0, []],
    ];
    for (const [expression, from, count, runs] of rows) {
        it(`${expression} after ${from}`, () => {
            assert.deepStrictEqual(iso(firstRuns(expression, new Date(`${from}Z`), count)), runs);
        });
    }

    it("does not depend on the local time zone (aws-cron-parser's next() finds nL by local dates)", () => {
        const saved = process.env.TZ;
        try {
            process.env.TZ = "Europe/London";
            assert.deepStrictEqual(iso(firstRuns("cron(0 12 ? 10 1L *)", new Date("2026-10-01T00:00:00Z"), 1)), ["2026-10-25T12:00"]);
        } finally {
            if (saved === undefined) {
                delete process.env.TZ;
            } else {
                process.env.TZ = saved;
            }
        }
    });

    const agreeing = ["cron(0 */1 * * ? *)", "cron(0 5 ? * MON-FRI *)", "cron(30 2 1,15 * ? *)", "cron(0 5 L * ? *)",
        "cron(0 9 ? * 3#2 *)", "cron(0 9 15W * ? *)", "cron(0 0/12 * JAN,JUN ? *)", "cron(45 23 28 * ? 2027-2029)"];
    for (const expression of agreeing) {
        it(`agrees with aws-cron-parser's next() on ${expression}, a schedule it handles`, () => {
            const saved = process.env.TZ;
            try {
                process.env.TZ = "UTC";
                const schedule = parseScheduleExpression(expression);
                assert.ok(schedule.kind === "cron");
                const expected: Date[] = [];
                let from = new Date("2026-11-22T03:45:00Z");
                for (let i = 0; i < 60; i++) {
                    const next = awsCronParser.next(schedule.parsed, from);
                    if (!next) {
                        break;
                    }
                    expected.push(next);
                    from = next;
                }
                assert.deepStrictEqual(iso(firstRuns(expression, new Date("2026-11-22T03:45:00Z"), 60)), iso(expected));
            } finally {
                if (saved === undefined) {
                    delete process.env.TZ;
                } else {
                    process.env.TZ = saved;
                }
            }
        });
    }
});

describe("model/cron: parseScheduleExpression", () => {
    it("reads the six fields and expands them with aws-cron-parser", () => {
        const schedule = parseScheduleExpression("  cron(0 5 ? JAN,JUL MON-FRI *)  ");
        assert.strictEqual(schedule.kind, "cron");
        if (schedule.kind === "cron") {
            assert.deepStrictEqual(schedule.fields, ["0", "5", "?", "JAN,JUL", "MON-FRI", "*"]);
            assert.deepStrictEqual(schedule.parsed.minutes, [0]);
            assert.deepStrictEqual(schedule.parsed.hours, [5]);
            assert.deepStrictEqual(schedule.parsed.daysOfMonth, []);
            assert.deepStrictEqual(schedule.parsed.months, [1, 7]);
            assert.deepStrictEqual(schedule.parsed.daysOfWeek, [2, 3, 4, 5, 6]);
            assert.strictEqual(schedule.parsed.years.length, 2199 - 1970 + 1);
        }
    });
    it("expands steps from their start value", () => {
        const schedule = parseScheduleExpression("cron(0 0/12 1/10 * ? *)");
        assert.ok(schedule.kind === "cron");
        assert.deepStrictEqual(schedule.parsed.hours, [0, 12]);
        assert.deepStrictEqual(schedule.parsed.daysOfMonth, [1, 11, 21, 31]);
    });
    it("reads a bare L in day-of-week as Saturday, the last day of the week", () => {
        const schedule = parseScheduleExpression("cron(0 5 ? * L *)");
        assert.ok(schedule.kind === "cron");
        assert.deepStrictEqual(schedule.parsed.daysOfWeek, [7]);
    });
    it("keeps L, W and # as the library's tagged values", () => {
        const tagged = (expression: string) => {
            const schedule = parseScheduleExpression(expression);
            assert.ok(schedule.kind === "cron");
            return [schedule.parsed.daysOfMonth, schedule.parsed.daysOfWeek];
        };
        assert.deepStrictEqual(tagged("cron(0 5 L * ? *)"), [["L", 0], []]);
        assert.deepStrictEqual(tagged("cron(0 5 15W * ? *)"), [["W", 15], []]);
        assert.deepStrictEqual(tagged("cron(0 5 ? * FRIL *)"), [[], ["L", 6]]);
        assert.deepStrictEqual(tagged("cron(0 5 ? * MON#2 *)"), [[], ["#", 2, 2]]);
    });
    const rates: Array<[string, number]> = [
        ["rate(1 minute)", 1 / 60], ["rate(90 minutes)", 1.5], ["rate(1 hour)", 1], ["rate(12 hours)", 12], ["rate(1 day)", 24], ["rate(2 days)", 48],
    ];
    for (const [expression, hours] of rates) {
        it(`${expression} -> ${hours} hours`, () => assert.deepStrictEqual(parseScheduleExpression(expression), { kind: "rate", hours }));
    }
    const refused: Array<[string, string]> = [
        ["rate(1 hours)", 'schedule "rate(1 hours)" has unit "hours" for 1; AWS takes the singular for 1 and the plural otherwise: rate(1 hour)'],
        ["rate(5 hour)", 'schedule "rate(5 hour)" has unit "hour" for 5; AWS takes the singular for 1 and the plural otherwise: rate(5 hours)'],
        ["rate(0 hours)", 'schedule "rate(0 hours)" has rate value 0; the value must be a positive whole number'],
        ["rate(1 week)", 'schedule "rate(1 week)" is not a rate expression; write rate(N minutes|hours|days), e.g. rate(12 hours)'],
        ["rate(1.5 hours)", 'schedule "rate(1.5 hours)" is not a rate expression; write rate(N minutes|hours|days), e.g. rate(12 hours)'],
        ["every day", 'schedule "every day" is neither cron(...) nor rate(...); write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)'],
        ["cron(0 5 * * *)", 'schedule "cron(0 5 * * *)" has 5 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year'],
    ];
    for (const [expression, message] of refused) {
        it(`refuses ${expression}`, () => assert.throws(() => parseScheduleExpression(expression), { message }));
    }
    it("every rate fix it proposes is itself accepted", () => {
        for (const expression of ["rate(1 hours)", "rate(5 hour)", "rate(1 days)", "rate(3 minute)"]) {
            assert.throws(() => parseScheduleExpression(expression), (err: Error) => {
                const fix = /: (rate\(.*\))$/.exec(err.message)?.[1];
                assert.ok(fix, err.message);
                assert.strictEqual(parseScheduleExpression(fix).kind, "rate");
                return true;
            });
        }
    });
});

describe("model/cron: cronProblem", () => {
    const accepted = [
        "cron(0 */1 * * ? *)", "cron(0 0/12 * * ? *)", "cron(0 0 * * ? *)", "cron(0 5 ? * * *)", "cron(15 * ? * * *)",
        "  cron(0 5 ? * MON-FRI *)  ", "cron( 0 5 ? * MON-FRI * )", "cron(0  5 ? *  MON-FRI *)", "cron(0 5 ? JAN,JUL MON *)",
        "cron(0 5 ? * SUN-SAT *)", "cron(0 5 L * ? *)", "cron(0 5 15W * ? *)", "cron(0 5 ? * 2#1 *)", "cron(0 5 ? * MON#5 *)",
        "cron(0 5 ? * 6L *)", "cron(0 5 ? * L *)", "cron(0 5 1 * ? 2026-2030)", "cron(0 5 * * ? 2027)", "cron(30 2 1,15 * ? *)",
        "cron(5-5 3 * * ? *)", "cron(59 23 31 12 ? *)", "cron(0 0 1 1 ? *)", "cron(0 5 ? * 7 *)", "cron(0 5 ? * 1 *)",
        "cron(59 23 * 12 ? 2199)", "cron(0 0 * * ? 2026)", "cron(0 1-23/2 ? * * *)", "cron(0 0 ? DEC * *)",
    ];
    for (const expression of accepted) {
        it(`accepts ${expression}`, () => assert.strictEqual(cronProblem(expression, NOW), undefined));
    }

    const refused: Array<[string, string | RegExp]> = [
        ["daily", "is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"],
        ["", /is not an AWS cron expression/],
        ["CRON(0 5 ? * * *)", /is not an AWS cron expression/],
        ["cron(0 5 ? * * *", /is not an AWS cron expression/],
        ["rate(1 hour)", "is a rate expression; an AWS Backup rule takes cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"],
        ["cron()", "has 0 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year"],
        ["cron(0 3 * * *)", "has 5 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year"],
        ["cron(0 3 * * ? * *)", "has 7 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year"],
        ["cron(60 3 * * ? *)", 'has minutes value "60" outside 0-59'],
        ["cron(0 24 * * ? *)", 'has hours value "24" outside 0-23'],
        ["cron(0 25 * * ? *)", 'has hours value "25" outside 0-23'],
        ["cron(0 3 0 * ? *)", 'has day-of-month value "0" outside 1-31'],
        ["cron(0 3 32 * ? *)", 'has day-of-month value "32" outside 1-31'],
        ["cron(0 3 * 0 ? *)", 'has month value "0" outside 1-12'],
        ["cron(0 3 * 13 ? *)", 'has month value "13" outside 1-12'],
        ["cron(0 3 ? * 0 *)", 'has day-of-week value "0" outside 1-7'],
        ["cron(0 3 ? * 8 *)", 'has day-of-week value "8" outside 1-7'],
        ["cron(0 3 * * ? 1969)", 'has year value "1969" outside 1970-2199'],
        ["cron(0 3 * * ? 1800)", 'has year value "1800" outside 1970-2199'],
        ["cron(0 3 * * ? 2200)", 'has year value "2200" outside 1970-2199'],
        ["cron(0 3 32W * ? *)", 'has day-of-month value "32" outside 1-31'],
        ["cron(0 3 ? * 8L *)", 'has day-of-week value "8" outside 1-7'],
        ["cron(0 3 ? * 8#1 *)", 'has day-of-week value "8" outside 1-7'],
        ["cron(0 3 ? * FUNDAY *)", 'has an invalid day-of-week field value "FUNDAY"; day-of-week takes 1-7 or SUN-SAT with , - * ? L #'],
        ["cron(0 3 ? * mon *)", 'has day-of-week value "mon"; write names in capitals (MON)'],
        ["cron(0 3 * jan ? *)", 'has month value "jan"; write names in capitals (JAN)'],
        ["cron(0 3 * MON ? *)", /invalid month field value "MON"/],
        ["cron(0 3 ? * JAN *)", /invalid day-of-week field value "JAN"/],
        ["cron(x 3 * * ? *)", /invalid minutes field value "x"/],
        ["cron(5x 3 * * ? *)", /invalid minutes field value "5x"/],
        ["cron(1.5 3 * * ? *)", /has "\." in the minutes field "1\.5"/],
        ["cron(-5 3 * * ? *)", /invalid minutes field "-5"/],
        ["cron(0 3 1,,2 * ? *)", /invalid day-of-month field "1,,2"/],
        ["cron(0 3 1-5-7 * ? *)", /invalid day-of-month field "1-5-7"/],
        ["cron(0 3 % * ? *)", 'has "%" in the day-of-month field "%"; AWS cron fields use digits, names and , - * ? / L W #'],
        ["cron(0 3 ? * */2 *)", 'uses / in the day-of-week field "*/2", which AWS does not allow there; day-of-week takes 1-7 or SUN-SAT with , - * ? L #'],
        ["cron(0 3 1#2 * ? *)", /uses # in the day-of-month field "1#2"/],
        ["cron(0 ? * * ? *)", /uses \? in the hours field/],
        ["cron(0 3 ? * 3#1,6#3 *)", /invalid day-of-week field "3#1,6#3"/],
        ["cron(0 3 ? * 2#6 *)", 'has day-of-week value "2#6"; the number after # is the occurrence in the month, 1-5'],
        ["cron(0 3 ? * 2#0 *)", /the number after # is the occurrence in the month, 1-5/],
        ["cron(0 3 1W,15W * ? *)", /invalid day-of-month field value "1W"/],
        ["cron(L 3 * * ? *)", /invalid minutes field value "L"/],
        ["cron(0 L * * ? *)", /invalid hours field value "L"/],
        ["cron(0 3 L-3 * ? *)", /invalid day-of-month field value "L"/],
        ["cron(0 3 LW * ? *)", /invalid day-of-month field value "LW"/],
        ["cron(0 3 5L * ? *)", /invalid day-of-month field value "5L"/],
        ["cron(0 3 ? * 2W *)", /invalid day-of-week field value "2W"/],
        ["cron(0 3 5-1 * ? *)", 'has day-of-month range "5-1" that runs backwards; AWS ranges go from low to high'],
        ["cron(0 3 ? * FRI-MON *)", /day-of-week range "FRI-MON" that runs backwards/],
        ["cron(0 */0 * * ? *)", 'has hours step "/0" outside 1-23'],
        ["cron(*/60 3 * * ? *)", 'has minutes step "/60" outside 1-59'],
        ["cron(0 3 * * * *)", "must set exactly one of day-of-month and day-of-week to ?; AWS cron cannot use both, e.g. cron(0 5 ? * MON *) or cron(0 5 1 * ? *)"],
        ["cron(0 3 1 * MON *)", /must set exactly one of day-of-month and day-of-week to \?/],
        ["cron(0 3 ? * ? *)", /must set exactly one of day-of-month and day-of-week to \?/],
        ["cron(*/5 * * * ? *)", "runs more than once an hour; AWS Backup's shortest interval is one hour, so give one minute value"],
        ["cron(0,30 3 * * ? *)", /runs more than once an hour/],
        ["cron(0-1 3 * * ? *)", /runs more than once an hour/],
        ["cron(* 3 * * ? *)", /runs more than once an hour/],
        ["cron(0 3 * * ? 1999)", "never runs again after 2026-11-22: its years are all in the past; drop the year (use *)"],
        ["cron(0 3 * * ? 2020-2025)", "never runs again after 2026-11-22: its years are all in the past; drop the year (use *)"],
        ["cron(0 0 1 1 ? 2026)", "never runs again after 2026-11-22: its last run in 2026 is past; drop the year (use *)"],
        ["cron(0 0 1 1 ? 2027)", "runs only once, at 2027-01-01T00:00Z; a backup rule needs a repeating schedule; drop the year (use *)"],
        ["cron(59 23 31 12 ? 2199)", /runs only once, at 2199-12-31T23:59Z/],
        ["cron(0 0 30 2 ? *)", "never runs again after 2026-11-22: no date matches its day-of-month, month and day-of-week fields"],
        ["cron(0 0 31 APR,JUN,SEP,NOV ? *)", /no date matches/],
    ];
    for (const [expression, message] of refused) {
        it(`refuses ${expression}`, () => {
            const problem = cronProblem(expression, NOW);
            assert.ok(problem !== undefined && problem.length > 0, `expected a reason for ${expression}`);
            if (typeof message === "string") {
                assert.strictEqual(problem, message);
            } else {
                assert.match(problem, message);
            }
        });
    }

    it("refuses a value that is not a string", () => {
        assert.match(cronProblem(42 as unknown as string, NOW) ?? "", /is not an AWS cron expression/);
    });
    it("dropping the year, as the message proposes, gives an accepted schedule", () => {
        for (const expression of ["cron(0 3 * * ? 1999)", "cron(0 0 1 1 ? 2026)", "cron(0 0 1 1 ? 2027)"]) {
            assert.match(cronProblem(expression, NOW) ?? "", /drop the year \(use \*\)$/);
            assert.strictEqual(cronProblem(expression.replace(/ \d{4}\)$/, " *)"), NOW), undefined);
        }
    });
    it("judges the past by `now`", () => {
        assert.strictEqual(cronProblem("cron(0 3 * * ? 1999)", new Date("1998-06-01T00:00:00Z")), undefined);
        assert.strictEqual(cronProblem("cron(0 3 * * ? 2026)", new Date("2026-12-30T00:00:00Z")), undefined);
        assert.match(cronProblem("cron(0 3 * * ? 2026)", new Date("2026-12-31T00:00:00Z")) ?? "", /runs only once, at 2026-12-31T03:00Z/);
    });
    it("accepts the guide's three frequencies with the default clock", () => {
        for (const expression of ["cron(0 */1 * * ? *)", "cron(0 0/12 * * ? *)", "cron(0 0 * * ? *)"]) {
            assert.strictEqual(cronProblem(expression), undefined);
        }
    });
});
