/** The guide's backup frequencies (section 9.2) and the exact AWS cron expressions it gives for each. */
export const BACKUP_FREQUENCIES = {
    hourly: "cron(0 */1 * * ? *)",
    every12Hours: "cron(0 0/12 * * ? *)",
    daily: "cron(0 0 * * ? *)",
} as const;

export type BackupFrequency = keyof typeof BACKUP_FREQUENCIES;

/** Hours between backups per frequency: the recovery point objective of the plan. */
export const FREQUENCY_HOURS: Record<BackupFrequency, number> = { hourly: 1, every12Hours: 12, daily: 24 };

const FIELD_CHARS = /^[0-9A-Za-z*?\/,#L W-]+$/;
const RANGES: Array<[string, number, number]> = [["minutes", 0, 59], ["hours", 0, 23], ["day-of-month", 1, 31], ["month", 1, 12], ["day-of-week", 1, 7], ["year", 1970, 2199]];
const NAMED = /^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT)$/i;

function fieldProblem(field: string, label: string, min: number, max: number): string | undefined {
    const [base, step, extra] = field.split("/");
    if (!FIELD_CHARS.test(field) || extra !== undefined || (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= max))) {
        return `has an invalid ${label} field "${field}"`;
    }
    for (const token of base.split(/[,-]/)) {
        if (token === "*" || token === "?" || token === "L" || NAMED.test(token)) {
            continue;
        }
        const value = Number(token.replace(/(L|W|#[1-5])$/, ""));
        if (!/^\d+(L|W|#[1-5])?$/.test(token) || value < min || value > max) {
            return `has ${label} value "${token}" outside ${min}-${max}`;
        }
    }
    return undefined;
}

/**
 * Why `expression` is not an AWS six-field cron (minutes hours day-of-month month day-of-week year, exactly
 * one of day-of-month / day-of-week being `?`), or undefined when it is one.
 */
export function cronProblem(expression: string): string | undefined {
    const match = /^cron\((.*)\)$/.exec(expression.trim());
    if (!match) {
        return "is neither hourly, every12Hours, daily nor an AWS cron expression such as cron(0 3 * * ? *)";
    }
    const fields = match[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        return `has ${fields.length} cron fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year`;
    }
    for (let i = 0; i < fields.length; i++) {
        const problem = fieldProblem(fields[i], ...RANGES[i]);
        if (problem) {
            return problem;
        }
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
        return "must set exactly one of day-of-month and day-of-week to ?";
    }
    if (fields[0].includes("*") || fields[0].includes("/") || fields[0].includes(",") || fields[0].includes("-")) {
        return "runs more than once an hour; AWS Backup's shortest interval is one hour, so give one minute value";
    }
    return undefined;
}

/** The schedule expression for a frequency name or a custom AWS cron; throws when neither. */
export function scheduleExpression(frequency: string): string {
    if (Object.prototype.hasOwnProperty.call(BACKUP_FREQUENCIES, frequency)) {
        return BACKUP_FREQUENCIES[frequency as BackupFrequency];
    }
    const problem = cronProblem(frequency);
    if (problem) {
        throw new Error(`frequency ${JSON.stringify(frequency)} ${problem}`);
    }
    return frequency.trim();
}

/** Problem with a frequency value (a name or a custom cron), for validation messages. */
export function frequencyProblem(frequency: string): string | undefined {
    if (Object.prototype.hasOwnProperty.call(BACKUP_FREQUENCIES, frequency)) {
        return undefined;
    }
    const problem = cronProblem(frequency);
    return problem ? `${problem}; use hourly, every12Hours, daily or a valid cron(...)` : undefined;
}

const VAULT_ARN = /^arn:(aws[a-z-]*):backup:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):backup-vault:([A-Za-z0-9_-]{2,50})$/;

/** The parts of a backup vault ARN, or undefined when `arn` is not one. */
export function parseVaultArn(arn: string): { partition: string; region: string; account: string; name: string } | undefined {
    const m = VAULT_ARN.exec(arn);
    return m ? { partition: m[1], region: m[2], account: m[4], name: m[5] } : undefined;
}

/** Why `arn` cannot be a copy destination for backups made in `sourceRegion`, or undefined. */
export function copyDestinationProblem(arn: string, sourceRegion: string | undefined): string | undefined {
    const parsed = parseVaultArn(arn);
    if (!parsed) {
        return "is not a backup vault ARN; use arn:aws:backup:<region>:<account>:backup-vault:<name>";
    }
    if (sourceRegion !== undefined && parsed.region === sourceRegion) {
        return `is in ${sourceRegion}, the same region as the source vault; a disaster-recovery copy must go to another region (e.g. the dr stack's DrBackupVaultArn)`;
    }
    return undefined;
}
