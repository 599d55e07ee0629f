import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    approvalDelay, approvalDelayProblem, BACKUP_JOB_FINAL_STATES, MAINTENANCE_WINDOW_EVENTS, PATCH_GROUP_TAG_KEY, patchScheduleProblem,
    rebootOption, RESOURCE_ID_PSEUDO_PARAMETER, START_BACKUP_JOB, UBUNTU_PRIORITIES, windowTimingProblems,
} from "../../model/patchManager";
import { accountScope } from "../shared/accountScope";
import { STACK_SCOPE_TAG_KEY } from "../shared/constants";
import { serviceTrustPolicy } from "../shared/iam";
import { componentTags } from "../shared/tags";
import { ArgProblems, show, tagProblems } from "../shared/validation";
import { isTimeZone } from "./sigmaSchedule";

export const PATCHING_DEFAULTS = {
    /** UTC unless the stack names its zone (the schedule's hours are read in it). */
    timezone: "UTC",
    /** Long enough for a pre-patch backup, the install and a reboot of each instance in turn. */
    durationHours: 4,
    /** No instance starts its backup and install in the window's last hour, so a reboot falls inside the window. */
    cutoffHours: 1,
    /** The window is the time a reboot is announced for; kernel and libc updates need one. */
    rebootAllowed: true,
    /** Ubuntu takes no approval delay (model/patchManager.ts): security updates are approved when published. */
    approveAfterDays: 0,
    /** How long the runbook waits for the pre-patch backup job to end (AWS Backup's CompleteWindowMinutes too). */
    backupTimeoutMinutes: 120,
};

/** The Sigma AMI is Ubuntu 24.04 (guide 4.1). */
export const SIGMA_PATCH_OS = "UBUNTU" as const;

/** Ubuntu's documented mirrors over HTTPS (archive, security, and ports for arm64), the hosts instances already reach on 443. */
export const HTTPS_MIRRORS = {
    archive: "https://archive.ubuntu.com/ubuntu/",
    security: "https://security.ubuntu.com/ubuntu/",
    ports: "https://ports.ubuntu.com/ubuntu-ports/",
};

/** Ubuntu 24.04's apt sources, in deb822 form (cloud images write them here). */
export const UBUNTU_SOURCES = "/etc/apt/sources.list.d/ubuntu.sources";

export interface SigmaPatchingArgs {
    /** The instances patched: those tagged `sigma:stack` = this value (SigmaInstance's stackScope). */
    stackScope: pulumi.Input<string>;
    /** The patch group the baseline is registered for; the instances carry the tag `Patch Group` = this, e.g. "sigma-prod". */
    patchGroup: string;
    /** When the window opens: cron(...) or rate(...) read in `timezone`, e.g. "cron(0 18 ? 1,4,7,10 SAT#2 *)". */
    schedule: string;
    /** IANA time zone of the schedule. @default "UTC" */
    timezone?: string;
    /** Hours the window stays open (1-24). @default 4 */
    durationHours?: number;
    /** Hours before the window closes in which no instance starts (0-23, less than durationHours). @default 1 */
    cutoffHours?: number;
    /** Reboot an instance when an update needs it (RebootIfNeeded), or never (NoReboot). @default true */
    rebootAllowed?: boolean;
    /** Days after release a security update is approved; Ubuntu takes 0 only. @default 0 */
    approveAfterDays?: number;
    /** The stack's backup vault the pre-patch backup goes to. */
    backupVaultName: pulumi.Input<string>;
    /** That vault's ARN: the runbook's role may start backups into it and no other. */
    backupVaultArn: pulumi.Input<string>;
    /** The role AWS Backup assumes for the stack's backups (SigmaBackupPlan's backupRoleArn). */
    backupRoleArn: pulumi.Input<string>;
    /** Days the pre-patch recovery point is kept: the plan's retention, which a locked vault's minimum accepts. */
    backupRetentionDays: number;
    /** The instances' role names: each gains what the SSM Agent needs to run Run Command and Patch Manager. */
    instanceRoleNames: pulumi.Input<string>[];
    /** The stack's alarm topic: a failed or timed-out window run, or a disabled window, is published to it. */
    alarmTopicArn: pulumi.Input<string>;
    /** Other topics told too (sigma:alarmTopicArns). */
    extraAlarmTopicArns?: pulumi.Input<string>[];
    /** Name of the window and prefix of the baseline, documents and rule, unique per account and region, e.g. "sigma-prod". */
    windowName: string;
    /** Extra tags for every taggable child. */
    tags?: Record<string, string>;
}

// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateMaintenanceWindow.html (Name: 3-128 of [a-zA-Z0-9_\-.])
const WINDOW_NAME = /^[a-zA-Z0-9_\-.]{3,100}$/;
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_RegisterPatchBaselineForPatchGroup.html (PatchGroup: 1-256 of [\p{L}\p{Z}\p{N}_.:/=+\-@]*)
const PATCH_GROUP = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/** Validates SigmaPatching args; throws one error listing every problem. */
export function validatePatchingArgs(name: string, args: SigmaPatchingArgs): void {
    const problems = new ArgProblems("SigmaPatching", name);
    const duration = args.durationHours ?? PATCHING_DEFAULTS.durationHours;
    const cutoff = args.cutoffHours ?? PATCHING_DEFAULTS.cutoffHours;
    const timing = windowTimingProblems(duration, cutoff);
    problems.addAll(timing);
    const scheduleProblem = patchScheduleProblem(args.schedule, duration);
    problems.check(scheduleProblem === undefined, `schedule ${show(args.schedule)} ${scheduleProblem}`);
    const timezone = args.timezone ?? PATCHING_DEFAULTS.timezone;
    problems.check(isTimeZone(timezone), `timezone ${show(timezone)} is not an IANA time zone; use e.g. "Asia/Singapore" or "UTC"`);
    const days = args.approveAfterDays ?? PATCHING_DEFAULTS.approveAfterDays;
    const delayProblem = approvalDelayProblem(SIGMA_PATCH_OS, days);
    problems.check(delayProblem === undefined, `approveAfterDays ${show(days)} ${delayProblem}`);
    problems.check(typeof args.windowName === "string" && WINDOW_NAME.test(args.windowName),
        `windowName ${show(args.windowName)} must be 3-100 letters, digits, _ - or ., e.g. "sigma-prod"`);
    problems.check(typeof args.patchGroup === "string" && PATCH_GROUP.test(args.patchGroup),
        `patchGroup ${show(args.patchGroup)} must be 1-256 letters, digits, spaces or _ . : / = + - @, e.g. "sigma-prod"`);
    problems.check(Number.isInteger(args.backupRetentionDays) && args.backupRetentionDays >= 1,
        `backupRetentionDays ${show(args.backupRetentionDays)} must be a whole number of days, at least 1 (the backup plan's retention)`);
    problems.check(Array.isArray(args.instanceRoleNames), `instanceRoleNames ${show(args.instanceRoleNames)} must be a list of the instances' role names`);
    problems.check((args.extraAlarmTopicArns ?? []).length <= 4, `extraAlarmTopicArns lists ${(args.extraAlarmTopicArns ?? []).length} topics; an EventBridge rule takes 5 targets, one of them alarmTopicArn: keep at most 4`);
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * Rewrites Ubuntu 24.04's deb822 sources (/etc/apt/sources.list.d/ubuntu.sources) from the http mirrors EC2 images ship
 * with (<region>.ec2.archive.ubuntu.com, security.ubuntu.com) to Ubuntu's HTTPS mirrors, so apt, Patch Manager and
 * unattended-upgrades work through the instances' 443-only egress. Idempotent; keeps the original once; checks the
 * result with apt-get update and restores the original when HTTPS does not answer (the runbook then fails before install).
 */
export function httpsMirrorsScript(sourcesPath: string = UBUNTU_SOURCES): string {
    return `#!/bin/bash
set -euo pipefail
sources=${sourcesPath}
if [ ! -f "$sources" ]; then
  echo "no $sources (not Ubuntu 24.04 deb822 sources); apt left as it is"
  exit 0
fi
if ! grep -qE '^URIs:[[:space:]]*http://' "$sources"; then
  echo "apt already uses HTTPS mirrors"
  exit 0
fi
[ -f "$sources.sigma-http" ] || cp -p "$sources" "$sources.sigma-http"
sed -i -E \\
  -e 's#^URIs:[[:space:]]*http://security\\.ubuntu\\.com/ubuntu/?[[:space:]]*$#URIs: ${HTTPS_MIRRORS.security}#' \\
  -e 's#^URIs:[[:space:]]*http://([a-z0-9-]+\\.)*archive\\.ubuntu\\.com/ubuntu/?[[:space:]]*$#URIs: ${HTTPS_MIRRORS.archive}#' \\
  -e 's#^URIs:[[:space:]]*http://ports\\.ubuntu\\.com/ubuntu-ports/?[[:space:]]*$#URIs: ${HTTPS_MIRRORS.ports}#' \\
  "$sources"
if grep -qE '^URIs:[[:space:]]*http://' "$sources"; then
  cp -p "$sources.sigma-http" "$sources"
  echo "an http mirror is not an Ubuntu mirror this script knows; original sources restored" >&2
  exit 1
fi
if ! apt-get update -o Acquire::Retries=3; then
  cp -p "$sources.sigma-http" "$sources"
  echo "apt-get update over HTTPS failed; original sources restored" >&2
  exit 1
fi
echo "apt uses ${HTTPS_MIRRORS.archive} and ${HTTPS_MIRRORS.security}"
`;
}

/** The runbook's parameters the window task passes (everything but the instance is fixed per stack). */
export const PATCH_RUNBOOK_PARAMETERS = ["InstanceId", "AutomationAssumeRole", "BackupVaultName", "BackupRoleArn", "DeleteAfterDays", "RebootOption"] as const;

/**
 * The Automation runbook (schema 0.3) the window runs once per instance, one instance at a time. Steps abort the run on
 * failure, so nothing is installed without a completed backup:
 * 1. skip an instance that is not running (prod's old instance after a failover stays stopped);
 * 2. AWS Backup StartBackupJob of the instance into the stack's vault with the backup role (aws:executeAwsApi);
 * 3. wait until DescribeBackupJob's State is final, then assert it is COMPLETED (aws:waitForAwsResourceProperty +
 *    aws:assertAwsResourceProperty: a FAILED job fails the run at once instead of waiting out the timeout);
 * 4. switch apt to the HTTPS mirrors (Run Command, AWS-RunShellScript);
 * 5. AWS-RunPatchBaseline Operation=Install with the RebootOption (Run Command).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html
 */
export function patchRunbook(backupTimeoutMinutes: number = PATCHING_DEFAULTS.backupTimeoutMinutes): Record<string, unknown> {
    const instanceArn = "arn:{{global:AWS_PARTITION}}:ec2:{{global:REGION}}:{{global:ACCOUNT_ID}}:instance/{{InstanceId}}";
    return {
        schemaVersion: "0.3",
        description: "Sigma: back up the instance with AWS Backup, then switch apt to HTTPS mirrors and install the approved patches",
        assumeRole: "{{AutomationAssumeRole}}",
        parameters: {
            InstanceId: { type: "String", description: "The Sigma instance", allowedPattern: "^i-[a-z0-9]{8,17}$" },
            AutomationAssumeRole: { type: "String", description: "The role the runbook runs as" },
            BackupVaultName: { type: "String", description: "The stack's backup vault" },
            BackupRoleArn: { type: "String", description: "The role AWS Backup assumes" },
            DeleteAfterDays: { type: "Integer", description: "Days the pre-patch recovery point is kept" },
            RebootOption: { type: "String", allowedValues: ["RebootIfNeeded", "NoReboot"], description: "AWS-RunPatchBaseline RebootOption" },
        },
        mainSteps: [
            {
                name: "getInstanceState", action: "aws:executeAwsApi",
                inputs: { Service: "ec2", Api: "DescribeInstances", InstanceIds: ["{{InstanceId}}"] },
                outputs: [{ Name: "State", Selector: "$.Reservations[0].Instances[0].State.Name", Type: "String" }],
            },
            {
                name: "onlyRunningInstances", action: "aws:branch",
                inputs: { Choices: [{ NextStep: "startPrePatchBackup", Variable: "{{getInstanceState.State}}", StringEquals: "running" }], Default: "skipStoppedInstance" },
            },
            {
                name: "startPrePatchBackup", action: "aws:executeAwsApi", onFailure: "Abort",
                inputs: {
                    Service: "backup", Api: "StartBackupJob",
                    BackupVaultName: "{{BackupVaultName}}",
                    ResourceArn: instanceArn,
                    IamRoleArn: "{{BackupRoleArn}}",
                    IdempotencyToken: "{{automation:EXECUTION_ID}}",
                    StartWindowMinutes: START_BACKUP_JOB.minStartWindowMinutes,
                    CompleteWindowMinutes: backupTimeoutMinutes,
                    Lifecycle: { DeleteAfterDays: "{{DeleteAfterDays}}" },
                },
                outputs: [{ Name: "BackupJobId", Selector: "$.BackupJobId", Type: "String" }],
            },
            {
                name: "waitForPrePatchBackup", action: "aws:waitForAwsResourceProperty", onFailure: "Abort", timeoutSeconds: backupTimeoutMinutes * 60,
                inputs: {
                    Service: "backup", Api: "DescribeBackupJob", BackupJobId: "{{startPrePatchBackup.BackupJobId}}",
                    PropertySelector: "$.State", DesiredValues: [...BACKUP_JOB_FINAL_STATES],
                },
            },
            {
                name: "assertPrePatchBackupCompleted", action: "aws:assertAwsResourceProperty", onFailure: "Abort",
                inputs: {
                    Service: "backup", Api: "DescribeBackupJob", BackupJobId: "{{startPrePatchBackup.BackupJobId}}",
                    PropertySelector: "$.State", DesiredValues: ["COMPLETED"],
                },
            },
            {
                name: "useHttpsMirrors", action: "aws:runCommand", onFailure: "Abort", timeoutSeconds: 900,
                inputs: {
                    DocumentName: "AWS-RunShellScript", InstanceIds: ["{{InstanceId}}"],
                    Parameters: { commands: httpsMirrorsScript().split("\n"), executionTimeout: "600" },
                },
            },
            {
                name: "installPatches", action: "aws:runCommand", onFailure: "Abort", timeoutSeconds: 7200, isEnd: true,
                inputs: {
                    DocumentName: "AWS-RunPatchBaseline", InstanceIds: ["{{InstanceId}}"],
                    Parameters: { Operation: "Install", RebootOption: "{{RebootOption}}" },
                },
            },
            {
                name: "skipStoppedInstance", action: "aws:sleep", isEnd: true,
                inputs: { Duration: "PT1S" },
            },
        ],
    };
}

/** The Ubuntu baseline's approval rule: security updates of every priority, delayed only where the OS allows. */
export function ubuntuApprovalRule(approveAfterDays: number): aws.types.input.ssm.PatchBaselineApprovalRule {
    return {
        patchFilters: [{ key: "PRIORITY", values: [...UBUNTU_PRIORITIES] }, { key: "SECTION", values: ["*"] }],
        complianceLevel: "HIGH",
        enableNonSecurity: false,
        ...approvalDelay(SIGMA_PATCH_OS, approveAfterDays),
    };
}

/** The window's own role: start the one runbook and pass it its role; nothing else (not the broad service-linked role). */
export function windowRolePolicy(partition: string, region: string, account: string, runbookName: string, runbookRoleArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "StartThePatchRunbook", Effect: "Allow", Action: ["ssm:StartAutomationExecution"],
                Resource: [`arn:${partition}:ssm:${region}:${account}:automation-definition/${runbookName}:*`] },
            { Sid: "FollowItsRuns", Effect: "Allow", Action: ["ssm:GetAutomationExecution"],
                Resource: [`arn:${partition}:ssm:${region}:${account}:automation-execution/*`] },
            { Sid: "PassTheRunbookRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [runbookRoleArn],
                Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } } },
        ],
    };
}

/**
 * The runbook's role: read the instance's state, start one backup into the stack's vault with the backup role, follow
 * backup jobs, and send the two AWS documents to the stack's instances only (ssm:resourceTag on the instance).
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html (StartBackupJob on the vault, iam:PassRole),
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html (ssm:resourceTag for instances)
 */
export function runbookRolePolicy(partition: string, region: string, account: string, args: { vaultArn: string; backupRoleArn: string; stackScope: string }): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadInstanceState", Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" },
            { Sid: "BackUpIntoTheStackVault", Effect: "Allow", Action: ["backup:StartBackupJob"], Resource: [args.vaultArn] },
            { Sid: "FollowBackupJobs", Effect: "Allow", Action: ["backup:DescribeBackupJob"], Resource: "*" },
            { Sid: "PassTheBackupRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [args.backupRoleArn],
                Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } } },
            { Sid: "SendTheTwoDocuments", Effect: "Allow", Action: ["ssm:SendCommand"],
                Resource: [`arn:${partition}:ssm:${region}::document/AWS-RunShellScript`, `arn:${partition}:ssm:${region}::document/AWS-RunPatchBaseline`] },
            { Sid: "ToTheStackInstancesOnly", Effect: "Allow", Action: ["ssm:SendCommand"], Resource: [`arn:${partition}:ec2:${region}:${account}:instance/*`],
                Condition: { StringEquals: { [`ssm:resourceTag/${STACK_SCOPE_TAG_KEY}`]: args.stackScope } } },
            { Sid: "FollowCommands", Effect: "Allow", Action: ["ssm:ListCommands", "ssm:ListCommandInvocations"], Resource: "*" },
        ],
    };
}

/**
 * What the SSM Agent on an instance needs to run the window's commands and Patch Manager, as AmazonSSMManagedInstanceCore
 * grants them: the Run Command message channel, the patch snapshot for the instance's baseline, and its compliance report.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html
 */
export function patchInstancePolicy(partition: string, region: string, account: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "RunCommandChannel", Effect: "Allow",
                Action: ["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"],
                Resource: ["*"] },
            { Sid: "PatchSnapshotOfItsBaseline", Effect: "Allow", Action: ["ssm:GetDeployablePatchSnapshotForInstance"], Resource: ["*"] },
            { Sid: "ReportPatchCompliance", Effect: "Allow", Action: ["ssm:PutComplianceItems"], Resource: [`arn:${partition}:ec2:${region}:${account}:instance/*`] },
        ],
    };
}

/**
 * The EventBridge pattern of this window's runs and tasks that fail or time out, a run skipped because the last one was
 * still open (no patching that time), and the window being disabled.
 */
export function patchFailurePattern(windowId: string): Record<string, unknown> {
    const { execution, task, window } = MAINTENANCE_WINDOW_EVENTS;
    return {
        "source": ["aws.ssm"],
        "detail-type": [execution.detailType, task.detailType, window.detailType],
        "detail": { "window-id": [windowId], "status": ["FAILED", "TIMED_OUT", "SKIPPED_OVERLAPPING", "DISABLED"] },
    };
}

/**
 * OS patching of a stack's Sigma instances with Systems Manager Patch Manager: an Ubuntu baseline (security updates)
 * registered for the stack's patch group, a maintenance window on the stack's schedule that targets the instances by
 * their `sigma:stack` tag, and one Automation task that takes each instance in turn (maxConcurrency 1, maxErrors 0: never
 * two instances at once, and a failure stops the rest) through a fresh AWS Backup, the switch to HTTPS mirrors and
 * AWS-RunPatchBaseline Install. A failed or timed-out run, or a disabled window, goes to the stack's alarm topic.
 */
export class SigmaPatching extends pulumi.ComponentResource {
    public readonly windowId: pulumi.Output<string>;
    public readonly baselineId: pulumi.Output<string>;
    public readonly runbookName: pulumi.Output<string>;
    public readonly patchGroup: string;
    public readonly failureRuleName: pulumi.Output<string>;

    constructor(name: string, args: SigmaPatchingArgs, opts?: pulumi.ComponentResourceOptions) {
        validatePatchingArgs(name, args);
        super("sigma:operations:SigmaPatching", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaPatching", args.tags);
        const scope = accountScope(child);

        const baseline = new aws.ssm.PatchBaseline(`${name}-baseline`, {
            name: `${args.windowName}-ubuntu-security`,
            description: "Sigma: Ubuntu security updates of every priority",
            operatingSystem: SIGMA_PATCH_OS,
            approvalRules: [ubuntuApprovalRule(args.approveAfterDays ?? PATCHING_DEFAULTS.approveAfterDays)],
            tags,
        }, child);
        new aws.ssm.PatchGroup(`${name}-patch-group`, { baselineId: baseline.id, patchGroup: args.patchGroup }, child);

        const runbook = new aws.ssm.Document(`${name}-runbook`, {
            documentType: "Automation",
            documentFormat: "JSON",
            content: JSON.stringify(patchRunbook()),
            tags,
        }, child);

        const runbookRole = new aws.iam.Role(`${name}-runbook`, {
            description: "Sigma patching runbook: pre-patch backup and Run Command on the stack's instances",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("ssm.amazonaws.com", s.account))),
            tags,
        }, child);
        new aws.iam.RolePolicy(`${name}-runbook`, {
            role: runbookRole.id,
            policy: pulumi.all([scope, args.backupVaultArn, args.backupRoleArn, args.stackScope]).apply(([s, vaultArn, backupRoleArn, stackScope]) =>
                JSON.stringify(runbookRolePolicy(s.partition, s.region, s.account, { vaultArn, backupRoleArn, stackScope }))),
        }, child);
        // A custom role instead of AWSServiceRoleForAmazonSSM, as AWS advises for least privilege.
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-maintenance-permissions.html
        const windowRole = new aws.iam.Role(`${name}-window`, {
            description: "Sigma patching window: starts the patch runbook",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("ssm.amazonaws.com", s.account))),
            tags,
        }, child);
        new aws.iam.RolePolicy(`${name}-window`, {
            role: windowRole.id,
            policy: pulumi.all([scope, runbook.name, runbookRole.arn]).apply(([s, runbookName, roleArn]) =>
                JSON.stringify(windowRolePolicy(s.partition, s.region, s.account, runbookName, roleArn))),
        }, child);
        args.instanceRoleNames.forEach((role, i) => new aws.iam.RolePolicy(`${name}-instance-${i}`, {
            role,
            policy: scope.apply((s) => JSON.stringify(patchInstancePolicy(s.partition, s.region, s.account))),
        }, child));

        const durationHours = args.durationHours ?? PATCHING_DEFAULTS.durationHours;
        const cutoffHours = args.cutoffHours ?? PATCHING_DEFAULTS.cutoffHours;
        const timezone = args.timezone ?? PATCHING_DEFAULTS.timezone;
        const window = new aws.ssm.MaintenanceWindow(`${name}-window`, {
            name: args.windowName,
            description: `Sigma patching: pre-patch backup and security updates, one instance at a time (${args.schedule}, ${timezone})`,
            schedule: args.schedule,
            scheduleTimezone: timezone,
            duration: durationHours,
            cutoff: cutoffHours,
            allowUnassociatedTargets: false,
            tags,
        }, child);
        const target = new aws.ssm.MaintenanceWindowTarget(`${name}-instances`, {
            windowId: window.id,
            name: `${args.windowName}-instances`,
            description: "The stack's Sigma instances (sigma:stack tag)",
            resourceType: "INSTANCE",
            targets: [{ key: `tag:${STACK_SCOPE_TAG_KEY}`, values: [args.stackScope] }],
        }, child);
        new aws.ssm.MaintenanceWindowTask(`${name}-patch`, {
            windowId: window.id,
            name: `${args.windowName}-backup-then-patch`,
            description: "Per instance, in turn: AWS Backup, HTTPS mirrors, AWS-RunPatchBaseline Install",
            taskType: "AUTOMATION",
            taskArn: runbook.name,
            serviceRoleArn: windowRole.arn,
            priority: 1,
            // One instance at a time (never both of a pair), and the first failure stops the rest.
            // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_RegisterTaskWithMaintenanceWindow.html
            maxConcurrency: "1",
            maxErrors: "0",
            // No instance starts after the cutoff, so no reboot falls outside the announced window.
            cutoffBehavior: "CANCEL_TASK",
            targets: [{ key: "WindowTargetIds", values: [target.id] }],
            taskInvocationParameters: {
                automationParameters: {
                    documentVersion: "$LATEST",
                    parameters: [
                        { name: "InstanceId", values: [RESOURCE_ID_PSEUDO_PARAMETER] },
                        { name: "AutomationAssumeRole", values: [runbookRole.arn] },
                        { name: "BackupVaultName", values: [args.backupVaultName] },
                        { name: "BackupRoleArn", values: [args.backupRoleArn] },
                        { name: "DeleteAfterDays", values: [String(args.backupRetentionDays)] },
                        { name: "RebootOption", values: [rebootOption(args.rebootAllowed ?? PATCHING_DEFAULTS.rebootAllowed)] },
                    ],
                },
            },
        }, child);

        const failed = new aws.cloudwatch.EventRule(`${name}-failed`, {
            description: "Sigma: a patching window run or task failed or timed out, or the window was disabled",
            eventPattern: window.id.apply((id) => JSON.stringify(patchFailurePattern(id))),
            tags,
        }, child);
        [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])].forEach((topic, i) => new aws.cloudwatch.EventTarget(`${name}-failed-${i}`, {
            rule: failed.name,
            arn: topic,
        }, child));

        this.windowId = window.id;
        this.baselineId = baseline.id;
        this.runbookName = runbook.name;
        this.patchGroup = args.patchGroup;
        this.failureRuleName = failed.name;
        this.registerOutputs({ windowId: this.windowId, baselineId: this.baselineId, runbookName: this.runbookName, failureRuleName: this.failureRuleName });
    }
}

/** The tag that puts an instance in a patch group: `Patch Group` = the group's name. */
export function patchGroupTags(patchGroup: string): Record<string, string> {
    return { [PATCH_GROUP_TAG_KEY]: patchGroup };
}
