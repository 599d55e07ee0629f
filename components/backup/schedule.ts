import { cronProblem } from "../../model/cron";
import { parseVaultArn } from "../../model/ids";

/** The guide's backup frequencies (section 9.2) and the exact AWS cron expressions it gives for each. */
export const BACKUP_FREQUENCIES = {
    hourly: "cron(0 */1 * * ? *)",
    every12Hours: "cron(0 0/12 * * ? *)",
    daily: "cron(0 0 * * ? *)",
} as const;

export type BackupFrequency = keyof typeof BACKUP_FREQUENCIES;

/** Hours between backups per frequency: the recovery point objective of the plan. */
export const FREQUENCY_HOURS: Record<BackupFrequency, number> = { hourly: 1, every12Hours: 12, daily: 24 };

/** The schedule expression for a frequency name or a custom AWS cron; throws when neither. */
export function scheduleExpression(frequency: string): string {
    if (Object.hasOwn(BACKUP_FREQUENCIES, frequency)) {
        return BACKUP_FREQUENCIES[frequency as BackupFrequency];
    }
    const problem = frequencyProblem(frequency);
    if (problem) {
        throw new Error(`frequency ${JSON.stringify(frequency)} ${problem}`);
    }
    return frequency.trim();
}

/** Problem with a frequency value (a name or a custom cron), for validation messages. */
export function frequencyProblem(frequency: string): string | undefined {
    if (Object.hasOwn(BACKUP_FREQUENCIES, frequency)) {
        return undefined;
    }
    const problem = cronProblem(frequency);
    return problem ? `${problem}; use hourly, every12Hours, daily or a valid cron(...)` : undefined;
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
