import * as assert from "assert";
import { scheduleInterval } from "../../../offline/plan/backupSchedule";

describe("plan: backup schedule intervals", () => {
    const rows: Array<[string, number | undefined, RegExp]> = [
        ["cron(0 */1 * * ? *)", 1, /^hourly$/],
        ["cron(0 0/12 * * ? *)", 12, /^every 12 hours$/],
        ["cron(0 0 * * ? *)", 24, /^daily$/],
        ["cron(30 2 ? * SUN *)", 168, /^weekly$/],
        ["cron(0 1,13,19 * * ? *)", 12, /^up to 12 hours apart$/],
        ["cron(0 3 ? * MON-FRI *)", 72, /^up to 72 hours apart$/],
        ["cron(*/30 * * * ? *)", 0.5, /hours apart|every/],
        ["rate(6 hours)", 6, /^every 6 hours$/],
        ["cron(0 0 1 * ? *)", undefined, /not analysed/],
        ["cron(0 0 L * ? *)", undefined, /not analysed/],
        ["daily please", undefined, /not a cron/],
    ];
    for (const [expression, gap, describe] of rows) {
        it(`${expression} -> ${gap ?? "unknown"}`, () => {
            const interval = scheduleInterval(expression);
            assert.strictEqual(interval.maxGapHours, gap);
            assert.match(interval.describe, describe);
        });
    }
});
