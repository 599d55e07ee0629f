import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { cronProblem, maxIntervalHours } from "../model/cron";
import { uncoveredResources } from "./backupCoverage";
import { forTypes } from "./forTypes";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";

/** Stands in for a value the engine does not know yet in a preview (e.g. the ARN of a key created in the same run). */
const NOT_YET_KNOWN = "(known after apply)";
const list = (value: unknown): any[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

// "When no CRON expression is provided, AWS Backup will use the default expression cron(0 5 ? * * *)."
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html (ScheduleExpression)
const AWS_BACKUP_DEFAULT_SCHEDULE = "cron(0 5 ? * * *)";

/** The longest gap in hours a backup rule's schedule leaves, or why AWS Backup would not run it (model/cron.ts). */
export function ruleScheduleGap(schedule: string | null | undefined, now: Date = new Date()): { hours: number } | { problem: string } {
    const expression = schedule === undefined || schedule === null || schedule === "" ? AWS_BACKUP_DEFAULT_SCHEDULE : schedule;
    const problem = cronProblem(expression, now);
    return problem ? { problem: `${JSON.stringify(expression)} ${problem}` } : { hours: maxIntervalHours(expression, now) };
}

/** True for a KMS key reference that is AWS's managed backup key rather than a customer-managed key. */
export function isAwsManagedKey(keyArn: string): boolean {
    return /alias\/aws\//.test(keyArn);
}

/** The region in an ARN (`arn:partition:service:region:...`), if it has one. */
export function arnRegion(arn: string): string | undefined {
    const region = arn.split(":")[3];
    return region ? region : undefined;
}

export const vaultCustomerManagedKey: ResourceValidationPolicy = {
    name: "backup-vault-cmk",
    description: "Backup vaults encrypt recovery points with a customer-managed KMS key (checkov CKV_AWS_166).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Create an aws.kms.Key with rotation on and pass its ARN as the vault's kmsKeyArn.",
    validateResource: forTypes([TYPES.backupVault], (args, reportViolation) => {
        const keyArn = knownOr(() => args.props.kmsKeyArn as string | undefined, NOT_YET_KNOWN);
        if (keyArn === undefined) {
            reportViolation("kmsKeyArn is unset, so the vault uses the AWS managed key aws/backup; pass a customer-managed key you can rotate, audit and share with the DR account");
        } else if (isAwsManagedKey(keyArn)) {
            reportViolation(`kmsKeyArn ${keyArn} is an AWS managed key; use a customer-managed key`);
        }
    }),
};

export const planRetention: ResourceValidationPolicy = {
    name: "backup-plan-retention",
    description: "Every backup plan rule (and every copy it makes) keeps recovery points at least the configured number of days.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set each rule's lifecycle.deleteAfter (and copyActions[].lifecycle.deleteAfter) to at least minRetentionDays (the guide's default is 7).",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, default: 7, description: "Fewest days a recovery point is kept (the product guide's default is 7)" },
        },
    },
    validateResource: forTypes([TYPES.backupPlan], (args, reportViolation) => {
        const { minRetentionDays } = args.getConfig<{ minRetentionDays: number }>();
        list(args.props.rules).forEach((rule: any, i: number) => {
            const label = `rules[${i}] (${rule.ruleName ?? "unnamed"})`;
            const tooShort = (lifecycle: any) => lifecycle?.deleteAfter !== undefined && lifecycle.deleteAfter < minRetentionDays;
            if (tooShort(rule.lifecycle)) {
                reportViolation(`${label} deletes recovery points after ${rule.lifecycle.deleteAfter} days; keep them at least ${minRetentionDays}`);
            }
            list(rule.copyActions).forEach((copy: any, j: number) => {
                if (tooShort(copy.lifecycle)) {
                    reportViolation(`${label} copyActions[${j}] deletes copies after ${copy.lifecycle.deleteAfter} days; keep them at least ${minRetentionDays}`);
                }
            });
        });
    }),
};

export const planFrequency: ResourceValidationPolicy = {
    name: "backup-plan-frequency",
    description: "Every backup plan rule runs at least as often as the configured maximum interval (default daily), which bounds the recovery point objective.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Give each rule a schedule such as cron(0 5 ? * * *) (daily 05:00 UTC) or a shorter interval.",
    configSchema: {
        properties: {
            maxIntervalHours: { type: "number", exclusiveMinimum: 0, default: 24, description: "Longest allowed gap between two backups, in hours" },
        },
    },
    validateResource: forTypes([TYPES.backupPlan], (args, reportViolation) => {
        const { maxIntervalHours: limitHours } = args.getConfig<{ maxIntervalHours: number }>();
        list(args.props.rules).forEach((rule: any, i: number) => {
            const label = `rules[${i}] (${rule.ruleName ?? "unnamed"})`;
            const gap = ruleScheduleGap(rule.schedule);
            if ("problem" in gap) {
                reportViolation(`${label} schedule cannot be judged: ${gap.problem}`);
            } else if (gap.hours > limitHours) {
                reportViolation(`${label} schedule ${rule.schedule} leaves up to ${gap.hours} hours between backups; the maximum is ${limitHours}`);
            }
        });
    }),
};

export const crossRegionCopy: ResourceValidationPolicy = {
    name: "backup-cross-region-copy",
    description: "Where the config requires it (prod), every backup plan copies recovery points to a vault in another region.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Add copyActions [{ destinationVaultArn: <the DR region's vault ARN>, lifecycle: { deleteAfter: ... } }] to the plan's rule.",
    configSchema: {
        properties: {
            required: { type: "boolean", default: false, description: "Whether every plan must copy to another region (on for prod)" },
        },
    },
    validateResource: forTypes([TYPES.backupPlan], (args, reportViolation) => {
        if (!args.getConfig<{ required: boolean }>().required) {
            args.notApplicable("cross-region copies are not required by this stack's policy config");
        }
        const planRegion = knownOr(() => args.provider?.props?.region as string | undefined, undefined);
        const destinations = list(args.props.rules).flatMap((rule: any) => list(rule.copyActions))
            .map((copy: any) => knownOr(() => copy.destinationVaultArn as string | undefined, NOT_YET_KNOWN))
            .filter((arn): arn is string => typeof arn === "string");
        const elsewhere = destinations.filter((arn) => arn === NOT_YET_KNOWN || planRegion === undefined || arnRegion(arn) !== planRegion);
        if (destinations.length === 0) {
            reportViolation("no rule has copyActions: a regional outage would take the backups with it; copy to the DR region's vault");
        } else if (elsewhere.length === 0) {
            reportViolation(`every copy stays in ${planRegion} (${destinations.join(", ")}); copy to a vault in another region`);
        }
    }),
};

/** True when the lock configuration names the vault (by dependency on it, or by its name). */
function locks(lock: PolicyResource, vault: PolicyResource): boolean {
    const deps = (lock.propertyDependencies?.backupVaultName ?? []).map((d) => d.urn);
    const vaultName = knownOr(() => vault.props.name as string | undefined, undefined);
    return deps.includes(vault.urn) || (vaultName !== undefined && knownOr(() => lock.props.backupVaultName, undefined) === vaultName);
}

/** Why a vault lock configuration is weaker than the config asks (governance mode, short minimum retention), if it is. */
export function vaultLockProblems(lock: Record<string, any>, requireCompliance: boolean, minRetentionDays: number): string[] {
    const problems: string[] = [];
    // "If you do not specify ChangeableForDays, the vault lock is in governance mode" and can be removed by anyone with
    // backup:DeleteBackupVaultLockConfiguration: https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
    if (requireCompliance && (lock.changeableForDays === undefined || lock.changeableForDays === null)) {
        problems.push("is in governance mode (no changeableForDays), which any admin can remove; set changeableForDays (3 or more) for compliance mode");
    }
    if (lock.minRetentionDays === undefined || lock.minRetentionDays === null || Number(lock.minRetentionDays) < minRetentionDays) {
        problems.push(`has minRetentionDays ${JSON.stringify(lock.minRetentionDays ?? null)}; recovery points could be deleted before ${minRetentionDays} days`);
    }
    return problems;
}

export const vaultLock: StackValidationPolicy = {
    name: "backup-vault-lock",
    description: "Where the config requires it (prod), every backup vault has a vault lock in compliance mode whose minimum retention is at least the configured days; logically air-gapped vaults keep the same minimum (Security Hub Backup.1 family; AWS Backup Vault Lock).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Add an aws.backup.VaultLockConfiguration for the vault with minRetentionDays >= the plan's retention and changeableForDays (compliance mode).",
    configSchema: {
        properties: {
            required: { type: "boolean", default: false, description: "Whether every vault must be locked (on for prod)" },
            requireCompliance: { type: "boolean", default: true, description: "Whether the lock must be in compliance mode (changeableForDays set)" },
            minRetentionDays: { type: "integer", minimum: 1, default: 7, description: "Smallest minRetentionDays a lock (or air-gapped vault) may set" },
        },
    },
    validateStack: (args, reportViolation) => {
        const { required, requireCompliance, minRetentionDays } = args.getConfig<{ required: boolean; requireCompliance: boolean; minRetentionDays: number }>();
        if (!required) {
            args.notApplicable("vault lock is not required by this stack's policy config");
        }
        const lockConfigs = args.resources.filter((r) => r.type === TYPES.backupVaultLock);
        for (const vault of args.resources.filter((r) => r.type === TYPES.backupVault)) {
            const locksOfVault = lockConfigs.filter((lock) => locks(lock, vault));
            if (locksOfVault.length === 0) {
                reportViolation(`backup vault "${vault.name}" has no aws.backup.VaultLockConfiguration; a compromised account could delete every recovery point`, vault.urn);
            }
        }
        for (const lock of lockConfigs) {
            for (const problem of vaultLockProblems(knownOr(() => lock.props, {}), requireCompliance, minRetentionDays)) {
                reportViolation(`vault lock "${lock.name}" ${problem}`, lock.urn);
            }
        }
        for (const vault of args.resources.filter((r) => r.type === TYPES.airGappedVault)) {
            const min = Number(knownOr(() => vault.props.minRetentionDays, 0));
            if (!(min >= minRetentionDays)) {
                reportViolation(`logically air-gapped vault "${vault.name}" has minRetentionDays ${min}; keep at least ${minRetentionDays}`, vault.urn);
            }
        }
    },
};

export const vaultNoForceDestroy: ResourceValidationPolicy = {
    name: "backup-vault-no-force-destroy",
    description: "Backup vaults do not set forceDestroy, which deletes every recovery point when the vault is destroyed (Security Hub Backup.1 spirit; AWS Backup deletion protection).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove forceDestroy (SigmaBackupVault never sets it); destroy a vault by the runbook in docs/operations.md.",
    validateResource: forTypes([TYPES.backupVault, TYPES.airGappedVault], (args, reportViolation) => {
        if (args.props.forceDestroy === true) {
            reportViolation("forceDestroy is true: `pulumi destroy` would delete every recovery point in the vault");
        }
    }),
};

export const backupCoverage: StackValidationPolicy = {
    name: "backup-coverage",
    description: "Every EC2 instance and data volume is selected by some backup selection, by tag or ARN; a volume attached to a covered instance is covered by its AMI backup (checkov CKV2_AWS_9).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Tag the instance sigma:backup=true (SigmaInstance does unless backup: false) and deploy the backup stack, whose selection matches that tag.",
    configSchema: {
        properties: {
            resourceTypes: { type: "array", items: { type: "string" }, default: [TYPES.instance, TYPES.volume], description: "Resource types that must be backed up" },
        },
    },
    validateStack: (args, reportViolation) => {
        const { resourceTypes } = args.getConfig<{ resourceTypes: string[] }>();
        if (!args.resources.some((r) => resourceTypes.includes(r.type))) {
            args.notApplicable("the stack has no instances or volumes");
        }
        for (const { resource, reason } of uncoveredResources(args.resources, resourceTypes)) {
            reportViolation(reason, resource.urn);
        }
    },
};

export const backupPolicies = [vaultCustomerManagedKey, vaultNoForceDestroy, planRetention, planFrequency, crossRegionCopy, vaultLock, backupCoverage];
