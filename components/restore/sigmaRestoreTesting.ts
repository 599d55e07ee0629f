import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cronProblem } from "../../model/cron";
import { instanceTypeProblem } from "../../model/instanceTypes";
import { ec2OverrideProblems, RESTORE_TESTING_NAME_MAX, selectionNameProblem, validationWindowProblem } from "../../model/restoreTesting";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE, SIGMA_APP_PORT } from "../shared/constants";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";
import { RestoreValidation, rtoProblem, VALIDATION_DEFAULTS } from "./restoreValidation";

export const RESTORE_TESTING_DEFAULTS = {
    /** Sundays 03:00 UTC, outside reporting hours. */
    schedule: "cron(0 3 ? * SUN *)",
    /** The newest recovery point of the last week: the one a real restore would use. */
    selectionWindowDays: 7,
    /** Hours the restored test instance lives for validation before AWS Backup deletes it (the validator needs minutes). */
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
    /** The stack's VPC: the test instances' security group and the validator live in it. */
    vpcId: pulumi.Input<string>;
    /** The stack's own (private) subnet the test instances launch in; AWS Backup's default is the default VPC. */
    subnetId: pulumi.Input<string>;
    /** Subnets the validator runs in (default [subnetId]); they need a route to the AWS APIs on 443 (NAT or endpoints). */
    validatorSubnetIds?: pulumi.Input<string>[];
    /** The stack's notification topic (SigmaMonitoring's topicArn): validation and RTO alarms and failed validator runs go there. */
    alarmTopicArn: pulumi.Input<string>;
    /** The KMS key encrypting that topic (SigmaMonitoring's keyArn). */
    alarmTopicKeyArn: pulumi.Input<string>;
    /** Recovery time objective in minutes (default 30, the project's stated RTO): slower restores alarm. @default 30 */
    rtoMinutes?: number;
    /** Value of the restore-test metrics' Stack dimension (default the plan name). */
    stackName?: string;
    /** Instance type of the test instances (the backed-up one when unset). */
    instanceType?: string;
    /** Where the validator may open HTTPS for the AWS APIs (default 0.0.0.0/0 through the NAT; the VPC CIDR with endpoints). */
    httpsEgressCidrs?: string[];
    /** The validator function's name (default `<name>-restore-validator`). */
    validatorFunctionName?: string;
    /** AWS cron of the test (default weekly, Sundays 03:00 UTC). @default "cron(0 3 ? * SUN *)" */
    schedule?: string;
    /** Test the newest recovery point of this many days (default 7). @default 7 */
    selectionWindowDays?: number;
    /** Hours the restored copy is kept for validation before AWS Backup deletes it (default 2, 1-168). @default 2 */
    validationWindowHours?: number;
    /** Extra tags for every taggable resource. */
    tags?: Record<string, string>;
}

/** The restore metadata the test overrides: own subnet, the dedicated group, IMDSv2, and the type when one is given. */
export function restoreTestOverrides(subnetId: string | undefined, securityGroupId: string | undefined, instanceType: string | undefined): Record<string, string | undefined> {
    const overrides: Record<string, string | undefined> = {
        requireImdsV2: "true",
        subnetId,
        securityGroupIds: securityGroupId === undefined ? undefined : JSON.stringify([securityGroupId]),
    };
    if (instanceType !== undefined) {
        overrides.instanceType = instanceType;
    }
    return overrides;
}

/** The restore testing selection's name for a plan name. */
export function restoreTestingSelectionName(planName: string): string {
    return `${planName.slice(0, RESTORE_TESTING_NAME_MAX - 10)}_ec2`;
}

/** Validates SigmaRestoreTesting args; throws one error listing every problem. */
export function validateRestoreTestingArgs(name: string, args: SigmaRestoreTestingArgs): void {
    const problems = new ArgProblems("SigmaRestoreTesting", name);
    const planName = args.planName ?? restoreTestingPlanName(name);
    problems.check(NAME.test(planName), `planName ${show(planName)} must be 1-50 letters, digits or _ (AWS allows no hyphens here)`);
    if (NAME.test(planName)) {
        const selectionProblem = selectionNameProblem(restoreTestingSelectionName(planName));
        problems.check(selectionProblem === undefined, `planName ${show(planName)} gives the selection name ${show(restoreTestingSelectionName(planName))}, which ${selectionProblem}; end the plan name with a letter or digit`);
    }
    problems.check(args.vaultArn !== undefined, "vaultArn is required; pass SigmaBackupVault's vaultArn");
    problems.check(args.restoreRoleArn !== undefined, "restoreRoleArn is required; pass SigmaRestore's restoreRoleArn");
    problems.add(awsIdProblem("vpcId", "vpc", args.vpcId));
    problems.add(awsIdProblem("subnetId", "subnet", args.subnetId));
    if (args.validatorSubnetIds !== undefined) {
        if (!Array.isArray(args.validatorSubnetIds) || args.validatorSubnetIds.length === 0) {
            problems.add(`validatorSubnetIds ${show(args.validatorSubnetIds)} must list at least one subnet, or be left unset for subnetId`);
        } else {
            args.validatorSubnetIds.forEach((id, i) => problems.add(awsIdProblem(`validatorSubnetIds[${i}]`, "subnet", id)));
        }
    }
    for (const arg of ["alarmTopicArn", "alarmTopicKeyArn"] as const) {
        problems.check(args[arg] !== undefined && args[arg] !== "", `${arg} is required; pass the stack's notification topic from SigmaMonitoring (topicArn, keyArn): alarms nobody hears are not monitoring`);
    }
    problems.add(rtoProblem(args.rtoMinutes));
    if (args.instanceType !== undefined) {
        problems.add(instanceTypeProblem("instanceType", args.instanceType));
    }
    if (args.schedule !== undefined) {
        problems.add((p => p && `schedule ${show(args.schedule)} ${p}`)(cronProblem(args.schedule)));
    }
    if (args.selectionWindowDays !== undefined) {
        problems.check(Number.isInteger(args.selectionWindowDays) && args.selectionWindowDays >= 1 && args.selectionWindowDays <= 365,
            `selectionWindowDays ${show(args.selectionWindowDays)} must be a whole number from 1 to 365`);
    }
    if (args.validationWindowHours !== undefined) {
        problems.add((p => p && `validationWindowHours ${show(args.validationWindowHours)} ${p}`)(validationWindowProblem(args.validationWindowHours)));
    }
    // The overrides this component will send, checked against what AWS Backup accepts for EC2 (values known now).
    const subnetId = knownValue(args.subnetId);
    problems.addAll(ec2OverrideProblems(restoreTestOverrides(subnetId !== undefined && awsIdProblem("subnetId", "subnet", subnetId) === undefined ? subnetId : undefined,
        undefined, args.instanceType !== undefined && instanceTypeProblem("instanceType", args.instanceType) === undefined ? args.instanceType : undefined)));
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** Restore testing plan names allow only letters, digits and underscores. */
export function restoreTestingPlanName(name: string): string {
    return `${name.replace(/[^A-Za-z0-9_]/g, "_")}_restore_test`.slice(0, 50);
}

/** Each SigmaRestoreTesting's validator, kept off the class's fields (see `validation`). */
const validations = new WeakMap<object, RestoreValidation>();

/**
 * Proves backups restore and Sigma comes back: AWS Backup periodically restores the newest recovery point of every
 * tagged Sigma instance into a throw-away instance in the stack's own subnet, behind a dedicated security group that
 * admits only the validator on 8080 and lets nothing out; the validator (RestoreValidation) checks /sigma and
 * /expertctstudio answer, reports the result to AWS Backup and alarms on failure or a restore slower than the RTO.
 * AWS Backup deletes the copy when the validation window closes.
 */
export class SigmaRestoreTesting extends pulumi.ComponentResource {
    public readonly plan: aws.backup.RestoreTestingPlan;
    public readonly selection: aws.backup.RestoreTestingSelection;
    /** The restored test instances' group: 8080 from the validator only, no egress. */
    public readonly restoredSecurityGroup: aws.ec2.SecurityGroup;
    /** The validator of each restored copy (a getter: the component package schema cannot name this package's own components). */
    public get validation(): RestoreValidation {
        return validations.get(this)!;
    }
    public readonly planName: pulumi.Output<string>;
    public readonly planArn: pulumi.Output<string>;
    public readonly restoredSecurityGroupId: pulumi.Output<string>;
    public readonly validatorFunctionName: pulumi.Output<string>;
    /** The recovery time objective the alarms hold restores to, in minutes. */
    public readonly rtoMinutes: number;

    constructor(name: string, args: SigmaRestoreTestingArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreTestingArgs(name, args);
        super("sigma:restore:SigmaRestoreTesting", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaRestoreTesting", args.tags);
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
            tags,
        }, child);

        // A copy of production data: nothing may reach it but the validator, and it reaches nothing (not the live
        // database, not the internet). Validation needs no egress from it: replies to allowed inbound traffic are
        // let out by the group's statefulness. The provider drops AWS's default allow-all egress of a new group
        // (https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/).
        this.restoredSecurityGroup = new aws.ec2.SecurityGroup(`${name}-restored-instances`, {
            vpcId: args.vpcId,
            description: "Sigma restore test copies: 8080 from the restore validator only, no egress",
            tags: { ...tags, Name: `${name}-restored-instances` },
        }, child);

        const validation = new RestoreValidation(name, {
            restoreTestingPlanArn: this.plan.arn,
            vpcId: args.vpcId,
            subnetIds: args.validatorSubnetIds ?? [args.subnetId],
            restoredSecurityGroupId: this.restoredSecurityGroup.id,
            stackName: args.stackName ?? planName,
            alarmTopicArn: args.alarmTopicArn,
            alarmTopicKeyArn: args.alarmTopicKeyArn,
            rtoMinutes: args.rtoMinutes,
            httpsEgressCidrs: args.httpsEgressCidrs,
            functionName: args.validatorFunctionName,
            tags: args.tags,
        }, child);
        validations.set(this, validation);
        new aws.vpc.SecurityGroupIngressRule(`${name}-restored-sigma-from-validator`, {
            securityGroupId: this.restoredSecurityGroup.id,
            referencedSecurityGroupId: this.validation.securityGroupId,
            ipProtocol: "tcp", fromPort: SIGMA_APP_PORT, toPort: SIGMA_APP_PORT,
            description: "Sigma (8080) from the restore test validator",
            tags,
        }, child);

        this.selection = new aws.backup.RestoreTestingSelection(`${name}-restore-testing-selection`, {
            name: restoreTestingSelectionName(planName),
            restoreTestingPlanName: this.plan.name,
            protectedResourceType: "EC2",
            iamRoleArn: args.restoreRoleArn,
            protectedResourceArns: ["*"],
            protectedResourceConditions: { stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG_KEY}`, value: BACKUP_TAG_VALUE }] },
            validationWindowHours: args.validationWindowHours ?? RESTORE_TESTING_DEFAULTS.validationWindowHours,
            restoreMetadataOverrides: pulumi.all([args.subnetId, this.restoredSecurityGroup.id]).apply(([subnetId, groupId]) =>
                checkedOverrides(restoreTestOverrides(subnetId, groupId, args.instanceType))),
        }, { parent: this, dependsOn: [this.validation] });

        this.planName = this.plan.name;
        this.planArn = this.plan.arn;
        this.restoredSecurityGroupId = this.restoredSecurityGroup.id;
        this.validatorFunctionName = this.validation.functionName;
        this.rtoMinutes = args.rtoMinutes ?? VALIDATION_DEFAULTS.rtoMinutes;
        this.registerOutputs({
            planName: this.planName, planArn: this.planArn, restoredSecurityGroupId: this.restoredSecurityGroupId,
            validatorFunctionName: this.validatorFunctionName,
        });
    }
}

/** The overrides once every value is known, checked again against AWS's rules (ids resolved at deploy time included). */
function checkedOverrides(overrides: Record<string, string | undefined>): Record<string, string> {
    const problems = ec2OverrideProblems(overrides);
    if (problems.length > 0) {
        throw new Error(`SigmaRestoreTesting: restore metadata overrides AWS Backup would not apply:\n  - ${problems.join("\n  - ")}`);
    }
    return Object.fromEntries(Object.entries(overrides).filter((e): e is [string, string] => e[1] !== undefined));
}
