import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cronProblem } from "../../model/cron";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE } from "../shared/constants";
import { componentTags } from "../shared/tags";
import { ArgProblems, show, tagProblems } from "../shared/validation";

export const RESTORE_TESTING_DEFAULTS = {
    /** Sundays 03:00 UTC, outside reporting hours. */
    schedule: "cron(0 3 ? * SUN *)",
    /** The newest recovery point of the last week: the one a real restore would use. */
    selectionWindowDays: 7,
    /** Hours the restored test instance lives before AWS Backup deletes it. */
    validationWindowHours: 2,
    /** Hours the test may wait to start. */
    startWindowHours: 4,
};

const NAME = /^[A-Za-z0-9_]{1,50}$/;

export interface SigmaRestoreTestingArgs {
    /** Name of the restore testing plan (letters, digits and _ only, AWS's rule); derived from the component name when unset. */
    planName?: string;
    /** ARN of the vault whose recovery points are tested. */
    vaultArn: pulumi.Input<string>;
    /** Role AWS Backup assumes to launch the test instance (SigmaRestore's restoreRoleArn). */
    restoreRoleArn: pulumi.Input<string>;
    /** AWS cron of the test (default weekly, Sundays 03:00 UTC). */
    schedule?: string;
    /** Test the newest recovery point of this many days (default 7). */
    selectionWindowDays?: number;
    /** Hours the restored copy is kept for checks before AWS Backup deletes it (default 2, 0-168). */
    validationWindowHours?: number;
    /** Subnet the test instance launches in (the backed-up one when unset). */
    subnetId?: pulumi.Input<string>;
    /** Security groups of the test instance (the backed-up ones when unset). */
    securityGroupIds?: pulumi.Input<string>[];
    /** Extra tags for the plan. */
    tags?: Record<string, string>;
}

/** Validates SigmaRestoreTesting args; throws one error listing every problem. */
export function validateRestoreTestingArgs(name: string, args: SigmaRestoreTestingArgs): void {
    const problems = new ArgProblems("SigmaRestoreTesting", name);
    const planName = args.planName ?? restoreTestingPlanName(name);
    problems.check(NAME.test(planName), `planName ${show(planName)} must be 1-50 letters, digits or _ (AWS allows no hyphens here)`);
    problems.check(args.vaultArn !== undefined, "vaultArn is required; pass SigmaBackupVault's vaultArn");
    problems.check(args.restoreRoleArn !== undefined, "restoreRoleArn is required; pass SigmaRestore's restoreRoleArn");
    if (args.schedule !== undefined) {
        problems.add((p => p && `schedule ${show(args.schedule)} ${p}`)(cronProblem(args.schedule)));
    }
    if (args.selectionWindowDays !== undefined) {
        problems.check(Number.isInteger(args.selectionWindowDays) && args.selectionWindowDays >= 1 && args.selectionWindowDays <= 365,
            `selectionWindowDays ${show(args.selectionWindowDays)} must be a whole number from 1 to 365`);
    }
    if (args.validationWindowHours !== undefined) {
        problems.check(Number.isInteger(args.validationWindowHours) && args.validationWindowHours >= 0 && args.validationWindowHours <= 168,
            `validationWindowHours ${show(args.validationWindowHours)} must be a whole number from 0 to 168`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** Restore testing plan names allow only letters, digits and underscores. */
export function restoreTestingPlanName(name: string): string {
    return `${name.replace(/[^A-Za-z0-9_]/g, "_")}_restore_test`.slice(0, 50);
}

/**
 * Proves backups restore: AWS Backup periodically restores the newest recovery point of every tagged Sigma
 * instance into a throw-away instance (IMDSv2 required), keeps it for the validation window, then deletes it.
 */
export class SigmaRestoreTesting extends pulumi.ComponentResource {
    public readonly plan: aws.backup.RestoreTestingPlan;
    public readonly selection: aws.backup.RestoreTestingSelection;
    public readonly planName: pulumi.Output<string>;

    constructor(name: string, args: SigmaRestoreTestingArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreTestingArgs(name, args);
        super("sigma:restore:SigmaRestoreTesting", name, {}, opts);
        const child = { parent: this };
        const planName = args.planName ?? restoreTestingPlanName(name);
        this.plan = new aws.backup.RestoreTestingPlan(`${name}-restore-testing`, {
            name: planName,
            scheduleExpression: args.schedule ?? RESTORE_TESTING_DEFAULTS.schedule,
            startWindowHours: RESTORE_TESTING_DEFAULTS.startWindowHours,
            recoveryPointSelection: {
                algorithm: "LATEST_WITHIN_WINDOW",
                includeVaults: [args.vaultArn],
                recoveryPointTypes: ["SNAPSHOT"],
                selectionWindowDays: args.selectionWindowDays ?? RESTORE_TESTING_DEFAULTS.selectionWindowDays,
            },
            tags: componentTags("SigmaRestoreTesting", args.tags),
        }, child);
        const overrides: Record<string, pulumi.Input<string>> = { requireImdsV2: "true" };
        if (args.subnetId !== undefined) {
            overrides.subnetId = args.subnetId;
        }
        if (args.securityGroupIds !== undefined) {
            overrides.securityGroupIds = pulumi.all(args.securityGroupIds).apply((ids) => JSON.stringify(ids));
        }
        this.selection = new aws.backup.RestoreTestingSelection(`${name}-restore-testing-selection`, {
            name: `${planName.slice(0, 40)}_ec2`,
            restoreTestingPlanName: this.plan.name,
            protectedResourceType: "EC2",
            iamRoleArn: args.restoreRoleArn,
            protectedResourceArns: ["*"],
            protectedResourceConditions: { stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG_KEY}`, value: BACKUP_TAG_VALUE }] },
            validationWindowHours: args.validationWindowHours ?? RESTORE_TESTING_DEFAULTS.validationWindowHours,
            restoreMetadataOverrides: overrides,
        }, child);
        this.planName = this.plan.name;
        this.registerOutputs({ planName: this.planName });
    }
}
