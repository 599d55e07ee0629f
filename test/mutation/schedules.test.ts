import * as assert from "assert";
import { ResourceValidationArgs } from "@pulumi/policy";
import { BACKUP_FREQUENCIES, frequencyProblem, scheduleExpression } from "../../components/backup/schedule";
import { cronProblem, describeInterval, firstRuns, maxIntervalHours, parseScheduleExpression } from "../../model/cron";
import { scheduleInterval } from "../../offline/plan/backupSchedule";
import { planFrequency, ruleScheduleGap } from "../../policy/backup";
import { TYPES } from "../../policy/resourceTypes";

/**
 * Schedules (issue 18): the behaviour the mutation run found unpinned in model/cron.ts, the backup frequencies of
 * components/backup/schedule.ts, the plan's interval description and the policy pack's backup-plan-frequency rule.
 * Refusals are asserted by their message, never by a bare throw.
 */

// Sunday 2026-11-22 03:45 UTC.
const NOW = new Date("2026-11-22T03:45:00Z");
const FIX = "use hourly, every12Hours, daily or a valid cron(...)";

/** Runs the backup-plan-frequency policy on one plan's rules with the given limit; returns the violations it reports. */
function planViolations(rules: unknown[], maxIntervalHoursLimit = 24, type: string = TYPES.backupPlan): string[] {
    const violations: string[] = [];
    const args = {
        type, name: "plan", urn: "urn:pulumi:dev::sigma::aws:backup/plan:Plan::plan", props: { rules }, opts: {},
        getConfig: () => ({ maxIntervalHours: maxIntervalHoursLimit }),
        notApplicable: (reason: string) => { throw Object.assign(new Error(reason), { notApplicable: true }); },
        isType: () => false, asType: () => undefined,
    } as unknown as ResourceValidationArgs;
    (planFrequency.validateResource as (a: ResourceValidationArgs, report: (message: string) => void) => void)(args, (message) => violations.push(message));
    return violations;
}

describe("mutation: schedules (issue 18)", () => {
    describe("components/backup/schedule: frequencies", () => {
        it("a frequency name gives the guide's cron; a valid cron is taken trimmed", () => {
            assert.strictEqual(scheduleExpression("every12Hours"), "cron(0 0/12 * * ? *)");
            assert.strictEqual(scheduleExpression("hourly"), BACKUP_FREQUENCIES.hourly);
            assert.strictEqual(scheduleExpression("  cron(0 5 ? * * *) "), "cron(0 5 ? * * *)");
            assert.strictEqual(frequencyProblem("daily"), undefined);
            assert.strictEqual(frequencyProblem("cron(0 5 ? * * *)"), undefined);
        });

        const refused: Array<[string, string]> = [
            ["weekly", `is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *); ${FIX}`],
            ["rate(12 hours)", `is a rate expression; an AWS Backup rule takes cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *); ${FIX}`],
            ["cron(0 25 * * ? *)", `has hours value "25" outside 0-23; ${FIX}`],
            ["toString", `is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *); ${FIX}`],
        ];
        for (const [frequency, problem] of refused) {
            it(`refuses frequency ${frequency}, naming it and the accepted values`, () => {
                assert.strictEqual(frequencyProblem(frequency), problem);
                assert.throws(() => scheduleExpression(frequency), (err: Error) => err.message === `frequency ${JSON.stringify(frequency)} ${problem}`);
            });
        }
    });

    describe("policy backup-plan-frequency", () => {
        it("passes the guide's three frequencies under a 24-hour limit, and the 12-hour one under a 12-hour limit", () => {
            for (const schedule of Object.values(BACKUP_FREQUENCIES)) {
                assert.deepStrictEqual(planViolations([{ ruleName: "r", schedule }]), [], schedule);
            }
            assert.deepStrictEqual(planViolations([{ ruleName: "r", schedule: BACKUP_FREQUENCIES.every12Hours }], 12), []);
        });

        it("reports a gap over the limit with the rule, its schedule, the gap and the limit (12 h over 11 h: the guide's 12-hour schedule is 12 h, not 24)", () => {
            assert.deepStrictEqual(planViolations([{ ruleName: "twice-daily", schedule: "cron(0 0/12 * * ? *)" }], 11),
                ["rules[0] (twice-daily) schedule cron(0 0/12 * * ? *) leaves up to 12 hours between backups; the maximum is 11"]);
            assert.deepStrictEqual(planViolations([{ ruleName: "daily", schedule: "cron(0 5 ? * * *)" }, { schedule: "cron(0 5 ? * SUN *)" }]),
                ["rules[1] (unnamed) schedule cron(0 5 ? * SUN *) leaves up to 168 hours between backups; the maximum is 24"]);
        });

        it("reports a schedule AWS Backup would not run as not judgeable, quoting it", () => {
            assert.deepStrictEqual(planViolations([{ ruleName: "r", schedule: "rate(1 day)" }]),
                ["rules[0] (r) schedule cannot be judged: \"rate(1 day)\" is a rate expression; an AWS Backup rule takes cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"]);
        });

        it("a rule without a schedule is AWS Backup's daily default: fine under 24 h, reported under 23 h", () => {
            assert.deepStrictEqual(planViolations([{ ruleName: "r" }]), []);
            assert.deepStrictEqual(planViolations([{ ruleName: "r", schedule: "" }], 23), ["rules[0] (r) schedule  leaves up to 24 hours between backups; the maximum is 23"]);
            assert.deepStrictEqual(ruleScheduleGap(null, NOW), { hours: 24 });
        });

        it("a plan without rules has nothing to report; a single rule object (not a list) is still judged", () => {
            assert.deepStrictEqual(planViolations(undefined as unknown as unknown[]), []);
            assert.deepStrictEqual(planViolations({ ruleName: "one", schedule: "cron(0 5 ? * SUN *)" } as unknown as unknown[]),
                ["rules[0] (one) schedule cron(0 5 ? * SUN *) leaves up to 168 hours between backups; the maximum is 24"]);
        });

        it("other resource types are not applicable", () => {
            assert.throws(() => planViolations([], 24, TYPES.backupVault), (err: Error & { notApplicable?: boolean }) =>
                err.notApplicable === true && err.message === `applies only to ${TYPES.backupPlan}`);
        });
    });

    describe("offline/plan: schedule intervals", () => {
        it("an even schedule is described by its cadence, an uneven one by its longest gap, rounded to 2 places", () => {
            assert.deepStrictEqual(scheduleInterval("cron(0 0/12 * * ? *)", NOW), { expression: "cron(0 0/12 * * ? *)", maxGapHours: 12, describe: "every 12 hours" });
            assert.deepStrictEqual(scheduleInterval("cron(0 0,6 * * ? *)", NOW), { expression: "cron(0 0,6 * * ? *)", maxGapHours: 18, describe: "up to 18 hours apart" });
            assert.deepStrictEqual(scheduleInterval("cron(0,20 * * * ? *)", NOW), { expression: "cron(0,20 * * * ? *)", maxGapHours: 40 / 60, describe: "up to 0.67 hours apart" });
        });

        it("an unreadable schedule carries the reason and no gap", () => {
            assert.deepStrictEqual(scheduleInterval("cron(0 5 * *)", NOW), {
                expression: "cron(0 5 * *)", describe: "schedule \"cron(0 5 * *)\" has 4 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year",
            });
        });

        it("evenness is judged over two years: a leap-day schedule and a once-a-year one are uneven or even as the calendar says", () => {
            assert.strictEqual(scheduleInterval("cron(0 0 1 1 ? *)", new Date("2026-01-01T00:00:00Z")).describe, "up to 8784 hours apart");
            assert.strictEqual(scheduleInterval("rate(1 day)", NOW).describe, "daily");
        });
    });

    describe("model/cron: refusals by message", () => {
        const problems: Array<[string, string]> = [
            ["cron(0 5 ? * mon *)", "has day-of-week value \"mon\"; write names in capitals (MON)"],
            ["cron(0 5 ? jan * *)", "has month value \"jan\"; write names in capitals (JAN)"],
            ["cron(0 5 ? * 8 *)", "has day-of-week value \"8\" outside 1-7"],
            ["cron(0 5 ? * 0 *)", "has day-of-week value \"0\" outside 1-7"],
            ["cron(60 5 * * ? *)", "has minutes value \"60\" outside 0-59"],
            ["cron(0 24 * * ? *)", "has hours value \"24\" outside 0-23"],
            ["cron(0 5 32 * ? *)", "has day-of-month value \"32\" outside 1-31"],
            ["cron(0 5 0 * ? *)", "has day-of-month value \"0\" outside 1-31"],
            ["cron(0 5 1 13 ? *)", "has month value \"13\" outside 1-12"],
            ["cron(0 5 1 * ? 2200)", "has year value \"2200\" outside 1970-2199"],
            ["cron(0 5 1 * ? 1969)", "has year value \"1969\" outside 1970-2199"],
            ["cron(0 5 1 * ? x)", "has an invalid year field value \"x\"; year takes 1970-2199 with , - * /"],
            ["cron(0 5 ? * FUNDAY *)", "has an invalid day-of-week field value \"FUNDAY\"; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"],
            ["cron(0 5 ? * 2#6 *)", "has day-of-week value \"2#6\"; the number after # is the occurrence in the month, 1-5"],
            ["cron(0 5 ? * 2#0 *)", "has day-of-week value \"2#0\"; the number after # is the occurrence in the month, 1-5"],
            ["cron(0 5 L * L *)", "must set exactly one of day-of-month and day-of-week to ?; AWS cron cannot use both, e.g. cron(0 5 ? * MON *) or cron(0 5 1 * ? *)"],
            ["cron(0 5 ? * ? *)", "must set exactly one of day-of-month and day-of-week to ?; AWS cron cannot use both, e.g. cron(0 5 ? * MON *) or cron(0 5 1 * ? *)"],
            ["cron(0 5 * * * *)", "must set exactly one of day-of-month and day-of-week to ?; AWS cron cannot use both, e.g. cron(0 5 ? * MON *) or cron(0 5 1 * ? *)"],
            ["cron(0 5 ? * MON *) ", undefined as unknown as string],
            ["cron(0 5-3 * * ? *)", "has hours range \"5-3\" that runs backwards; AWS ranges go from low to high"],
            ["cron(0 5/0 * * ? *)", "has hours step \"/0\" outside 1-23"],
            ["cron(0 5/24 * * ? *)", "has hours step \"/24\" outside 1-23"],
            ["cron(0 5 L * ? *)", undefined as unknown as string],
            ["cron(0 5 1W,15W * ? *)", "has an invalid day-of-month field value \"1W\"; day-of-month takes 1-31 with , - * ? / L W"],
            ["cron(0 5 ? * 1-7/2 *)", "uses / in the day-of-week field \"1-7/2\", which AWS does not allow there; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"],
            ["cron(0 5 ? * 3#1,6#3 *)", "has an invalid day-of-week field \"3#1,6#3\"; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"],
            ["cron(0 L * * ? *)", "has an invalid hours field value \"L\"; hours takes 0-23 with , - * /"],
            ["cron(0 5 ? * 2W *)", "has an invalid day-of-week field value \"2W\"; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"],
            ["cron(0 5 ? 1#2 * *)", "uses # in the month field \"1#2\", which AWS does not allow there; month takes 1-12 or JAN-DEC with , - * /"],
            ["cron(0 5 1 ? ? *)", "uses ? in the month field \"?\", which AWS does not allow there; month takes 1-12 or JAN-DEC with , - * /"],
            ["cron(0 5 ; * ? *)", "has \";\" in the day-of-month field \";\"; AWS cron fields use digits, names and , - * ? / L W #"],
            ["cron(0 5 1 * ? * 2027)", "has 7 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year"],
            ["cron()", "has 0 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year"],
            ["cron(   )", "has 0 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year"],
            ["cron(0,30 5 * * ? *)", "runs more than once an hour; AWS Backup's shortest interval is one hour, so give one minute value"],
            ["cron(0 5 1 1 ? 2027)", "runs only once, at 2027-01-01T05:00Z; a backup rule needs a repeating schedule; drop the year (use *)"],
            ["cron(0 5 1 1 ? 2026)", "never runs again after 2026-11-22: its last run in 2026 is past; drop the year (use *)"],
            ["cron(0 5 1 1 ? 2020-2021)", "never runs again after 2026-11-22: its years are all in the past; drop the year (use *)"],
            ["cron(0 5 31 2 ? *)", "never runs again after 2026-11-22: no date matches its day-of-month, month and day-of-week fields"],
            ["cron(0 5 31 2 ? 2027)", "never runs again after 2026-11-22: no date matches its day-of-month, month and day-of-week fields"],
            ["cron(0 x5 * * ? *)", "has an invalid hours field value \"x5\"; hours takes 0-23 with , - * /"],
            ["cron(0 5 ? * 5L5 *)", "has an invalid day-of-week field value \"5L5\"; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"],
            ["cron(0 5 ? * 5-6L *)", "has an invalid day-of-week field value \"6L\"; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"],
            ["cron(0 5 ? * 2#10 *)", "has day-of-week value \"2#10\"; the number after # is the occurrence in the month, 1-5"],
            ["cron(0 5 ? * 2#15 *)", "has day-of-week value \"2#15\"; the number after # is the occurrence in the month, 1-5"],
            ["cron(0 5 ? * 2#05 *)", "has day-of-week value \"2#05\"; the number after # is the occurrence in the month, 1-5"],
            ["cron(0 0/23 * * ? *)", undefined as unknown as string],
            ["xcron(0 5 ? * * *)", "is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"],
            ["cron(0 5 ? * * *)x", "is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"],
            ["xrate(1 day)", "is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"],
            [" rate(1 day)", "is a rate expression; an AWS Backup rule takes cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)"],
        ];
        for (const [expression, problem] of problems) {
            it(`${expression} -> ${problem ?? "accepted"}`, () => assert.strictEqual(cronProblem(expression, NOW), problem));
        }

        it("a schedule that is not a string is refused by message, not by a TypeError", () => {
            assert.strictEqual(cronProblem(5 as unknown as string, NOW),
                "is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)");
            assert.throws(() => parseScheduleExpression(5 as unknown as string), (err: Error) =>
                err.message === "schedule 5 is not a schedule expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)");
        });

        const neither = 'is neither cron(...) nor rate(...); write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * * *)';
        for (const expression of ["xcron(0 5 ? * * *)", "cron(0 5 ? * * *)x", "xrate(1 day)", "rate(1 day)x"]) {
            it(`parseScheduleExpression refuses ${expression}: text around the expression is not ignored`, () => {
                assert.throws(() => parseScheduleExpression(expression), (err: Error) => err.message === `schedule ${JSON.stringify(expression)} ${neither}`);
            });
        }

        it("maxIntervalHours names the expression and why it never repeats", () => {
            assert.throws(() => maxIntervalHours("cron(0 5 1 1 ? 2027)", NOW), (err: Error) =>
                err.message === "schedule \"cron(0 5 1 1 ? 2027)\" runs only once, at 2027-01-01T05:00Z; a backup rule needs a repeating schedule; drop the year (use *)");
        });
    });

    describe("model/cron: boundaries and calendars", () => {
        const gaps: Array<[string, string, number]> = [
            // The first run day straddles `now`: only the runs from today on count.
            ["cron(0 0 1,20 * ? *)", "2026-11-22T00:00:00Z", 19 * 24],
            ["cron(0 0 1,20 * ? *)", "2026-11-02T00:00:00Z", 19 * 24],
            ["cron(0 23 * * ? *)", "2026-11-22T23:30:00Z", 24],
            ["cron(0 0,23 * * ? *)", NOW.toISOString(), 23],
            ["cron(0 8-10 * * ? *)", NOW.toISOString(), 22],
            ["cron(0 5 ? * 7 *)", NOW.toISOString(), 168],
            ["cron(0 5 2-3 * ? *)", NOW.toISOString(), 30 * 24],
            ["cron(0 0/23 * * ? *)", NOW.toISOString(), 23],
            // aws-cron-parser keeps list values as written: 13,1 must be read in time order.
            ["cron(0 13,1,1 * * ? *)", NOW.toISOString(), 12],
            // Only the run days from the day of `now` on count: 22 Nov (today) to 29 Nov, not 1 Nov to 22 Nov.
            ["cron(0 0 1,22,29,30 11 ? 2026)", NOW.toISOString(), 7 * 24],
            ["cron(0 0 1,21,29,30 11 ? 2026)", NOW.toISOString(), 24],
        ];
        for (const [expression, from, hours] of gaps) {
            it(`${expression} from ${from}: at most ${hours} hours apart`, () => assert.strictEqual(maxIntervalHours(expression, new Date(from)), hours));
        }

        const runs: Array<[string, string, number, string[]]> = [
            ["cron(0 9 15W * ? *)", "2026-08-01T00:00:00Z", 1, ["2026-08-14T09:00"]], // Saturday the 15th: Friday the 14th
            ["cron(0 9 30W * ? *)", "2026-11-01T00:00:00Z", 1, ["2026-11-30T09:00"]], // Monday the 30th: itself
            ["cron(0 9 29W * ? *)", "2026-11-01T00:00:00Z", 1, ["2026-11-30T09:00"]], // Sunday the 29th: Monday the 30th
            ["cron(0 9 1W * ? *)", "2026-02-01T00:00:00Z", 1, ["2026-02-02T09:00"]], // Sunday the 1st: Monday the 2nd
            ["cron(0 9 31W * ? *)", "2026-05-01T00:00:00Z", 1, ["2026-05-29T09:00"]], // Sunday the 31st, last day: Friday the 29th
            ["cron(0 9 ? * 1#1 *)", "2026-11-01T00:00:00Z", 2, ["2026-11-01T09:00", "2026-12-06T09:00"]],
            ["cron(0 9 ? * 7L *)", "2026-10-01T00:00:00Z", 2, ["2026-10-31T09:00", "2026-11-28T09:00"]],
            ["cron(0 9 ? * SUN-MON *)", "2026-11-22T00:00:00Z", 3, ["2026-11-22T09:00", "2026-11-23T09:00", "2026-11-29T09:00"]],
            ["cron(0 12 ? 12 MON *)", "2026-11-01T00:00:00Z", 2, ["2026-12-07T12:00", "2026-12-14T12:00"]],
            ["rate(90 minutes)", "2026-11-22T00:00:00Z", 2, ["2026-11-22T01:30", "2026-11-22T03:00"]],
            ["cron(0 13,1,1 * * ? *)", "2026-11-22T00:00:00Z", 3, ["2026-11-22T01:00", "2026-11-22T13:00", "2026-11-23T01:00"]],
            // April and June 2026 are both 30 days long but start on other weekdays: each month's Mondays are its own.
            ["cron(0 9 ? APR,JUN MON *)", "2026-04-01T00:00:00Z", 9,
                ["2026-04-06T09:00", "2026-04-13T09:00", "2026-04-20T09:00", "2026-04-27T09:00", "2026-06-01T09:00", "2026-06-08T09:00", "2026-06-15T09:00", "2026-06-22T09:00", "2026-06-29T09:00"]],
            ["rate(1 hour)", "2026-11-22T00:00:00Z", -1, []],
        ];
        for (const [expression, from, count, expected] of runs) {
            it(`${expression} after ${from}: ${expected.join(", ") || "none"}`, () =>
                assert.deepStrictEqual(firstRuns(expression, new Date(from), count).map((d) => `${d.toISOString().slice(0, 16)}`), expected));
        }

        it("describes whole, fractional and named intervals", () => {
            assert.deepStrictEqual([1, 24, 168, 12, 0.5, 2 / 3, 167, 25].map(describeInterval),
                ["hourly", "daily", "weekly", "every 12 hours", "up to 0.5 hours apart", "up to 0.67 hours apart", "every 167 hours", "every 25 hours"]);
            assert.throws(() => describeInterval(0), (err: Error) => err.message === "interval 0 hours is not a positive number of hours");
        });
    });
});
