import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BackupJobState } from "@aws-sdk/client-backup";
import {
    APPROVE_AFTER_DAYS, approvalDelay, approvalDelayProblem, BACKUP_JOB_FINAL_STATES, BACKUP_JOB_STATES, MAINTENANCE_WINDOW_EVENTS,
    MAINTENANCE_WINDOW_HOURS, PATCH_GROUP_TAG_KEY, patchScheduleProblem, rebootOption, windowTimingProblems,
} from "../../model/patchManager";

const EVENTS = path.join(__dirname, "..", "..", "model", "awsSampleEvents");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(EVENTS, name), "utf8")) as { source: string; event: Record<string, any> };
const NOW = new Date("2026-11-22T00:00:00Z");

describe("model/patchManager: approval delays", () => {
    it("takes no delay on Ubuntu or Debian (PatchRule: \"Not supported for Debian Server or Ubuntu Server\")", () => {
        assert.strictEqual(approvalDelayProblem("UBUNTU", 0), undefined);
        assert.strictEqual(approvalDelayProblem("UBUNTU", 1), "cannot delay approval on UBUNTU: Patch Manager approves Ubuntu and Debian patches as soon as "
            + "they are published (PatchRule ApproveAfterDays is \"Not supported for Debian Server or Ubuntu Server\"; their repos carry no reliable "
            + "release dates); use 0, and let the window's schedule be the delay");
        assert.match(approvalDelayProblem("DEBIAN", 7)!, /cannot delay approval on DEBIAN/);
        assert.deepStrictEqual(approvalDelay("UBUNTU", 0), {});
        assert.throws(() => approvalDelay("UBUNTU", 7), /approveAfterDays 7 cannot delay approval on UBUNTU/);
    });

    it("takes 0-360 days elsewhere, and sends them as ApproveAfterDays", () => {
        assert.deepStrictEqual(APPROVE_AFTER_DAYS, { min: 0, max: 360 });
        assert.strictEqual(approvalDelayProblem("AMAZON_LINUX_2023", 7), undefined);
        assert.strictEqual(approvalDelayProblem("WINDOWS", 360), undefined);
        assert.deepStrictEqual(approvalDelay("WINDOWS", 0), { approveAfterDays: 0 });
        assert.deepStrictEqual(approvalDelay("AMAZON_LINUX_2023", 7), { approveAfterDays: 7 });
        for (const days of [-1, 361, 1.5]) {
            assert.strictEqual(approvalDelayProblem("WINDOWS", days), "must be a whole number of days from 0 to 360", String(days));
        }
    });
});

describe("model/patchManager: window duration and cutoff (CreateMaintenanceWindow)", () => {
    it("takes 1-24 hours open and 0-23 hours of cutoff, the cutoff shorter than the window", () => {
        assert.deepStrictEqual(MAINTENANCE_WINDOW_HOURS, { duration: { min: 1, max: 24 }, cutoff: { min: 0, max: 23 } });
        assert.deepStrictEqual(windowTimingProblems(1, 0), []);
        assert.deepStrictEqual(windowTimingProblems(24, 23), []);
        assert.deepStrictEqual(windowTimingProblems(4, 3), []);
        assert.deepStrictEqual(windowTimingProblems(0, 0), ["durationHours 0 must be a whole number of hours from 1 to 24"]);
        assert.deepStrictEqual(windowTimingProblems(25, 1), ["durationHours 25 must be a whole number of hours from 1 to 24"]);
        assert.deepStrictEqual(windowTimingProblems(4, -1), ["cutoffHours -1 must be a whole number of hours from 0 to 23"]);
        assert.deepStrictEqual(windowTimingProblems(24, 24), ["cutoffHours 24 must be a whole number of hours from 0 to 23"]);
        assert.deepStrictEqual(windowTimingProblems(2.5, 1), ["durationHours 2.5 must be a whole number of hours from 1 to 24"]);
        assert.match(windowTimingProblems(4, 4)[0], /^cutoffHours 4 leaves no time to start a task in a 4-hour window/);
        assert.match(windowTimingProblems(3, 5)[0], /^cutoffHours 5 leaves no time/);
    });
});

describe("model/patchManager: the window's schedule", () => {
    it("takes a quarterly and a monthly cron, and a rate", () => {
        assert.strictEqual(patchScheduleProblem("cron(0 18 ? 1,4,7,10 SAT#2 *)", 4, NOW), undefined);
        assert.strictEqual(patchScheduleProblem("cron(0 18 ? * SAT#2 *)", 4, NOW), undefined);
        assert.strictEqual(patchScheduleProblem("rate(7 days)", 4, NOW), undefined);
    });

    it("refuses at(...), a non-string, a broken cron, and a schedule that ended", () => {
        assert.match(patchScheduleProblem("at(2027-01-09T18:00:00)", 4, NOW)!, /^runs once/);
        assert.match(patchScheduleProblem("  at(2027-01-09T18:00:00) ", 4, NOW)!, /^runs once/);
        // The reason reads after the value: the parser's own "schedule \"...\"" prefix is dropped.
        assert.strictEqual(patchScheduleProblem("cron(0 18 ? * SAT)", 4, NOW), "has 5 cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year");
        assert.match(patchScheduleProblem(7, 4, NOW)!, /^is not a schedule/);
        assert.match(patchScheduleProblem("cron(0 18 ? * SAT)", 4, NOW)!, /cron/);
        assert.match(patchScheduleProblem("cron(0 18 ? * SAT#2 2025)", 4, NOW)!, /does not run again at least twice/);
        assert.match(patchScheduleProblem("cron(0 18 9 1 ? 2027)", 4, NOW)!, /does not run again at least twice/);
        // Exactly two runs left is still a repeating window.
        assert.strictEqual(patchScheduleProblem("cron(0 18 9 1 ? 2027,2028)", 4, NOW), undefined);
    });

    it("refuses runs closer together than the window lasts (they would be SKIPPED_OVERLAPPING), at the boundary", () => {
        assert.strictEqual(patchScheduleProblem("rate(4 hours)", 4, NOW), undefined);
        assert.match(patchScheduleProblem("rate(3 hours)", 4, NOW)!, /^starts runs 3 hours apart, inside the 4-hour window/);
        // Two runs a day, 6 hours apart at their closest.
        assert.strictEqual(patchScheduleProblem("cron(0 0,6 * * ? *)", 6, NOW), undefined);
        assert.match(patchScheduleProblem("cron(0 0,6 * * ? *)", 7, NOW)!, /6 hours apart, inside the 7-hour window/);
    });
});

describe("model/patchManager: the other facts", () => {
    it("knows the nine backup job states of AWS Backup's SDK, five of them final", () => {
        assert.deepStrictEqual([...BACKUP_JOB_STATES].sort(), Object.values(BackupJobState).sort());
        assert.deepStrictEqual([...BACKUP_JOB_FINAL_STATES].sort(), ["ABORTED", "COMPLETED", "EXPIRED", "FAILED", "PARTIAL"]);
        assert.ok(BACKUP_JOB_FINAL_STATES.every((state) => (BACKUP_JOB_STATES as readonly string[]).includes(state)));
    });

    it("reboots only when allowed, with AWS-RunPatchBaseline's option names", () => {
        assert.strictEqual(rebootOption(true), "RebootIfNeeded");
        assert.strictEqual(rebootOption(false), "NoReboot");
        assert.strictEqual(PATCH_GROUP_TAG_KEY, "Patch Group");
    });

    it("names the maintenance window events as AWS's samples spell them", () => {
        const task = fixture("aws-sample-ssm-maintenance-window-task-timed-out.json");
        const execution = fixture("aws-sample-ssm-maintenance-window-execution-timed-out.json");
        const disabled = fixture("aws-sample-ssm-maintenance-window-disabled.json");
        assert.strictEqual(task.event["detail-type"], MAINTENANCE_WINDOW_EVENTS.task.detailType);
        assert.strictEqual(execution.event["detail-type"], MAINTENANCE_WINDOW_EVENTS.execution.detailType);
        assert.strictEqual(disabled.event["detail-type"], MAINTENANCE_WINDOW_EVENTS.window.detailType);
        for (const sample of [task, execution, disabled]) {
            assert.strictEqual(sample.event.source, "aws.ssm");
            assert.match(sample.source, /^https:\/\/docs\.aws\.amazon\.com\/systems-manager\//);
            assert.ok(typeof sample.event.detail["window-id"] === "string");
        }
        assert.ok((MAINTENANCE_WINDOW_EVENTS.task.statuses as readonly string[]).includes(task.event.detail.status));
        assert.ok((MAINTENANCE_WINDOW_EVENTS.execution.statuses as readonly string[]).includes("SKIPPED_OVERLAPPING"));
    });
});
