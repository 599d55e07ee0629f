// How Amazon Data Lifecycle Manager (DLM) runs pre and post scripts for application-consistent EBS snapshots, as AWS
// documents it. Every rule names its page; test/model/dlmScripts.test.ts holds the code to them.

/** The user guide page all the script rules below come from (retrieved 2026-11). */
export const DLM_SCRIPTS_GUIDE = "https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html";

/**
 * The values DLM passes in the SSM document's `command` parameter; the document must list all three in allowedValues,
 * or DLM "will treat it as a failed execution". DLM_SCRIPTS_GUIDE, "Note the following".
 */
export const DLM_SCRIPT_COMMANDS = ["pre-script", "post-script", "dry-run"] as const;
export type DlmScriptCommand = (typeof DLM_SCRIPT_COMMANDS)[number];

/** The `executionId` parameter of AWS's document templates (DLM_SCRIPTS_GUIDE, "Empty document template"). */
export const DLM_EXECUTION_ID_PATTERN = "^(None|[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})$";

/** The templates are SSM Command documents, schemaVersion 2.2, one aws:runShellScript step with a Linux precondition. */
export const DLM_DOCUMENT_SCHEMA_VERSION = "2.2";

/**
 * Exit codes the templates define: "The following Error codes will inform Data Lifecycle Manager of the type of error
 * ... The Error code will also be emitted via AWS Eventbridge events in the 'cause' field." (DLM_SCRIPTS_GUIDE)
 */
export const DLM_SCRIPT_EXIT_CODES = {
    preScriptFailed: 201,
    postScriptFailed: 202,
    autoThawBeforePostScript: 203,
    preScriptWhilePostExpected: 204,
    postScriptWhilePreExpected: 205,
    applicationNotReady: 206,
} as const;

/**
 * "Script timeout — The minimum and default timeout period is 10 seconds. And the maximum timeout period is 120
 * seconds." It applies to the pre and post scripts individually. (DLM_SCRIPTS_GUIDE, step 4, option 8)
 */
export const DLM_SCRIPT_TIMEOUT_SECONDS = { min: 10, max: 120, default: 10 } as const;

/** MaximumRetryCount: "retries (0-3)"; default 0 (https://docs.aws.amazon.com/dlm/latest/APIReference/API_Script.html). */
export const DLM_SCRIPT_RETRIES = { min: 0, max: 3, default: 0 } as const;

/** ExecutionHandler's pattern (https://docs.aws.amazon.com/dlm/latest/APIReference/API_Script.html). */
export const DLM_EXECUTION_HANDLER_PATTERN = /^([a-zA-Z0-9_\-.]{3,128}|[a-zA-Z0-9_\-.:/]{3,200}|[A-Z0-9_]+)$/;

/** ExecutionHandlerService for custom SSM documents (API_Script.html; the only value besides omitting it for VSS). */
export const DLM_EXECUTION_HANDLER_SERVICE = "AWS_SYSTEMS_MANAGER";

/**
 * The tag AWS's managed policy AWSDataLifecycleManagerSSMFullAccess requires on a custom document (aws:ResourceTag
 * condition); "the aws:ResourceTag condition key is optional" in a custom policy. DLM_SCRIPTS_GUIDE, step 2 and 3.
 */
export const DLM_SCRIPTS_ACCESS_TAG = { key: "DLMScriptsAccess", value: "true" } as const;

/**
 * AWSDataLifecycleManagerSSMFullAccess (v2), the SSM actions DLM performs to run scripts
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSDataLifecycleManagerSSMFullAccess.html; the whole
 * document is test/fixtures/managedPolicies/AWSDataLifecycleManagerSSMFullAccess.json). The first three take no resource.
 */
export const DLM_SSM_UNSCOPED_ACTIONS = ["ssm:GetCommandInvocation", "ssm:ListCommands", "ssm:DescribeInstanceInformation"] as const;
export const DLM_SSM_DOCUMENT_ACTIONS = ["ssm:SendCommand", "ssm:DescribeDocument", "ssm:GetDocument"] as const;

/**
 * The EC2 actions of AWS's managed AWSDataLifecycleManagerServiceRole
 * (https://docs.aws.amazon.com/ebs/latest/userguide/managed-policies.html, retrieved 2026-11): a custom role for a
 * snapshot policy needs no action outside this list.
 */
export const DLM_SERVICE_ROLE_EC2_ACTIONS = [
    "ec2:CreateSnapshot", "ec2:CreateSnapshots", "ec2:DeleteSnapshot", "ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots",
    "ec2:EnableFastSnapshotRestores", "ec2:DescribeFastSnapshotRestores", "ec2:DisableFastSnapshotRestores", "ec2:CopySnapshot",
    "ec2:ModifySnapshotAttribute", "ec2:DescribeSnapshotAttribute", "ec2:ModifySnapshotTier", "ec2:DescribeSnapshotTierStatus",
    "ec2:DescribeAvailabilityZones", "ec2:CreateTags",
] as const;

/**
 * CloudWatch metrics of DLM snapshot policies: namespace AWS/EBS, dimension DLMPolicyId, statistic Sum, unit Count
 * (https://docs.aws.amazon.com/ebs/latest/userguide/monitor-dlm-cw-metrics.html); script metrics
 * (https://docs.aws.amazon.com/ebs/latest/userguide/dlm-script-monitoring.html).
 */
export const DLM_METRICS = {
    namespace: "AWS/EBS",
    dimension: "DLMPolicyId",
    snapshotsCreateFailed: "SnapshotsCreateFailed",
    snapshotsCopiedRegionFailed: "SnapshotsCopiedRegionFailed",
    snapshotsDeleteFailed: "SnapshotsDeleteFailed",
    preScriptFailed: "PreScriptFailed",
    postScriptFailed: "PostScriptFailed",
} as const;

/**
 * EventBridge detail types DLM sends directly (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-dlm.html):
 * a policy entering the ERROR state carries detail.state "ERROR" (model/awsSampleEvents/aws-sample-dlm-policy-state-change.json).
 */
export const DLM_EVENTS = { source: "aws.dlm", policyStateChange: "DLM Policy State Change", scriptNotification: "DLM Pre Post Script Notification" } as const;

/** A lifecycle policy's ARN from its id, as DLM's events carry it: arn:aws:dlm:us-east-1:123456789012:policy/policy-0123456789abcdef. */
export function dlmPolicyArn(partition: string, region: string, account: string, policyId: string): string {
    return `arn:${partition}:dlm:${region}:${account}:policy/${policyId}`;
}

/**
 * "Snapshot creation is initiated within 60 minutes of the scheduled snapshot creation time." (DLM_SCRIPTS_GUIDE,
 * shared responsibility)
 */
export const DLM_CREATION_START_WINDOW_MINUTES = 60;

/**
 * "When you delete a lifecycle policy, the snapshots or AMIs created by that policy are not automatically deleted."
 * (https://docs.aws.amazon.com/ebs/latest/userguide/delete.html): turning application consistency off, or destroying the
 * stack, leaves them unmanaged and billed until deleted by hand.
 */
export const DLM_POLICY_DELETION_KEEPS_SNAPSHOTS = true;

/** DLM's snapshot schedules: "The schedule interval must be between 1 hour and 1 year" (aws_dlm_lifecycle_policy cron_expression). */
export const DLM_MIN_SCHEDULE_INTERVAL_HOURS = 1;

/** The scripts block of a DLM schedule's create rule, as the provider (aws_dlm_lifecycle_policy `scripts`) takes it. */
export interface DlmScripts {
    executionHandler?: unknown;
    executionHandlerService?: unknown;
    executionTimeout?: unknown;
    maximumRetryCount?: unknown;
    executeOperationOnScriptFailure?: unknown;
    stages?: unknown;
}

/** Why a scripts block would fail at DLM (or differ from what it says), one problem per field; empty when none. */
export function dlmScriptsProblems(scripts: DlmScripts): string[] {
    const problems: string[] = [];
    const handler = scripts.executionHandler;
    if (typeof handler !== "string" || !DLM_EXECUTION_HANDLER_PATTERN.test(handler)) {
        problems.push(`executionHandler ${JSON.stringify(handler)} must name the SSM document (3-128 letters, digits, _ - .) or its ARN`);
    }
    if (scripts.executionHandlerService !== undefined && scripts.executionHandlerService !== DLM_EXECUTION_HANDLER_SERVICE) {
        problems.push(`executionHandlerService ${JSON.stringify(scripts.executionHandlerService)} must be ${DLM_EXECUTION_HANDLER_SERVICE} for a custom SSM document`);
    }
    const timeout = scripts.executionTimeout ?? DLM_SCRIPT_TIMEOUT_SECONDS.default;
    if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < DLM_SCRIPT_TIMEOUT_SECONDS.min || timeout > DLM_SCRIPT_TIMEOUT_SECONDS.max) {
        problems.push(`executionTimeout ${JSON.stringify(timeout)} must be a whole number of seconds from ${DLM_SCRIPT_TIMEOUT_SECONDS.min} to ${DLM_SCRIPT_TIMEOUT_SECONDS.max}`);
    }
    const retries = scripts.maximumRetryCount ?? DLM_SCRIPT_RETRIES.default;
    if (typeof retries !== "number" || !Number.isInteger(retries) || retries < DLM_SCRIPT_RETRIES.min || retries > DLM_SCRIPT_RETRIES.max) {
        problems.push(`maximumRetryCount ${JSON.stringify(retries)} must be a whole number from ${DLM_SCRIPT_RETRIES.min} to ${DLM_SCRIPT_RETRIES.max}`);
    }
    const stages = scripts.stages ?? ["PRE", "POST"];
    if (!Array.isArray(stages) || stages.length === 0 || stages.some((s) => s !== "PRE" && s !== "POST") || new Set(stages).size !== stages.length) {
        problems.push(`stages ${JSON.stringify(stages)} must be PRE, POST or both, each once`);
    } else if (!(stages.includes("PRE") && stages.includes("POST"))) {
        // A freeze without its thaw (or the reverse) is no application-consistent snapshot.
        problems.push(`stages ${JSON.stringify(stages)} run only one half; an application-consistent snapshot needs PRE (freeze) and POST (thaw)`);
    }
    if (scripts.executeOperationOnScriptFailure !== undefined && typeof scripts.executeOperationOnScriptFailure !== "boolean") {
        problems.push(`executeOperationOnScriptFailure ${JSON.stringify(scripts.executeOperationOnScriptFailure)} must be true or false`);
    }
    return problems;
}

/** An SSM Command document as DLM reads it (the fields the rules above concern). */
export interface CommandDocumentShape {
    schemaVersion?: unknown;
    parameters?: Record<string, { type?: unknown; default?: unknown; allowedValues?: unknown; allowedPattern?: unknown }>;
    mainSteps?: Array<{ action?: unknown; name?: unknown; precondition?: unknown; inputs?: { runCommand?: unknown; timeoutSeconds?: unknown } }>;
}

/** Why DLM could not run `doc` as its pre/post script document; empty when it can. */
export function dlmDocumentProblems(doc: CommandDocumentShape): string[] {
    const problems: string[] = [];
    if (doc.schemaVersion !== DLM_DOCUMENT_SCHEMA_VERSION) {
        problems.push(`schemaVersion ${JSON.stringify(doc.schemaVersion)} must be "${DLM_DOCUMENT_SCHEMA_VERSION}" (a Command document)`);
    }
    const command = doc.parameters?.command;
    const allowed = Array.isArray(command?.allowedValues) ? command!.allowedValues as unknown[] : [];
    const missing = DLM_SCRIPT_COMMANDS.filter((value) => !allowed.includes(value));
    if (command === undefined || command.type !== "String" || missing.length > 0) {
        problems.push(`parameter command must be a String allowing ${DLM_SCRIPT_COMMANDS.join(", ")}${missing.length > 0 ? ` (missing ${missing.join(", ")})` : ""}`);
    }
    const executionId = doc.parameters?.executionId;
    if (executionId === undefined || executionId.type !== "String" || executionId.allowedPattern !== DLM_EXECUTION_ID_PATTERN) {
        problems.push("parameter executionId must be a String with AWS's template pattern (DLM passes the execution's id)");
    }
    // DLM sends only command and executionId: any other parameter must run on its default.
    for (const [name, parameter] of Object.entries(doc.parameters ?? {})) {
        if (name !== "command" && name !== "executionId" && parameter.default === undefined) {
            problems.push(`parameter ${name} has no default, but DLM passes only command and executionId`);
        }
    }
    const steps = doc.mainSteps ?? [];
    if (steps.length === 0 || steps.some((step) => step.action !== "aws:runShellScript")) {
        problems.push("mainSteps must be aws:runShellScript steps (the Linux templates' action)");
    }
    return problems;
}

/** One scheduled run of a DLM snapshot policy with scripts, as the shared-responsibility section describes it. */
export interface DlmRunOutcome {
    /** Whether a snapshot of the instance's volumes is started. */
    snapshot: boolean;
    /** Whether that snapshot is application-consistent (the pre script succeeded before it started). */
    applicationConsistent: boolean;
    /** Whether DLM runs the post script. */
    postScriptRuns: boolean;
    /** Pre script attempts made (1 + retries when it keeps failing). */
    preAttempts: number;
}

/**
 * What DLM does with a pre script that succeeds on attempt `preSucceedsOnAttempt` (undefined: never): it retries the whole
 * creation up to maximumRetryCount times; "Post scripts run after the pre script succeeds and the snapshot creation has
 * been initiated ... If the pre script fails, Amazon Data Lifecycle Manager will not run the post script"; after the
 * retries, executeOperationOnScriptFailure true takes a crash-consistent snapshot, false takes none. (DLM_SCRIPTS_GUIDE)
 */
export function dlmRun(scripts: { maximumRetryCount?: number; executeOperationOnScriptFailure?: boolean }, preSucceedsOnAttempt: number | undefined): DlmRunOutcome {
    const attempts = 1 + (scripts.maximumRetryCount ?? DLM_SCRIPT_RETRIES.default);
    if (preSucceedsOnAttempt !== undefined && preSucceedsOnAttempt >= 1 && preSucceedsOnAttempt <= attempts) {
        return { snapshot: true, applicationConsistent: true, postScriptRuns: true, preAttempts: preSucceedsOnAttempt };
    }
    const fallback = scripts.executeOperationOnScriptFailure ?? true;
    return { snapshot: fallback, applicationConsistent: false, postScriptRuns: false, preAttempts: attempts };
}
