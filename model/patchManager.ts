import { firstRuns, parseScheduleExpression } from "./cron";

// How Systems Manager Patch Manager, maintenance windows and AWS Backup's on-demand jobs behave, as far as the
// patching of the Sigma instances depends on it. Every rule names its source.

/** Operating systems a patch baseline may be made for (CreatePatchBaseline OperatingSystem). https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreatePatchBaseline.html */
export const PATCH_OPERATING_SYSTEMS = ["WINDOWS", "AMAZON_LINUX", "AMAZON_LINUX_2", "AMAZON_LINUX_2022", "AMAZON_LINUX_2023", "UBUNTU",
    "REDHAT_ENTERPRISE_LINUX", "SUSE", "CENTOS", "ORACLE_LINUX", "DEBIAN", "MACOS", "RASPBIAN", "ROCKY_LINUX", "ALMA_LINUX"] as const;
export type PatchOperatingSystem = (typeof PATCH_OPERATING_SYSTEMS)[number];

/**
 * PatchRule ApproveAfterDays and ApproveUntilDate: "Not supported for Debian Server or Ubuntu Server"; the range is 0-360.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PatchRule.html
 * Why: "There is no wait before approval because reliable release dates aren't available in the repos" (the predefined
 * AWS-UbuntuDefaultPatchBaseline). https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-predefined-and-custom-patch-baselines.html
 */
export const NO_APPROVAL_DELAY: readonly PatchOperatingSystem[] = ["UBUNTU", "DEBIAN"];
export const APPROVE_AFTER_DAYS = { min: 0, max: 360 } as const;

/** Why an approval delay of `days` cannot be expressed in a baseline for `os`, or undefined. */
export function approvalDelayProblem(os: PatchOperatingSystem, days: number): string | undefined {
    if (!Number.isInteger(days) || days < APPROVE_AFTER_DAYS.min || days > APPROVE_AFTER_DAYS.max) {
        return `must be a whole number of days from ${APPROVE_AFTER_DAYS.min} to ${APPROVE_AFTER_DAYS.max}`;
    }
    if (NO_APPROVAL_DELAY.includes(os) && days !== 0) {
        return `cannot delay approval on ${os}: Patch Manager approves Ubuntu and Debian patches as soon as they are published `
            + "(PatchRule ApproveAfterDays is \"Not supported for Debian Server or Ubuntu Server\"; their repos carry no reliable release dates); "
            + "use 0, and let the window's schedule be the delay";
    }
    return undefined;
}

/** The approval rule's delay fields for `os`: ApproveAfterDays where the OS takes it, none on Ubuntu and Debian. */
export function approvalDelay(os: PatchOperatingSystem, days: number): { approveAfterDays?: number } {
    const problem = approvalDelayProblem(os, days);
    if (problem !== undefined) {
        throw new Error(`approveAfterDays ${days} ${problem}`);
    }
    return NO_APPROVAL_DELAY.includes(os) ? {} : { approveAfterDays: days };
}

/**
 * Ubuntu's patch filter keys are PRODUCT, PRIORITY and SECTION (SECTION only for Ubuntu); the priorities the predefined
 * Ubuntu baseline approves are Required, Important, Standard, Optional and Extra. Without EnableNonSecurity a Linux rule
 * approves security updates only (on Ubuntu, the packages of the <release>-security repository).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PatchFilter.html,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-predefined-and-custom-patch-baselines.html
 */
export const UBUNTU_FILTER_KEYS = ["PRODUCT", "PRIORITY", "SECTION"] as const;
export const UBUNTU_PRIORITIES = ["Required", "Important", "Standard", "Optional", "Extra"] as const;

/**
 * An instance uses the baseline registered for its patch group, named by its tag `Patch Group` (`PatchGroup` when tags
 * in instance metadata are on, which SigmaInstance leaves off). https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-patch-groups.html
 */
export const PATCH_GROUP_TAG_KEY = "Patch Group";

/** AWS-RunPatchBaseline's RebootOption: RebootIfNeeded or NoReboot. https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-aws-runpatchbaseline.html */
export const REBOOT_OPTIONS = { allowed: "RebootIfNeeded", denied: "NoReboot" } as const;

export function rebootOption(rebootAllowed: boolean): string {
    return rebootAllowed ? REBOOT_OPTIONS.allowed : REBOOT_OPTIONS.denied;
}

/**
 * CreateMaintenanceWindow: Duration 1-24 hours; Cutoff 0-23 hours, "the number of hours before the end of the maintenance
 * window that Systems Manager stops scheduling new tasks for execution" (so a cutoff of the whole duration starts nothing).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateMaintenanceWindow.html
 */
export const MAINTENANCE_WINDOW_HOURS = { duration: { min: 1, max: 24 }, cutoff: { min: 0, max: 23 } } as const;

/** Every problem with a window's duration and cutoff, each naming the argument. */
export function windowTimingProblems(durationHours: number, cutoffHours: number): string[] {
    const problems: string[] = [];
    const { duration, cutoff } = MAINTENANCE_WINDOW_HOURS;
    const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
    if (!whole(durationHours, duration.min, duration.max)) {
        problems.push(`durationHours ${JSON.stringify(durationHours)} must be a whole number of hours from ${duration.min} to ${duration.max}`);
    }
    if (!whole(cutoffHours, cutoff.min, cutoff.max)) {
        problems.push(`cutoffHours ${JSON.stringify(cutoffHours)} must be a whole number of hours from ${cutoff.min} to ${cutoff.max}`);
    } else if (problems.length === 0 && cutoffHours >= durationHours) {
        problems.push(`cutoffHours ${cutoffHours} leaves no time to start a task in a ${durationHours}-hour window (no task starts in the last ${cutoffHours} hours); make it less than durationHours`);
    }
    return problems;
}

/**
 * A maintenance window's schedule: cron(<6 fields>) or rate(...), or at(...) for a single run, in the window's time zone.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/reference-cron-and-rate-expressions.html
 * A run that starts while the previous one is still open is skipped (execution status SKIPPED_OVERLAPPING).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 * Patching must repeat, so at(...) is refused, and so is a schedule whose runs come closer than the window lasts.
 */
export function patchScheduleProblem(expression: unknown, durationHours: number, now: Date = new Date()): string | undefined {
    if (typeof expression !== "string") {
        return "is not a schedule; write cron(minutes hours day-of-month month day-of-week year), e.g. \"cron(0 18 ? 1,4,7,10 SAT#2 *)\"";
    }
    if (/^at\(/.test(expression.trim())) {
        return "runs once; patching repeats: write cron(...) or rate(...), e.g. \"cron(0 18 ? 1,4,7,10 SAT#2 *)\"";
    }
    let runs: Date[];
    try {
        parseScheduleExpression(expression);
        runs = firstRuns(expression, now, 60);
    } catch (err) {
        return (err instanceof Error ? err.message : String(err)).replace(/^schedule "(?:[^"\\]|\\.)*" /, "");
    }
    if (runs.length < 2) {
        return "does not run again at least twice; patching repeats: give a cron that recurs, e.g. \"cron(0 18 ? 1,4,7,10 SAT#2 *)\"";
    }
    const closest = Math.min(...runs.slice(1).map((run, i) => run.getTime() - runs[i].getTime())) / 3_600_000;
    if (Number.isInteger(durationHours) && closest < durationHours) {
        return `starts runs ${Math.round(closest * 100) / 100} hours apart, inside the ${durationHours}-hour window: each would be skipped while the last is open (SKIPPED_OVERLAPPING); space them at least ${durationHours} hours apart`;
    }
    return undefined;
}

/**
 * A backup job's State (DescribeBackupJob) and the ones it ends in; @aws-sdk/client-backup's BackupJobState enum holds the
 * same nine (test/model/patchManager.test.ts). https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupJob.html
 */
export const BACKUP_JOB_STATES = ["CREATED", "PENDING", "RUNNING", "ABORTING", "ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL"] as const;
export const BACKUP_JOB_FINAL_STATES = ["ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL"] as const;

/**
 * StartBackupJob: BackupVaultName, ResourceArn and IamRoleArn are required; StartWindowMinutes "must be at least 60 minutes
 * to avoid errors"; Lifecycle.DeleteAfterDays sets the recovery point's retention, which a locked vault refuses outside its
 * MinRetentionDays-MaxRetentionDays. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export const START_BACKUP_JOB = { required: ["BackupVaultName", "ResourceArn", "IamRoleArn"], minStartWindowMinutes: 60 } as const;

/**
 * Maintenance window events on EventBridge (source aws.ssm): a window run, a task run and one task's run on one target,
 * with the statuses each documents, and the window itself being enabled or disabled.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 */
export const MAINTENANCE_WINDOW_EVENTS = {
    execution: { detailType: "Maintenance Window Execution State-change Notification", statuses: ["PENDING", "IN_PROGRESS", "SUCCESS", "FAILED", "TIMED_OUT", "SKIPPED_OVERLAPPING"] },
    task: { detailType: "Maintenance Window Task Execution State-change Notification", statuses: ["IN_PROGRESS", "SUCCESS", "FAILED", "TIMED_OUT"] },
    targetInvocation: { detailType: "Maintenance Window Task Target Invocation State-change Notification", statuses: ["IN_PROGRESS", "SUCCESS", "FAILED", "TIMED_OUT"] },
    window: { detailType: "Maintenance Window State-change Notification", statuses: ["ENABLED", "DISABLED"] },
} as const;

/**
 * Pseudo parameters a maintenance window fills in per target: {{RESOURCE_ID}} is the instance id for Automation tasks.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/maintenance-window-tasks-pseudo-parameters.html
 */
export const RESOURCE_ID_PSEUDO_PARAMETER = "{{RESOURCE_ID}}";
