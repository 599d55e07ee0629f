import { isTimeZone, LOG_RETENTION_DAYS, scheduleCronProblem } from "../../components";
import { SIGMA_PATCH_OS } from "../../components/operations/sigmaPatching";
import { APPROVE_AFTER_DAYS, approvalDelayProblem, MAINTENANCE_WINDOW_HOURS, patchScheduleProblem } from "../../model/patchManager";
import { defaultOf } from "./keys";
import { ConfigReader } from "./reader";

/** sigma:logs: the instances' logs in CloudWatch Logs (SigmaLogs), with metric filters and alarms. */
export type LogsConfig =
    | { enabled: false }
    | {
        enabled: true;
        retentionDays: number;
        userDataLogPath: string;
        catalinaLogPath: string;
        accessLogPath: string;
        mysqlErrorLogPath: string;
    };

/** sigma:schedule (single-az only): stop the instance outside working hours. */
export interface ScheduleConfig {
    stop: string;
    start: string;
    timezone: string;
}

/** sigma:patching: OS patching of the instances with Patch Manager in a maintenance window (SigmaPatching). */
export type PatchingConfig =
    | { enabled: false }
    | {
        enabled: true;
        schedule: string;
        timezone: string;
        durationHours: number;
        cutoffHours: number;
        rebootAllowed: boolean;
        approveAfterDays: number;
    };

/**
 * When patching runs unless sigma:patching.schedule says otherwise (18:00 UTC on a second Saturday is 02:00 on Sunday in
 * Singapore): prod quarterly, as seed 004's operator patched, in January, April, July and October; dev monthly, a month
 * ahead of prod's updates.
 */
export const PATCH_SCHEDULE_DEFAULTS = {
    "single-az": "cron(0 18 ? * SAT#2 *)",
    "multi-az": "cron(0 18 ? 1,4,7,10 SAT#2 *)",
} as const;

/** What a primary stack (single-az, multi-az) operates day to day. */
export interface OperationsConfig {
    logs: LogsConfig;
    patching: PatchingConfig;
    /** single-az only; prod is never stopped on a schedule. */
    schedule?: ScheduleConfig;
}

/** single-az only: a stopped prod instance would start the failover, and prod serves its users around the clock. */
export const SCHEDULE_KEYS = ["sigma:schedule", "sigma:schedule.stop", "sigma:schedule.start", "sigma:schedule.timezone"] as const;
export const SCHEDULE_UNUSED_REASON = "prod is never stopped on a schedule: a stopped instance has no healthy target, which starts the failover";

export const PATCHING_KEYS = ["sigma:patching", "sigma:patching.enabled", "sigma:patching.schedule", "sigma:patching.timezone",
    "sigma:patching.durationHours", "sigma:patching.cutoffHours", "sigma:patching.rebootAllowed", "sigma:patching.approveAfterDays"] as const;

export const OPERATIONS_KEYS = ["sigma:logs", "sigma:logs.enabled", "sigma:logs.retentionDays", "sigma:logs.userDataLogPath",
    "sigma:logs.catalinaLogPath", "sigma:logs.accessLogPath", "sigma:logs.mysqlErrorLogPath", ...PATCHING_KEYS] as const;

const LOG_PATH_MEMBERS = ["userDataLogPath", "catalinaLogPath", "accessLogPath", "mysqlErrorLogPath"] as const;
// The agent's file_path: an absolute path, globs allowed; nothing the setup script or JSON would have to quote.
const LOG_PATH = /^\/[A-Za-z0-9._\-/*?[\]]*$/;

function readLogs(read: ConfigReader): LogsConfig {
    const raw = read.object("logs") ?? {};
    const enabled = read.booleanOf("logs.enabled", raw.enabled, defaultOf<boolean>("sigma:logs.enabled"));
    if (!enabled) {
        for (const member of ["retentionDays", ...LOG_PATH_MEMBERS]) {
            if (raw[member] !== undefined) {
                read.problem(`logs.${member}`, raw[member], "has no effect: sigma:logs.enabled is false; remove it, or set sigma:logs.enabled true");
            }
        }
        return { enabled: false };
    }
    let retentionDays = defaultOf<number>("sigma:logs.retentionDays");
    if (raw.retentionDays !== undefined) {
        const value = typeof raw.retentionDays === "string" && /^\d+$/.test(raw.retentionDays) ? Number(raw.retentionDays) : raw.retentionDays;
        if (typeof value === "number" && (LOG_RETENTION_DAYS as readonly number[]).includes(value)) {
            retentionDays = value;
        } else {
            read.problem("logs.retentionDays", raw.retentionDays, `is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")} (days)`);
        }
    }
    const path = (member: (typeof LOG_PATH_MEMBERS)[number]) => read.stringOf(`logs.${member}`, raw[member], (value) => LOG_PATH.test(value)
        ? undefined
        : `is not an absolute file path on the instance; use e.g. ${JSON.stringify(defaultOf<string>(`sigma:logs.${member}`))} (letters, digits, . _ - / and the globs * ? [ ])`)
        ?? defaultOf<string>(`sigma:logs.${member}`);
    return {
        enabled: true,
        retentionDays,
        userDataLogPath: path("userDataLogPath"),
        catalinaLogPath: path("catalinaLogPath"),
        accessLogPath: path("accessLogPath"),
        mysqlErrorLogPath: path("mysqlErrorLogPath"),
    };
}

function readSchedule(read: ConfigReader): ScheduleConfig | undefined {
    const raw = read.object("schedule");
    if (raw === undefined) {
        return undefined;
    }
    const cron = (member: "stop" | "start", example: string) => {
        if (raw[member] === undefined) {
            read.missing(`schedule.${member}`, `give a cron in sigma:schedule.timezone, e.g. "${example}"`);
            return undefined;
        }
        return read.stringOf(`schedule.${member}`, raw[member], (value) => scheduleCronProblem(value));
    };
    const stop = cron("stop", "cron(0 19 ? * MON-FRI *)");
    const start = cron("start", "cron(0 7 ? * MON-FRI *)");
    if (raw.timezone === undefined) {
        read.missing("schedule.timezone", `name the IANA time zone the crons are read in, e.g. "Asia/Singapore"`);
    }
    const timezone = read.stringOf("schedule.timezone", raw.timezone, (value) => isTimeZone(value) ? undefined : `is not an IANA time zone; use e.g. "Asia/Singapore" or "UTC"`);
    if (stop !== undefined && start !== undefined && stop.trim() === start.trim()) {
        read.problem("schedule.start", start, "is the stop expression too; the instance would never stay stopped: give the working day's start");
    }
    return stop !== undefined && start !== undefined && timezone !== undefined ? { stop, start, timezone } : undefined;
}

const PATCHING_MEMBERS = ["schedule", "timezone", "durationHours", "cutoffHours", "rebootAllowed", "approveAfterDays"] as const;

/**
 * sigma:patching. On by default wherever the stack backs up (the window takes a fresh backup into the stack's vault
 * before installing anything); with sigma:backup.enabled false it is off, and turning it on is refused.
 */
export function readPatching(read: ConfigReader, topology: keyof typeof PATCH_SCHEDULE_DEFAULTS, backupEnabled: boolean): PatchingConfig {
    const raw = read.object("patching") ?? {};
    const enabled = read.booleanOf("patching.enabled", raw.enabled, backupEnabled);
    if (!enabled) {
        for (const member of PATCHING_MEMBERS) {
            if (raw[member] !== undefined) {
                read.problem(`patching.${member}`, raw[member], "has no effect: sigma:patching.enabled is false; remove it, or set sigma:patching.enabled true");
            }
        }
        return { enabled: false };
    }
    if (!backupEnabled) {
        read.problem("patching.enabled", raw.enabled, "takes a fresh AWS Backup of each instance into the stack's vault before installing, "
            + "but sigma:backup.enabled is false, so there is no vault; set sigma:patching.enabled false (and patch by hand), or enable backups");
    }
    const { duration, cutoff } = MAINTENANCE_WINDOW_HOURS;
    const durationHours = read.integerOf("patching.durationHours", raw.durationHours, defaultOf<number>("sigma:patching.durationHours"),
        duration.min, duration.max, " (hours the maintenance window stays open)");
    const cutoffHours = read.integerOf("patching.cutoffHours", raw.cutoffHours, defaultOf<number>("sigma:patching.cutoffHours"),
        cutoff.min, cutoff.max, " (hours before the window closes in which no instance starts)");
    if (!read.refused("patching.durationHours") && !read.refused("patching.cutoffHours") && cutoffHours >= durationHours) {
        read.problem("patching.cutoffHours", raw.cutoffHours ?? cutoffHours,
            `leaves no time to start an instance in a ${durationHours}-hour window; make it less than sigma:patching.durationHours, e.g. ${Math.max(0, durationHours - 1)}`);
    }
    const timezone = read.stringOf("patching.timezone", raw.timezone, (value) => isTimeZone(value) ? undefined
        : `is not an IANA time zone; use e.g. "Asia/Singapore" or "UTC"`) ?? defaultOf<string>("sigma:patching.timezone");
    const schedule = read.stringOf("patching.schedule", raw.schedule, (value) => {
        const problem = patchScheduleProblem(value, read.refused("patching.durationHours") ? 1 : durationHours, read.now);
        return problem === undefined ? undefined : `${problem} (a maintenance window takes cron(...) or rate(...) in sigma:patching.timezone)`;
    }) ?? PATCH_SCHEDULE_DEFAULTS[topology];
    const approveAfterDays = read.integerOf("patching.approveAfterDays", raw.approveAfterDays, defaultOf<number>("sigma:patching.approveAfterDays"),
        APPROVE_AFTER_DAYS.min, APPROVE_AFTER_DAYS.max, " (days after release a security update is approved)");
    const delayProblem = approvalDelayProblem(SIGMA_PATCH_OS, approveAfterDays);
    // A refused value falls back to 0, which every OS takes: at most one problem per key.
    if (delayProblem !== undefined) {
        read.problem("patching.approveAfterDays", raw.approveAfterDays, delayProblem);
    }
    return {
        enabled: true,
        schedule,
        timezone,
        durationHours,
        cutoffHours,
        rebootAllowed: read.booleanOf("patching.rebootAllowed", raw.rebootAllowed, defaultOf<boolean>("sigma:patching.rebootAllowed")),
        // A delay Ubuntu cannot take was refused above, so the config never reaches a stack with it.
        approveAfterDays,
    };
}

/** The operations keys of a primary stack (single-az, multi-az); sigma:schedule is read for single-az only. */
export function readOperations(read: ConfigReader, options: { schedule: boolean; topology: keyof typeof PATCH_SCHEDULE_DEFAULTS; backupEnabled: boolean }): OperationsConfig {
    return {
        logs: readLogs(read),
        patching: readPatching(read, options.topology, options.backupEnabled),
        ...(options.schedule ? { schedule: readSchedule(read) } : {}),
    };
}
