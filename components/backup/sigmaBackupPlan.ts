import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_PLAN_NAME, BACKUP_VAULT_NAME } from "../../model/ids";
import { BACKUP_COMPLETION_WINDOW_MINUTES, BACKUP_MAX_RETENTION_DAYS, BACKUP_START_WINDOW_MINUTES } from "../../model/limits";
import { accountScope } from "../shared/accountScope";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE, STACK_SCOPE_TAG_KEY, stackScopeTagValue } from "../shared/constants";
import { serviceTrustPolicy } from "../shared/iam";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { BACKUP_COMPONENT_TAG, BACKUP_DEFAULTS } from "./backupDefaults";
import { formerBackupUrn, movedChildOptions } from "./formerSigmaBackup";
import { backupRolePolicy } from "./policies";
import { parseVaultArn } from "../../model/ids";
import { copyDestinationProblem, frequencyProblem, scheduleExpression } from "./schedule";
import { checkWholeNumber } from "./checkWholeNumber";
import { LOGICALLY_AIR_GAPPED_MIN_RETENTION_DAYS } from "./sigmaAirGappedVault";

const RETENTION_DAYS = { min: 1, max: BACKUP_MAX_RETENTION_DAYS };
const AIR_GAPPED_RETENTION_DAYS = { min: LOGICALLY_AIR_GAPPED_MIN_RETENTION_DAYS, max: BACKUP_MAX_RETENTION_DAYS };

export interface SigmaBackupPlanArgs {
    /** The vault every recovery point goes to (SigmaBackupVault's vaultName). */
    vaultName: pulumi.Input<string>;
    /** Backup plan name (the guide's SigmaBackupPlan), derived from the component name when unset. */
    planName?: string;
    /** hourly, every12Hours, daily (default) or a custom AWS cron such as cron(30 2 * * ? *). @default "daily" */
    frequency?: string;
    /** Days each local recovery point is kept (default 7, the guide's). @default 7 */
    retentionDays?: number;
    /** Minutes a scheduled backup may wait to start (default 60). @default 60 */
    startWindowMinutes?: number;
    /** Minutes a started backup may take before AWS Backup cancels it (default 180). @default 180 */
    completionWindowMinutes?: number;
    /** Backup vault ARNs in other regions that receive a copy of every recovery point. */
    copyToVaultArns?: pulumi.Input<string>[];
    /** Days each copy is kept in the destination vault (default 30). @default 30 */
    copyRetentionDays?: number;
    /** Instance ARNs to back up besides those carrying the Sigma backup tag; they too must carry the stack scope tag. */
    resourceArns?: pulumi.Input<string>[];
    /** Back up resources tagged sigma:backup=true, as SigmaInstance tags them (default true). */
    selectByTag?: boolean;
    /**
     * The stack scope (the sigma:stack tag's value) of the instances this plan may back up; default `<project>/<stack>` of
     * the running Pulumi stack, the value SigmaInstance tags with. Selection and the BackupRole's CreateImage require it.
     */
    stackScope?: string;
    /** A logically air-gapped vault (SigmaAirGappedVault's vaultArn, in this region) that receives a third copy of every recovery point. */
    airGappedVaultArn?: pulumi.Input<string>;
    /** Days each air-gapped copy is kept, within that vault's minimum and maximum retention (default 90). @default 90 */
    airGappedRetentionDays?: number;
    /** The target vault's lock minimum (SigmaBackupVault's vaultLockMinRetentionDays), checked against retentionDays; unset when unlocked. */
    vaultLockMinRetentionDays?: number;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

/**
 * Why a plan keeping recovery points `retentionDays` cannot write to a vault locked with `vaultLockMinRetentionDays`,
 * or undefined. A locked vault fails every backup job whose retention is shorter than its minimum
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
 */
export function lockRetentionProblem(vaultLockMinRetentionDays: number | undefined, retentionDays: number): string | undefined {
    if (vaultLockMinRetentionDays === undefined || vaultLockMinRetentionDays <= retentionDays) {
        return undefined;
    }
    return `vaultLockMinRetentionDays ${show(vaultLockMinRetentionDays)} is longer than retentionDays ${retentionDays}, so the lock would refuse every backup; lower it or raise retentionDays`;
}

/** Validates SigmaBackupPlan args; throws one error listing every problem. */
export function validateBackupPlanArgs(name: string, args: SigmaBackupPlanArgs): void {
    const problems = new ArgProblems("SigmaBackupPlan", name);
    const vaultName = knownValue(args.vaultName);
    if (args.vaultName === undefined || args.vaultName === "") {
        problems.add("vaultName is required; pass SigmaBackupVault's vaultName");
    } else if (vaultName !== undefined) {
        problems.check(BACKUP_VAULT_NAME.test(vaultName), `vaultName ${show(vaultName)} must be 2-50 letters, digits, - or _`);
    }
    if (args.planName !== undefined) {
        problems.check(BACKUP_PLAN_NAME.test(args.planName), `planName ${show(args.planName)} must be 1-50 letters, digits, ., - or _`);
    }
    if (args.frequency !== undefined) {
        problems.add(typeof args.frequency === "string" ? (p => p && `frequency ${show(args.frequency)} ${p}`)(frequencyProblem(args.frequency))
            : `frequency ${show(args.frequency)} must be a string: hourly, every12Hours, daily or cron(...)`);
    }
    checkWholeNumber(problems, "retentionDays", args.retentionDays, RETENTION_DAYS);
    checkWholeNumber(problems, "copyRetentionDays", args.copyRetentionDays, RETENTION_DAYS);
    checkWholeNumber(problems, "startWindowMinutes", args.startWindowMinutes, BACKUP_START_WINDOW_MINUTES, " (AWS Backup's range)");
    checkWholeNumber(problems, "completionWindowMinutes", args.completionWindowMinutes, BACKUP_COMPLETION_WINDOW_MINUTES, " (AWS Backup's range)");
    const start = args.startWindowMinutes ?? BACKUP_DEFAULTS.startWindowMinutes;
    const completion = args.completionWindowMinutes ?? BACKUP_DEFAULTS.completionWindowMinutes;
    problems.check(!(completion < start + 60), `completionWindowMinutes ${show(completion)} must be at least 60 more than startWindowMinutes (${start})`);
    if (args.copyToVaultArns !== undefined && !Array.isArray(args.copyToVaultArns)) {
        problems.add(`copyToVaultArns ${show(args.copyToVaultArns)} must be a list of backup vault ARNs`);
    }
    (Array.isArray(args.copyToVaultArns) ? args.copyToVaultArns : []).forEach((arn, i) => {
        const known = knownValue(arn);
        if (known !== undefined) {
            problems.add((p => p && `copyToVaultArns[${i}] ${show(known)} ${p}`)(copyDestinationProblem(known, undefined)));
        }
    });
    problems.check((args.selectByTag ?? true) || (args.resourceArns ?? []).length > 0,
        "selectByTag is false and resourceArns is empty, so the plan would back up nothing; select by tag or list instance ARNs");
    checkWholeNumber(problems, "vaultLockMinRetentionDays", args.vaultLockMinRetentionDays, RETENTION_DAYS);
    if (args.stackScope !== undefined) {
        problems.check(typeof args.stackScope === "string" && /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u.test(args.stackScope),
            `stackScope ${show(args.stackScope)} must be a tag value (1-256 letters, digits, spaces or _ . : / = + - @), e.g. "sigma/prod"`);
    }
    checkWholeNumber(problems, "airGappedRetentionDays", args.airGappedRetentionDays, AIR_GAPPED_RETENTION_DAYS, " (a logically air-gapped vault keeps copies at least 7 days)");
    problems.check(args.airGappedRetentionDays === undefined || args.airGappedVaultArn !== undefined,
        "airGappedRetentionDays is set but airGappedVaultArn is not; pass SigmaAirGappedVault's vaultArn or remove it");
    const airGapped = knownValue(args.airGappedVaultArn);
    if (airGapped !== undefined) {
        problems.check(parseVaultArn(airGapped) !== undefined, `airGappedVaultArn ${show(airGapped)} is not a backup vault ARN; pass SigmaAirGappedVault's vaultArn`);
    }
    problems.add(lockRetentionProblem(args.vaultLockMinRetentionDays, args.retentionDays ?? BACKUP_DEFAULTS.retentionDays));
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * When and what AWS Backup backs up (the guide's SigmaBackupPlan, hardened): the plan's rule (hourly, 12-hourly,
 * daily or a cron) into a SigmaBackupVault's vault, optional cross-region copy actions, a selection of every
 * instance tagged sigma:backup=true, and a least-privilege BackupRole the selection runs as.
 *
 * It replaces the plan half of the former SigmaBackup component: a new component, whose children keep their names
 * and carry an alias to their URN under SigmaBackup (same name, same parent), so a stack deployed with SigmaBackup
 * moves them instead of replacing them.
 */
export class SigmaBackupPlan extends pulumi.ComponentResource {
    public readonly backupRole: aws.iam.Role;
    public readonly plan: aws.backup.Plan;
    public readonly selection: aws.backup.Selection;
    public readonly planId: pulumi.Output<string>;
    public readonly backupRoleArn: pulumi.Output<string>;
    /** The schedule expression of the plan's rule. */
    public readonly schedule: string;
    /** The stack scope the selection and the BackupRole require (the sigma:stack tag's value). */
    public readonly stackScope: string;

    constructor(name: string, args: SigmaBackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        validateBackupPlanArgs(name, args);
        super("sigma:backup:SigmaBackupPlan", name, {}, opts);
        const child = { parent: this, ...movedChildOptions(formerBackupUrn(name, opts?.parent)) };
        const tags = componentTags(BACKUP_COMPONENT_TAG, args.tags);
        const scope = accountScope({ parent: this });

        const copyArns = pulumi.output(args.copyToVaultArns ?? []);
        const stackScope = args.stackScope ?? stackScopeTagValue(pulumi.getProject(), pulumi.getStack());
        const airGappedArn = args.airGappedVaultArn === undefined ? undefined : pulumi.output(args.airGappedVaultArn);
        const airGappedRetention = args.airGappedRetentionDays ?? BACKUP_DEFAULTS.airGappedRetentionDays;
        // The role copies into the DR vaults and the air-gapped one (same region: no extra region for the role).
        const roleDestinations = pulumi.all([copyArns, airGappedArn]).apply(([arns, lag]) => (lag === undefined ? arns : [...arns, lag]));
        const copyRegions = pulumi.all([copyArns, scope]).apply(([arns, s]) => arns.map((arn) => {
            const problem = copyDestinationProblem(arn, s.region);
            if (problem) {
                throw new pulumi.ResourceError(`SigmaBackupPlan "${name}" copyToVaultArns entry ${show(arn)} ${problem}`, this);
            }
            return parseVaultArn(arn)!.region;
        }));
        this.backupRole = new aws.iam.Role(`${name}-backup-role`, {
            description: "BackupRole: AWS Backup images and copies the Sigma instances",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", s.account))),
            tags,
        }, child);
        new aws.iam.RolePolicy(`${name}-backup-role-policy`, {
            role: this.backupRole.id,
            policy: pulumi.all([scope, copyRegions, roleDestinations]).apply(([s, regions, arns]) => JSON.stringify(backupRolePolicy(s, regions, arns, stackScope))),
        }, child);

        this.schedule = scheduleExpression(args.frequency ?? BACKUP_DEFAULTS.frequency);
        const copyRetention = args.copyRetentionDays ?? BACKUP_DEFAULTS.copyRetentionDays;
        this.plan = new aws.backup.Plan(`${name}-plan`, {
            name: args.planName,
            rules: [{
                ruleName: `${name}-${args.frequency && !args.frequency.startsWith("cron(") ? args.frequency : "scheduled"}`,
                targetVaultName: args.vaultName,
                schedule: this.schedule,
                startWindow: args.startWindowMinutes ?? BACKUP_DEFAULTS.startWindowMinutes,
                completionWindow: args.completionWindowMinutes ?? BACKUP_DEFAULTS.completionWindowMinutes,
                lifecycle: { deleteAfter: args.retentionDays ?? BACKUP_DEFAULTS.retentionDays },
                copyActions: pulumi.all([copyArns, airGappedArn]).apply(([arns, lag]) => [
                    ...arns.map((destinationVaultArn) => ({ destinationVaultArn, lifecycle: { deleteAfter: copyRetention } })),
                    ...(lag === undefined ? [] : [{ destinationVaultArn: lag, lifecycle: { deleteAfter: airGappedRetention } }]),
                ]),
                recoveryPointTags: { ...tags, "sigma:plan": name },
            }],
            tags,
        }, child);
        this.selection = new aws.backup.Selection(`${name}-selection`, {
            planId: this.plan.id,
            iamRoleArn: this.backupRole.arn,
            selectionTags: (args.selectByTag ?? true) ? [{ type: "STRINGEQUALS", key: BACKUP_TAG_KEY, value: BACKUP_TAG_VALUE }] : undefined,
            resources: args.resourceArns,
            // ANDed with the tag (model/backupSelection): another stack's tagged instances in the account are not selected.
            conditions: [{ stringEquals: [{ key: `aws:ResourceTag/${STACK_SCOPE_TAG_KEY}`, value: stackScope }] }],
        }, child);

        this.stackScope = stackScope;
        this.planId = this.plan.id;
        this.backupRoleArn = this.backupRole.arn;
        this.registerOutputs({ planId: this.planId, schedule: this.schedule, backupRoleArn: this.backupRoleArn });
    }
}
