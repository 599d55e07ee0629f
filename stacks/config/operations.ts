import { isTimeZone, LOG_RETENTION_DAYS, scheduleCronProblem } from "../../components";
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

/** What a primary stack (single-az, multi-az) operates day to day. */
export interface OperationsConfig {
    logs: LogsConfig;
    /** single-az only; prod is never stopped on a schedule. */
    schedule?: ScheduleConfig;
}

/** single-az only: a stopped prod instance would start the failover, and prod serves its users around the clock. */
export const SCHEDULE_KEYS = ["sigma:schedule", "sigma:schedule.stop", "sigma:schedule.start", "sigma:schedule.timezone"] as const;
export const SCHEDULE_UNUSED_REASON = "prod is never stopped on a schedule: a stopped instance has no healthy target, which starts the failover";

export const OPERATIONS_KEYS = ["sigma:logs", "sigma:logs.enabled", "sigma:logs.retentionDays", "sigma:logs.userDataLogPath",
    "sigma:logs.catalinaLogPath", "sigma:logs.accessLogPath", "sigma:logs.mysqlErrorLogPath"] as const;

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

/** The operations keys of a primary stack (single-az, multi-az); sigma:schedule is read for single-az only. */
export function readOperations(read: ConfigReader, options: { schedule: boolean }): OperationsConfig {
    return { logs: readLogs(read), ...(options.schedule ? { schedule: readSchedule(read) } : {}) };
}
