// Mutation group "schedules": AWS cron/rate reading, the backup frequencies, the plan's interval description and the
// policy pack's backup schedule check. Run: npm run mutation -- schedules (see docs/testing.md).
import { linesOf, mutationGroup } from "./base.mjs";

export default mutationGroup("schedules", {
    mutate: [
        "model/cron.ts",
        linesOf("components/backup/schedule.ts", /^export function scheduleExpression\(/),
        linesOf("components/backup/schedule.ts", /^export function frequencyProblem\(/),
        "offline/plan/backupSchedule.ts",
        linesOf("policy/backup.ts", /^export function ruleScheduleGap\(/),
        linesOf("policy/backup.ts", /^export const planFrequency\b/),
    ],
    testFiles: [
        "test/model/cron.test.ts",
        "test/offline/plan/backupSchedule.test.ts",
        "test/policy/policyHelpers.test.ts",
        "test/mutation/schedules.test.ts",
    ],
});
