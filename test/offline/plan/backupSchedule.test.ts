import * as assert from "assert";
import { BACKUP_FREQUENCIES, FREQUENCY_HOURS } from "../../../components/backup/schedule";
import { scheduleInterval } from "../../../offline/plan/backupSchedule";

describe("plan: backup schedule intervals", () => {
    // Judged from a fixed instant, so calendar-dependent gaps read the same on every run.
    const now = new Date("2026-01-01T00:00:00Z");
    const rows: Array<[string, number | undefined, RegExp]> = [
        ["cron(0 */1 * * ? *)", 1, /^hourly$/],
        ["cron(0 0/12 * * ? *)", 12, /^every 12 hours$/],
        ["cron(0 0 * * ? *)", 24, /^daily$/],
        ["cron(30 2 ? * SUN *)", 168, /^weekly$/],
        ["cron(0 1,13,19 * * ? *)", 12, /^up to 12 hours apart$/],
        ["cron(0 3 ? * MON-FRI *)", 72, /^up to 72 hours apart$/],
        ["cron(*/30 * * * ? *)", 0.5, /^up to 0.5 hours apart$/],
        ["rate(6 hours)", 6, /^every 6 hours$/],
        ["cron(0 0 1 * ? *)", 744, /^up to 744 hours apart$/],
        ["cron(0 0 L * ? *)", 744, /^up to 744 hours apart$/],
        ["cron(0 5 ? * 2#1 *)", 840, /^up to 840 hours apart$/],
        ["cron(0 5 1 1 ? 2020)", undefined, /never runs again/],
        ["daily please", undefined, /is neither cron\(\.\.\.\) nor rate\(\.\.\.\)/],
    ];
    for (const [expression, gap, describe] of rows) {
        it(`${expression} -> ${gap ?? "unknown"}`, () => {
            const interval = scheduleInterval(expression, now);
            assert.strictEqual(interval.maxGapHours, gap);
            assert.match(interval.describe, describe);
        });
    }

    for (const [frequency, expression] of Object.entries(BACKUP_FREQUENCIES)) {
        it(`the guide's ${frequency} schedule ${expression} is ${FREQUENCY_HOURS[frequency as keyof typeof FREQUENCY_HOURS]} h apart`, () => {
            assert.strictEqual(scheduleInterval(expression, now).maxGapHours, FREQUENCY_HOURS[frequency as keyof typeof FREQUENCY_HOURS]);
        });
    }
});
