import { compileEventPattern, CompiledEventPattern, EventPatternError } from "./eventPattern";
import { maxIntervalHours } from "./cron";
import { DLM_METRICS, dlmPolicyArn } from "./dlmScripts";
import { parseArn } from "./ids";
import { allowingStatements, evaluatePolicies, IamPolicyDocument, IamRequest, statementApplies } from "./iamPolicyEvaluation";

/**
 * Follows a failure to a person: for each failure class, from AWS's sample event (or the metric an alarm watches)
 * through the resources of a synthesised stack to an SNS subscription, checking at each link what AWS checks.
 *
 * The input is the synth document's shape (offline/synth/synthesize.ts SynthResult): resources with type, name, urn,
 * inputs and propertyDependencies. References between resources resolve through propertyDependencies (the engine's own
 * record of which resource an input came from) or by name/ARN; names and ARNs a deployment would assign come from
 * `RoutingContext.identify`, else from the inputs and AWS's ARN formats.
 */

/** One resource of the synth document. */
export interface RoutingResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    provider?: string;
    inputs: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
}

export interface RoutingDocument {
    stack: string;
    resources: RoutingResource[];
}

/** What a deployment assigns a resource: its physical name, ARN and id (undefined where unknown). */
export interface ResourceIdentity {
    name?: string;
    arn?: string;
    id?: string;
}

export interface RoutingContext {
    /** The account the stack deploys to. */
    account: string;
    /** The region of resources whose provider names none. */
    region: string;
    /** Names, ARNs and ids of resources (the offline synth answers them from its mocks). */
    identify?: (resource: RoutingResource) => ResourceIdentity;
    /**
     * A CloudTrail trail outside the stack that logs this account's write management events in the stack's region
     * (an organization trail), described for the report; without one, the stack must hold a trail.
     */
    accountTrail?: string;
    /** Evaluation time for schedules (the RPO window); now by default. */
    now?: Date;
}

/** An AWS event as EventBridge delivers it. */
export type AwsEvent = Record<string, unknown>;

/** The sample events, by fixture id (model/awsSampleEvents/<id>.json holds each, with its source). */
export type SampleEvents = Record<string, AwsEvent>;

export type RouteVia = "eventbridge" | "alarm" | "vault-notifications";

/** A subscription a delivered notification reaches. */
export interface Endpoint {
    topic: string;
    protocol: string;
    endpoint: string;
}

/** One way from the failure to subscribers: the links passed, and the first one broken (if any). */
export interface RouteAttempt {
    via: RouteVia;
    links: string[];
    /** The first broken link, named; undefined when the attempt reaches subscribers. */
    broken?: string;
    endpoints: Endpoint[];
}

export interface SubjectRouting {
    /** What fails: a vault, an instance, a function, a key. */
    subject: string;
    delivered: boolean;
    attempts: RouteAttempt[];
    /** Subscribers the failure reaches (all routes). */
    endpoints: Endpoint[];
    /** When not delivered: the broken link of the attempt that got furthest. */
    brokenLink?: string;
}

export type RoutingStatus = "delivered" | "not-delivered" | "not-applicable";

export interface FailureRouting {
    id: string;
    title: string;
    status: RoutingStatus;
    /** Why the class does not apply, or the first broken link of the first subject not delivered. */
    reason?: string;
    subjects: SubjectRouting[];
}

/** Subscription protocols that reach a person or an on-call integration (https, lambda). */
export const PERSON_PROTOCOLS = ["email", "email-json", "sms", "https", "http", "lambda"];

const T = {
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    vault: "aws:backup/vault:Vault",
    vaultNotifications: "aws:backup/vaultNotifications:VaultNotifications",
    vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    plan: "aws:backup/plan:Plan",
    restoreTestingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
    instance: "aws:ec2/instance:Instance",
    function: "aws:lambda/function:Function",
    trail: "aws:cloudtrail/trail:Trail",
    provider: "pulumi:providers:aws",
} as const;

/** The publishing services, their principals and the condition keys each sends. */
export type Publisher = "events" | "cloudwatch" | "backup";

const PUBLISHERS: Record<Publisher, { principal: string; title: string }> = {
    events: { principal: "events.amazonaws.com", title: "EventBridge" },
    cloudwatch: { principal: "cloudwatch.amazonaws.com", title: "CloudWatch" },
    backup: { principal: "backup.amazonaws.com", title: "AWS Backup" },
};

/**
 * The condition keys a service sends with sns:Publish to a topic.
 * - EventBridge: aws:SourceArn (the rule's ARN) and aws:SourceAccount,
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 * - CloudWatch alarms: aws:SourceArn (the alarm's ARN: "Resource: arn:aws:cloudwatch:...:alarm:ALARM_NAME is not
 *   authorized to perform: SNS:Publish") and aws:SourceAccount,
 *   https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger and
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 * - AWS Backup: none documented; its page gives an unconditioned statement for backup.amazonaws.com,
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html (unknown means no)
 */
export function publishContext(publisher: Publisher, sourceArn: string, account: string): Record<string, string> {
    return publisher === "backup" ? {} : { "aws:SourceArn": sourceArn, "aws:SourceAccount": account };
}

/**
 * The condition keys KMS sees when SNS encrypts a message a service publishes to an encrypted topic.
 * - SNS binds the data key to the topic: kms:EncryptionContext:aws:sns:topicArn
 *   (https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html conditions on it).
 * - "Adding the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported for
 *   EventBridge-to-encrypted topics"; other services' keys may carry them (step 3),
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * - AWS Backup is not in that page's list of services; none of its keys are documented (unknown means no).
 */
export function keyContext(publisher: Publisher, topicArn: string, sourceArn: string, account: string): Record<string, string> {
    const encryption = { "kms:EncryptionContext:aws:sns:topicArn": topicArn };
    return publisher === "cloudwatch" ? { ...encryption, "aws:SourceArn": sourceArn, "aws:SourceAccount": account } : encryption;
}

/** What SNS asks KMS for on publish to an encrypted topic: "kms:GenerateDataKey* and kms:Decrypt" (sns-key-management.html). */
const KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

// --- the stack, indexed -------------------------------------------------------------------------------------------

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A synth document indexed for routing. */
export class RoutingStack {
    private readonly byUrn = new Map<string, RoutingResource>();

    constructor(readonly document: RoutingDocument, readonly context: RoutingContext) {
        for (const r of document.resources) {
            this.byUrn.set(r.urn, r);
        }
    }

    ofType(type: string): RoutingResource[] {
        return this.document.resources.filter((r) => r.type === type);
    }

    /** @pulumi/aws 7 lets a resource name its region; else its provider's; else the stack's. */
    regionOf(r: RoutingResource): string {
        const own = str(r.inputs.region);
        if (own && r.type !== T.provider) {
            return own;
        }
        const provider = r.provider ? this.byUrn.get(r.provider) : undefined;
        return str(provider?.inputs.region) ?? this.context.region;
    }

    identity(r: RoutingResource): ResourceIdentity {
        const given = this.context.identify?.(r) ?? {};
        return { name: given.name ?? str(r.inputs.name), arn: given.arn ?? str(r.inputs.arn), id: given.id };
    }

    nameOf(r: RoutingResource): string {
        return this.identity(r).name ?? r.name;
    }

    /** The resource's ARN: the deployment's, else built from AWS's ARN format for its type. */
    arnOf(r: RoutingResource): string | undefined {
        const identity = this.identity(r);
        if (identity.arn) {
            return identity.arn;
        }
        const region = this.regionOf(r);
        const account = this.context.account;
        const name = identity.name;
        // ARN formats: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
        switch (r.type) {
            case T.topic: return name && `arn:aws:sns:${region}:${account}:${name}`;
            case T.rule: return name && `arn:aws:events:${region}:${account}:rule/${str(r.inputs.eventBusName) && r.inputs.eventBusName !== "default" ? `${r.inputs.eventBusName}/` : ""}${name}`;
            case T.alarm: return name && `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;
            case T.vault: return name && `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
            case T.function: return name && `arn:aws:lambda:${region}:${account}:function:${name}`;
            case T.key: return identity.id && `arn:aws:kms:${region}:${account}:key/${identity.id}`;
            default: return undefined;
        }
    }

    /** The names a reference to `r` may use: its ARN, physical name and id. */
    namesOf(r: RoutingResource): string[] {
        const identity = this.identity(r);
        return [this.arnOf(r), identity.name, identity.id].filter((n): n is string => !!n);
    }

    /**
     * The resources of `candidates` an input of `from` refers to: by the value naming a candidate (ARN, name or id), else
     * by the engine's property dependencies (which say where an input came from, though not which element of a list).
     */
    referenced(from: RoutingResource, property: string, candidates: RoutingResource[], value: unknown = from.inputs[property]): RoutingResource[] {
        const deps = from.propertyDependencies?.[property] ?? [];
        const values = arr(value).filter((v): v is string => typeof v === "string");
        const named = candidates.filter((c) => values.some((v) => this.namesOf(c).includes(v)));
        return named.length > 0 ? named : candidates.filter((c) => deps.includes(c.urn));
    }
}

// --- failure classes ----------------------------------------------------------------------------------------------

/** What fails: the resource whose failure is reported, and how the report names it. */
export interface Subject {
    label: string;
    resource: RoutingResource;
}

/** An alarm that watches the failure: the metric, the resource dimension, and which side of the threshold fires. */
export interface MetricWatch {
    namespace: string | RegExp;
    metricNames: string[] | RegExp;
    /** The dimension naming the subject, e.g. InstanceId = the instance's id. */
    dimension?: (subject: Subject, stack: RoutingStack) => { name: string; value: string | undefined } | undefined;
    /** "above": a count or value over the threshold; "absent": no datapoint must alarm (missing data breaches). */
    fires: "above" | "absent";
    /** Hours within which the alarm must fire (the RPO breach: twice the backup interval). */
    withinHours?: (subject: Subject, stack: RoutingStack) => number | undefined;
    describe: string;
}

export type RouteSpec =
    | { via: "eventbridge"; sample: string; bind?: (event: AwsEvent, subject: Subject, stack: RoutingStack) => void; cloudTrail?: boolean }
    | { via: "vault-notifications"; vaultEvent: string; state?: string }
    | { via: "alarm"; watch: MetricWatch };

export interface FailureClass {
    id: string;
    title: string;
    /** The subjects the class applies to, or why it does not apply to the stack. */
    subjects(stack: RoutingStack): Subject[] | { notApplicable: string };
    /** Alternative routes: the class is delivered for a subject when any of them reaches a subscriber. */
    routes: RouteSpec[];
}

const label = (stack: RoutingStack, r: RoutingResource, kind: string) => `${kind} ${stack.nameOf(r)}`;

/** Vaults a backup plan rule of the stack writes to (targetVaultName). */
function plannedVaults(stack: RoutingStack): Subject[] | { notApplicable: string } {
    const plans = stack.ofType(T.plan);
    if (plans.length === 0) {
        return { notApplicable: "no backup plan in this stack" };
    }
    const vaults = stack.ofType(T.vault);
    const targeted = vaults.filter((v) => plans.some((p) => arr(p.inputs.rules).some((rule) =>
        stack.referenced(p, "rules", [v], (rule as Record<string, unknown>)?.targetVaultName).length > 0)));
    return targeted.length > 0 ? targeted.map((v) => ({ label: label(stack, v, "vault"), resource: v }))
        : { notApplicable: "no backup plan rule targets a vault of this stack" };
}

function allVaults(stack: RoutingStack): Subject[] | { notApplicable: string } {
    const vaults = stack.ofType(T.vault);
    return vaults.length > 0 ? vaults.map((v) => ({ label: label(stack, v, "vault"), resource: v })) : { notApplicable: "no backup vault in this stack" };
}

function copyingVaults(stack: RoutingStack): Subject[] | { notApplicable: string } {
    const planned = plannedVaults(stack);
    if ("notApplicable" in planned) {
        return planned;
    }
    const copying = planned.filter((s) => stack.ofType(T.plan).some((p) => arr(p.inputs.rules).some((rule) => {
        const r = rule as Record<string, unknown>;
        return arr(r?.copyActions).length > 0 && stack.referenced(p, "rules", [s.resource], r?.targetVaultName).length > 0;
    })));
    return copying.length > 0 ? copying : { notApplicable: "no backup plan rule copies recovery points (no copyActions)" };
}

function ofTypeAs(type: string, kind: string, none: string) {
    return (stack: RoutingStack): Subject[] | { notApplicable: string } => {
        const found = stack.ofType(type);
        return found.length > 0 ? found.map((r) => ({ label: label(stack, r, kind), resource: r })) : { notApplicable: none };
    };
}

function lockedVaults(stack: RoutingStack): Subject[] | { notApplicable: string } {
    const vaults = allVaults(stack);
    if ("notApplicable" in vaults) {
        return vaults;
    }
    const locks = stack.ofType(T.vaultLock);
    const locked = vaults.filter((s) => locks.some((l) => stack.referenced(l, "backupVaultName", [s.resource]).length > 0));
    return locked.length > 0 ? locked : { notApplicable: "no vault of this stack has a vault lock to remove" };
}

const instanceId = (subject: Subject, stack: RoutingStack) => ({ name: "InstanceId", value: stack.identity(subject.resource).id });
const vaultDimension = (subject: Subject, stack: RoutingStack) => ({ name: "BackupVaultName", value: stack.nameOf(subject.resource) });

/** Sets the sample's account and Region to the subject's, and the vault it names to the subject vault. */
function bindBackupJob(event: AwsEvent, subject: Subject, stack: RoutingStack): void {
    const detail = event.detail as Record<string, unknown>;
    detail.backupVaultName = stack.nameOf(subject.resource);
    detail.backupVaultArn = stack.arnOf(subject.resource);
}

function bindCopyJob(event: AwsEvent, subject: Subject, stack: RoutingStack): void {
    (event.detail as Record<string, unknown>).sourceBackupVaultArn = stack.arnOf(subject.resource);
}

/** A CloudTrail record about the subject's key: the key id in the request, the key ARN in the response and resources. */
function bindKeyCall(event: AwsEvent, subject: Subject, stack: RoutingStack): void {
    const detail = event.detail as Record<string, any>;
    const keyArn = stack.arnOf(subject.resource);
    detail.requestParameters = { ...detail.requestParameters, keyId: stack.identity(subject.resource).id };
    detail.responseElements = { ...detail.responseElements, keyId: keyArn };
    detail.resources = arr(detail.resources).map((r) => ({ ...(r as object), ARN: keyArn, accountId: stack.context.account }));
}

function bindVaultCall(event: AwsEvent, subject: Subject, stack: RoutingStack): void {
    const detail = event.detail as Record<string, any>;
    detail.requestParameters = { ...detail.requestParameters, backupVaultName: stack.nameOf(subject.resource) };
}

/** The shortest gap AWS Backup leaves between recovery points in the vault: the widest interval of its rules' schedules. */
function backupIntervalHours(subject: Subject, stack: RoutingStack): number | undefined {
    const hours: number[] = [];
    for (const plan of stack.ofType(T.plan)) {
        for (const rule of arr(plan.inputs.rules) as Array<Record<string, unknown>>) {
            if (stack.referenced(plan, "rules", [subject.resource], rule?.targetVaultName).length > 0 && typeof rule.schedule === "string") {
                try {
                    hours.push(maxIntervalHours(rule.schedule, stack.context.now));
                } catch {
                    // An invalid schedule is the plan's problem, reported elsewhere; it gives no window here.
                }
            }
        }
    }
    return hours.length > 0 ? 2 * Math.min(...hours) : undefined;
}

// AWS Backup's CloudWatch metrics (namespace AWS/Backup, dimension BackupVaultName):
// https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
const backupMetric = (names: string[], describe: string): RouteSpec => ({
    via: "alarm", watch: { namespace: "AWS/Backup", metricNames: names, dimension: vaultDimension, fires: "above", describe },
});

/**
 * The failure classes of issue 11 ("Every failure reaches a human"), each with the routes AWS offers for it.
 * Vault notifications: BACKUP_JOB_COMPLETED carries State FAILED and EXPIRED (AWS's examples); COPY_JOB_FAILED is its
 * own event; no state of RESTORE_JOB_COMPLETED is documented, so restores route through EventBridge or an alarm.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
const DLM_POLICY = "aws:dlm/lifecyclePolicy:LifecyclePolicy";
const dlmPolicies = ofTypeAs(DLM_POLICY, "DLM policy", "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)");
const dlmPolicyId = (s: Subject, stack: RoutingStack) => ({ name: DLM_METRICS.dimension, value: stack.identity(s.resource).id });
/** DLM policies with a cross-Region copy rule in a schedule. */
function copyingDlmPolicies(stack: RoutingStack): Subject[] | { notApplicable: string } {
    const copying = stack.ofType(DLM_POLICY).filter((p) => arr((p.inputs.policyDetails as Record<string, unknown> | undefined)?.schedules)
        .some((schedule) => arr((schedule as Record<string, unknown>)?.crossRegionCopyRules).length > 0));
    return copying.length > 0 ? copying.map((p) => ({ label: label(stack, p, "DLM policy"), resource: p })) : { notApplicable: "no DLM policy copies to another region" };
}

/**
 * sigma:backup.consistency application (SigmaConsistentSnapshots): DLM's per-policy metrics
 * (https://docs.aws.amazon.com/ebs/latest/userguide/monitor-dlm-cw-metrics.html, dlm-script-monitoring.html) and its
 * policy state change event (aws-sample-dlm-policy-state-change), whose resources name the policy's ARN. In
 * FAILURE_CLASSES, so every stack's plan lists them (not applicable under the default crash consistency).
 */
export const DLM_FAILURE_CLASSES: FailureClass[] = [
    ...([
        ["dlm-pre-script-failed", "Consistent snapshot: the freeze (pre) script failed", DLM_METRICS.preScriptFailed],
        ["dlm-post-script-failed", "Consistent snapshot: the thaw (post) script failed", DLM_METRICS.postScriptFailed],
        ["dlm-snapshot-failed", "Consistent snapshot: DLM could not create a snapshot", DLM_METRICS.snapshotsCreateFailed],
    ] as const).map(([id, title, metric]): FailureClass => ({
        id, title, subjects: dlmPolicies,
        routes: [{ via: "alarm", watch: { namespace: DLM_METRICS.namespace, metricNames: [metric], dimension: dlmPolicyId, fires: "above", describe: metric } }],
    })),
    {
        id: "dlm-copy-failed", title: "Consistent snapshot: DLM could not copy a snapshot to the DR region", subjects: copyingDlmPolicies,
        routes: [{ via: "alarm", watch: { namespace: DLM_METRICS.namespace, metricNames: [DLM_METRICS.snapshotsCopiedRegionFailed], dimension: dlmPolicyId, fires: "above", describe: DLM_METRICS.snapshotsCopiedRegionFailed } }],
    },
    {
        id: "dlm-policy-error", title: "Consistent snapshot: the DLM policy entered its error state (no snapshots)", subjects: dlmPolicies,
        routes: [{
            via: "eventbridge", sample: "aws-sample-dlm-policy-state-change",
            bind: (event, subject, stack) => {
                const arn = dlmPolicyArn("aws", String(event.region), String(event.account), String(stack.identity(subject.resource).id));
                event.resources = [arn];
                (event.detail as Record<string, unknown>).policy_id = arn;
            },
        }],
    },
];

/**
 * sigma:patching (SigmaPatching): a maintenance window's run or task that fails, times out or is skipped, and the window
 * disabled, as Systems Manager sends them to EventBridge (AWS's samples aws-sample-ssm-maintenance-window-*; statuses from
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html), bound
 * to the stack's window by its id.
 */
const patchWindows = ofTypeAs("aws:ssm/maintenanceWindow:MaintenanceWindow", "maintenance window", "no patch maintenance window in this stack (sigma:patching off or no instance)");
const patchClass = (id: string, title: string, sample: string, status?: string): FailureClass => ({
    id, title, subjects: patchWindows,
    routes: [{
        via: "eventbridge", sample,
        bind: (event, subject, stack) => {
            const detail = event.detail as Record<string, unknown>;
            detail["window-id"] = stack.identity(subject.resource).id;
            if (status !== undefined) {
                detail.status = status;
            }
        },
    }],
});
export const PATCH_FAILURE_CLASSES: FailureClass[] = [
    patchClass("patch-task-failed", "Patching: the backup-then-install task FAILED", "aws-sample-ssm-maintenance-window-task-timed-out", "FAILED"),
    patchClass("patch-task-timed-out", "Patching: the backup-then-install task TIMED_OUT", "aws-sample-ssm-maintenance-window-task-timed-out"),
    patchClass("patch-run-timed-out", "Patching: the window's run TIMED_OUT", "aws-sample-ssm-maintenance-window-execution-timed-out"),
    patchClass("patch-run-failed", "Patching: the window's run FAILED", "aws-sample-ssm-maintenance-window-execution-timed-out", "FAILED"),
    patchClass("patch-run-skipped", "Patching: the window's run was SKIPPED_OVERLAPPING", "aws-sample-ssm-maintenance-window-execution-timed-out", "SKIPPED_OVERLAPPING"),
    patchClass("patch-window-disabled", "Patching: the maintenance window was disabled", "aws-sample-ssm-maintenance-window-disabled"),
];

export const FAILURE_CLASSES: FailureClass[] = [
    {
        id: "backup-job-failed", title: "Backup job FAILED", subjects: plannedVaults,
        routes: [
            { via: "eventbridge", sample: "aws-sample-backup-job-failed", bind: bindBackupJob },
            { via: "vault-notifications", vaultEvent: "BACKUP_JOB_COMPLETED", state: "FAILED" },
            backupMetric(["NumberOfBackupJobsFailed"], "failed backup jobs"),
        ],
    },
    {
        id: "backup-job-aborted", title: "Backup job ABORTED", subjects: plannedVaults,
        routes: [
            { via: "eventbridge", sample: "aws-sample-backup-job-aborted", bind: bindBackupJob },
            backupMetric(["NumberOfBackupJobsAborted"], "aborted backup jobs"),
        ],
    },
    {
        id: "backup-job-expired", title: "Backup job EXPIRED", subjects: plannedVaults,
        routes: [
            { via: "eventbridge", sample: "aws-sample-backup-job-expired", bind: bindBackupJob },
            { via: "vault-notifications", vaultEvent: "BACKUP_JOB_COMPLETED", state: "EXPIRED" },
            backupMetric(["NumberOfBackupJobsExpired"], "expired backup jobs"),
        ],
    },
    {
        id: "copy-job-failed", title: "Copy job FAILED", subjects: copyingVaults,
        routes: [
            { via: "eventbridge", sample: "aws-sample-copy-job-failed", bind: bindCopyJob },
            { via: "vault-notifications", vaultEvent: "COPY_JOB_FAILED" },
            backupMetric(["NumberOfCopyJobsFailed"], "failed copy jobs"),
        ],
    },
    {
        id: "restore-job-failed", title: "Restore job FAILED", subjects: allVaults,
        routes: [
            { via: "eventbridge", sample: "aws-sample-restore-job-failed" },
            { via: "alarm", watch: { namespace: "AWS/Backup", metricNames: ["NumberOfRestoreJobsFailed"], fires: "above", describe: "failed restore jobs" } },
        ],
    },
    {
        id: "restore-job-aborted", title: "Restore job ABORTED", subjects: allVaults,
        routes: [{ via: "eventbridge", sample: "aws-sample-restore-job-aborted" }],
    },
    {
        // AWS sends no event for a validation result (PutRestoreValidationResult); the validator publishes a metric
        // (issue 10 item 4) in the project's own namespace, matched here by name.
        id: "restore-test-validation-failed", title: "Restore test validation FAILED or TIMED_OUT",
        subjects: ofTypeAs(T.restoreTestingPlan, "restore testing plan", "no restore testing plan in this stack"),
        routes: [{ via: "alarm", watch: { namespace: /^(?!AWS\/)/, metricNames: /validation/i, fires: "above", describe: "restore-test validation failures (the validator's metric)" } }],
    },
    {
        id: "restore-test-over-rto", title: "Restore test took longer than the RTO",
        subjects: ofTypeAs(T.restoreTestingPlan, "restore testing plan", "no restore testing plan in this stack"),
        routes: [{ via: "alarm", watch: { namespace: /^(?!AWS\/)/, metricNames: /duration/i, fires: "above", describe: "restore-test duration over the RTO (the validator's metric)" } }],
    },
    {
        // Lambda's Errors metric, dimension FunctionName: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
        id: "restore-function-errors", title: "Function errors (the restore function and every other Lambda function)",
        subjects: ofTypeAs(T.function, "function", "no Lambda function in this stack"),
        routes: [{
            via: "alarm", watch: {
                namespace: "AWS/Lambda", metricNames: ["Errors"], fires: "above", describe: "function errors",
                dimension: (s, stack) => ({ name: "FunctionName", value: stack.nameOf(s.resource) }),
            },
        }],
    },
    {
        // EC2 status check metrics: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html#status-check-metrics
        id: "instance-status-check", title: "Instance status check failed",
        subjects: ofTypeAs(T.instance, "instance", "no EC2 instance in this stack"),
        routes: [{ via: "alarm", watch: { namespace: "AWS/EC2", metricNames: ["StatusCheckFailed", "StatusCheckFailed_Instance"], dimension: instanceId, fires: "above", describe: "the instance status check" } }],
    },
    {
        id: "instance-cpu", title: "Instance CPU high",
        subjects: ofTypeAs(T.instance, "instance", "no EC2 instance in this stack"),
        routes: [{ via: "alarm", watch: { namespace: "AWS/EC2", metricNames: ["CPUUtilization"], dimension: instanceId, fires: "above", describe: "CPU utilization" } }],
    },
    {
        // NumberOfRecoveryPointsCompleted: "The number of recovery points that AWS Backup created" (cloudwatch.html).
        id: "rpo-breach", title: "RPO breach (no new recovery point for 2x the backup interval)", subjects: plannedVaults,
        routes: [{
            via: "alarm", watch: {
                namespace: "AWS/Backup", metricNames: ["NumberOfRecoveryPointsCompleted", "NumberOfBackupJobsCompleted"], dimension: vaultDimension,
                fires: "absent", withinHours: backupIntervalHours, describe: "new recovery points",
            },
        }],
    },
    {
        id: "kms-schedule-key-deletion", title: "Key scheduled for deletion (kms:ScheduleKeyDeletion)",
        subjects: ofTypeAs(T.key, "key", "no KMS key in this stack"),
        routes: [{ via: "eventbridge", sample: "aws-sample-cloudtrail-kms-schedule-key-deletion", bind: bindKeyCall, cloudTrail: true }],
    },
    {
        id: "kms-disable-key", title: "Key disabled (kms:DisableKey)",
        subjects: ofTypeAs(T.key, "key", "no KMS key in this stack"),
        routes: [{ via: "eventbridge", sample: "aws-sample-cloudtrail-kms-disable-key", bind: bindKeyCall, cloudTrail: true }],
    },
    {
        id: "backup-delete-recovery-point", title: "Recovery point deleted (backup:DeleteRecoveryPoint)", subjects: allVaults,
        routes: [{ via: "eventbridge", sample: "aws-sample-cloudtrail-backup-delete-recovery-point", bind: bindVaultCall, cloudTrail: true }],
    },
    {
        id: "backup-delete-vault-lock", title: "Vault lock removed (backup:DeleteBackupVaultLockConfiguration)", subjects: lockedVaults,
        routes: [{ via: "eventbridge", sample: "aws-sample-cloudtrail-backup-delete-vault-lock", bind: bindVaultCall, cloudTrail: true }],
    },
    {
        id: "backup-put-vault-access-policy", title: "Vault access policy changed (backup:PutBackupVaultAccessPolicy)", subjects: allVaults,
        routes: [{ via: "eventbridge", sample: "aws-sample-cloudtrail-backup-put-vault-access-policy", bind: bindVaultCall, cloudTrail: true }],
    },
    ...PATCH_FAILURE_CLASSES,
    ...DLM_FAILURE_CLASSES,
];


/** The fixture ids the classes need (model/awsSampleEvents/<id>.json). */
export function sampleIds(classes: FailureClass[] = FAILURE_CLASSES): string[] {
    return [...new Set(classes.flatMap((c) => c.routes.flatMap((r) => (r.via === "eventbridge" ? [r.sample] : []))))];
}

// --- resource policies, with the reason a request is refused ---------------------------------------------------------

export interface PolicyVerdict {
    allowed: boolean;
    /** The Sid (or position) of the allowing statement. */
    statement?: string;
    /** Why not: each statement that names the principal and action, and the condition that fails it. */
    reason?: string;
}

type Statement = IamPolicyDocument["Statement"] extends infer S ? (S extends Array<infer E> ? E : S) : never;

/**
 * Evaluates a resource policy (JSON text or object) with model/iamPolicyEvaluation.ts, and says why a refused request is
 * refused: for every Allow statement that names the principal, action and resource, the first condition that fails,
 * naming a key the caller does not send.
 */
export function judgeResourcePolicy(policy: unknown, request: IamRequest, caller: string): PolicyVerdict {
    let document: IamPolicyDocument;
    try {
        document = (typeof policy === "string" ? JSON.parse(policy) : policy) as IamPolicyDocument;
    } catch {
        return { allowed: false, reason: "the policy is not JSON" };
    }
    if (typeof document !== "object" || document === null || document.Statement === undefined) {
        return { allowed: false, reason: "the policy has no statements" };
    }
    try {
        const decision = evaluatePolicies([document], request);
        if (decision === "allow") {
            return { allowed: true, statement: allowingStatements([document], request)[0] };
        }
        const statements = arr(document.Statement) as Statement[];
        const reasons: string[] = [];
        statements.forEach((s, i) => {
            const sid = s.Sid ?? `#${i}`;
            const bare = { ...s, Condition: undefined };
            if (!statementApplies(bare, request)) {
                return;
            }
            if (s.Effect === "Deny") {
                reasons.push(`${sid} denies ${request.action}`);
                return;
            }
            for (const [operator, block] of Object.entries(s.Condition ?? {})) {
                for (const [key, expected] of Object.entries(block)) {
                    if (!statementApplies({ ...bare, Condition: { [operator]: { [key]: expected } } }, request)) {
                        const sent = Object.keys(request.context ?? {}).find((k) => k.toLowerCase() === key.toLowerCase());
                        reasons.push(sent === undefined
                            ? `${sid}: ${operator} ${key}, which ${caller} does not send`
                            : `${sid}: ${operator} ${key} ${JSON.stringify(expected)} does not hold for ${JSON.stringify(request.context?.[sent])}`);
                        return;
                    }
                }
            }
        });
        return { allowed: false, reason: reasons.length > 0 ? reasons.join("; ") : `no statement allows ${request.action} to ${request.principal?.Service ?? request.principal?.AWS}` };
    } catch (err) {
        // An operator the evaluator does not model: unknown means no.
        return { allowed: false, reason: err instanceof Error ? err.message : String(err) };
    }
}

// --- the links ----------------------------------------------------------------------------------------------------

type Attempt = RouteAttempt;
const attempt = (via: RouteVia, links: string[], broken?: string, endpoints: Endpoint[] = []): Attempt => ({ via, links: [...links], broken, endpoints });

/** Message attributes a publisher sets, for subscription filter policies on attributes. */
type Attributes = Record<string, string> | undefined;

/** From a topic ARN on: the topic, its policy, its key, its subscriptions. */
function throughTopic(stack: RoutingStack, via: RouteVia, links: string[], topicArn: string, publisher: Publisher, sourceArn: string,
    message: { body?: AwsEvent; attributes?: Attributes }, topicRef?: { from: RoutingResource; property: string }): Attempt[] {
    const { principal, title } = PUBLISHERS[publisher];
    const topics = stack.ofType(T.topic);
    const topic = (topicRef ? stack.referenced(topicRef.from, topicRef.property, topics, topicArn) : [])[0]
        ?? topics.find((t) => stack.arnOf(t) === topicArn);
    if (!topic) {
        return [attempt(via, links, `topic ${topicArn} is not in this stack: its policy, key and subscribers cannot be checked offline`)];
    }
    const arn = stack.arnOf(topic) ?? topicArn;
    const name = stack.nameOf(topic);
    const here = [...links, `topic ${name}`];

    const policyResource = stack.ofType(T.topicPolicy).find((p) => stack.referenced(p, "arn", [topic]).length > 0);
    const policy = policyResource?.inputs.policy ?? topic.inputs.policy;
    if (policy === undefined) {
        return [attempt(via, here, `topic ${name} has no topic policy: SNS's default policy lets only the owner account's principals publish, not ${principal} (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html)`)];
    }
    const context = publishContext(publisher, sourceArn, stack.context.account);
    const decision = judgeResourcePolicy(policy, { principal: { Service: principal }, action: "sns:Publish", resource: arn, context }, title);
    if (!decision.allowed) {
        return [attempt(via, here, `topic policy of ${name} refuses sns:Publish to ${principal} under the keys ${title} sends (${describeContext(context)}): ${decision.reason}`)];
    }
    here.push(`topic policy allows ${principal} (${decision.statement})`);

    const keyRef = str(topic.inputs.kmsMasterKeyId);
    if (keyRef !== undefined) {
        if (/(^|:)alias\/aws\/sns$/.test(keyRef)) {
            return [attempt(via, here, `topic ${name} is encrypted with the AWS managed key alias/aws/sns, whose policy cannot let ${principal} use it; use a customer managed key (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services)`)];
        }
        const key = resolveKey(stack, topic, keyRef);
        if (!key) {
            return [attempt(via, here, `topic ${name} is encrypted with ${keyRef}, a key not in this stack: its policy cannot be checked offline`)];
        }
        const keyName = stack.nameOf(key);
        const keyPolicy = key.inputs.policy;
        if (keyPolicy === undefined) {
            return [attempt(via, here, `key ${keyName} has the default key policy, which lets only the account's IAM principals use it, not ${principal} (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html)`)];
        }
        const kmsContext = keyContext(publisher, arn, sourceArn, stack.context.account);
        for (const action of KEY_ACTIONS) {
            const keyDecision = judgeResourcePolicy(keyPolicy, { principal: { Service: principal }, action, resource: stack.arnOf(key) ?? "*", context: kmsContext }, `KMS for ${title}`);
            if (!keyDecision.allowed) {
                return [attempt(via, here, `key ${keyName} refuses ${action} to ${principal} under the keys KMS sees for ${title} (${describeContext(kmsContext)}): ${keyDecision.reason}`)];
            }
        }
        here.push(`key ${keyName} allows ${principal} ${KEY_ACTIONS.join(" and ")}`);
    }

    const subscriptions = stack.ofType(T.subscription).filter((s) => stack.referenced(s, "topic", [topic]).length > 0);
    if (subscriptions.length === 0) {
        return [attempt(via, here, `no subscription on topic ${name}: nobody reads it`)];
    }
    const endpoints: Endpoint[] = [];
    const dropped: string[] = [];
    for (const s of subscriptions) {
        const protocol = str(s.inputs.protocol) ?? "?";
        const endpoint = str(s.inputs.endpoint) ?? "?";
        if (!PERSON_PROTOCOLS.includes(protocol)) {
            dropped.push(`${protocol} ${endpoint} reaches no person`);
            continue;
        }
        const filtered = filterDrops(s, publisher, message);
        if (filtered) {
            dropped.push(`${protocol} ${endpoint}: ${filtered}`);
            continue;
        }
        endpoints.push({ topic: name, protocol, endpoint });
    }
    if (endpoints.length === 0) {
        return [attempt(via, here, `no subscription on topic ${name} reaches a person (${dropped.join("; ")})`)];
    }
    return [attempt(via, [...here, `subscribed: ${endpoints.map((e) => `${e.protocol} ${e.endpoint}`).join(", ")}`], undefined, endpoints)];
}

const describeContext = (context: Record<string, string>) =>
    Object.keys(context).length === 0 ? "none documented" : Object.entries(context).map(([k, v]) => `${k}=${v}`).join(", ");

/** The key a topic's kmsMasterKeyId names: by dependency, key id or ARN, or an alias of the stack. */
function resolveKey(stack: RoutingStack, topic: RoutingResource, keyRef: string): RoutingResource | undefined {
    const keys = stack.ofType(T.key);
    const direct = stack.referenced(topic, "kmsMasterKeyId", keys);
    if (direct.length > 0) {
        return direct[0];
    }
    const aliasName = keyRef.includes("alias/") ? keyRef.slice(keyRef.indexOf("alias/")) : undefined;
    const alias = aliasName ? stack.ofType(T.alias).find((a) => a.inputs.name === aliasName) : undefined;
    return alias ? stack.referenced(alias, "targetKeyId", keys)[0] : undefined;
}

/**
 * Why a subscription's filter policy drops the message, or undefined when it passes (no policy, or it matches).
 * A policy on message attributes needs attributes the publisher sets: AWS Backup documents its own; EventBridge and
 * CloudWatch alarms document none. A policy on the body is matched against the event EventBridge publishes (the raw event:
 * no input transformer), with EventBridge's own matching, which SNS filter policies share for these operators.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
function filterDrops(subscription: RoutingResource, publisher: Publisher, message: { body?: AwsEvent; attributes?: Attributes }): string | undefined {
    const policy = subscription.inputs.filterPolicy;
    if (policy === undefined || policy === "") {
        return undefined;
    }
    const scope = str(subscription.inputs.filterPolicyScope) ?? "MessageAttributes";
    const subject = scope === "MessageBody" ? message.body : message.attributes;
    if (subject === undefined) {
        return `its filter policy (${scope}) needs ${scope === "MessageBody" ? "a JSON body" : "message attributes"} ${PUBLISHERS[publisher].title} is not documented to send`;
    }
    try {
        return compileEventPattern(policy as string | object).matches(subject) ? undefined : `its filter policy (${scope}) drops the message`;
    } catch (err) {
        return `its filter policy cannot be read (${err instanceof Error ? err.message : String(err)})`;
    }
}

/** Whether the stack records the CloudTrail management events EventBridge needs ("AWS API Call via CloudTrail"). */
function trailProblem(stack: RoutingStack, region: string): string | undefined {
    if (stack.context.accountTrail) {
        return undefined;
    }
    const logs = stack.ofType(T.trail).filter((t) => t.inputs.enableLogging !== false
        && (t.inputs.isMultiRegionTrail === true || stack.regionOf(t) === region)
        && writesManagementEvents(t));
    return logs.length > 0 ? undefined
        : `no CloudTrail trail logs write management events in ${region}: "To record events with one of the CloudTrail detail-type values, you must enable a CloudTrail trail with logging" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html)`;
}

/** Trails log management events by default; event selectors may turn them off or to read-only. */
function writesManagementEvents(trail: RoutingResource): boolean {
    const basic = arr(trail.inputs.eventSelectors) as Array<Record<string, unknown>>;
    const advanced = arr(trail.inputs.advancedEventSelectors) as Array<Record<string, unknown>>;
    if (basic.length === 0 && advanced.length === 0) {
        return true;
    }
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
    const viaBasic = basic.some((s) => s.includeManagementEvents !== false && s.readWriteType !== "ReadOnly");
    const viaAdvanced = advanced.some((s) => {
        const fields = arr(s.fieldSelectors) as Array<Record<string, unknown>>;
        const category = fields.find((f) => f.field === "eventCategory");
        const readOnly = fields.find((f) => f.field === "readOnly");
        return arr(category?.equals).includes("Management") && !arr(readOnly?.equals).includes("true");
    });
    return viaBasic || viaAdvanced;
}

/** Rules on the default bus in `region` that are enabled. */
function enabledRules(stack: RoutingStack, region: string): RoutingResource[] {
    return stack.ofType(T.rule).filter((r) => (str(r.inputs.eventBusName) ?? "default") === "default"
        && r.inputs.isEnabled !== false && r.inputs.state !== "DISABLED" && stack.regionOf(r) === region && str(r.inputs.eventPattern));
}

function eventBridgeRoute(stack: RoutingStack, spec: Extract<RouteSpec, { via: "eventbridge" }>, subject: Subject, samples: SampleEvents): Attempt[] {
    const sample = samples[spec.sample];
    if (!sample) {
        return [attempt("eventbridge", [], `sample event ${spec.sample} is missing`)];
    }
    const region = stack.regionOf(subject.resource);
    const event = structuredClone(sample) as AwsEvent;
    event.account = stack.context.account;
    event.region = region;
    const detail = event.detail as Record<string, unknown> | undefined;
    if (spec.cloudTrail && detail) {
        detail.awsRegion = region;
        detail.recipientAccountId = stack.context.account;
    }
    spec.bind?.(event, subject, stack);
    const links = [`${event["detail-type"]} (${spec.sample})`];
    if (spec.cloudTrail) {
        const problem = trailProblem(stack, region);
        if (problem) {
            return [attempt("eventbridge", links, problem)];
        }
        links.push(stack.context.accountTrail ? `CloudTrail: ${stack.context.accountTrail}` : "CloudTrail trail logs management events");
    }
    const rules = enabledRules(stack, region);
    const compiled = new Map<RoutingResource, CompiledEventPattern>();
    const unreadable: string[] = [];
    for (const rule of rules) {
        try {
            compiled.set(rule, compileEventPattern(rule.inputs.eventPattern as string));
        } catch (err) {
            unreadable.push(`${stack.nameOf(rule)} (${err instanceof EventPatternError ? err.message : String(err)})`);
        }
    }
    const matched = [...compiled].filter(([, p]) => p.matches(event)).map(([r]) => r);
    if (matched.length === 0) {
        // Near misses: rules for this source and detail-type that fail on a detail field.
        const near = [...compiled].map(([rule, p]) => ({ rule, path: p.mismatch(event) }))
            .filter((m) => m.path && m.path !== "source" && m.path !== "detail-type")
            .map((m) => `rule ${stack.nameOf(m.rule)} fails on ${m.path}`);
        return [attempt("eventbridge", links, `no enabled EventBridge rule in ${region} matches the event${near.length ? ` (${near.join("; ")})` : ""}${unreadable.length ? `; unreadable patterns: ${unreadable.join("; ")}` : ""}`)];
    }
    const attempts: Attempt[] = [];
    for (const rule of matched) {
        const ruleName = stack.nameOf(rule);
        const ruleArn = stack.arnOf(rule) ?? `arn:aws:events:${region}:${stack.context.account}:rule/${ruleName}`;
        const here = [...links, `rule ${ruleName} matches`];
        const targets = stack.ofType(T.target).filter((t) => stack.referenced(t, "rule", [rule]).length > 0);
        if (targets.length === 0) {
            attempts.push(attempt("eventbridge", here, `rule ${ruleName} has no target`));
            continue;
        }
        for (const target of targets) {
            const arn = str(target.inputs.arn) ?? "";
            if (target.inputs.roleArn !== undefined) {
                attempts.push(attempt("eventbridge", here, `target ${target.name} publishes with an execution role; this model follows resource policies only`));
                continue;
            }
            if (parseArn(arn)?.service !== "sns") {
                attempts.push(attempt("eventbridge", here, `target ${target.name} is ${arn || "unresolved"}, not an SNS topic`));
                continue;
            }
            // "The targets you associate with a rule must be in the same Region as the rule"
            // (https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification).
            if (parseArn(arn)!.region !== region) {
                attempts.push(attempt("eventbridge", here, `target ${target.name} is a topic in ${parseArn(arn)!.region}, not in the rule's Region ${region}`));
                continue;
            }
            // EventBridge publishes the event itself unless the target transforms it.
            const body = target.inputs.inputTransformer === undefined && target.inputs.input === undefined && target.inputs.inputPath === undefined ? event : undefined;
            attempts.push(...throughTopic(stack, "eventbridge", [...here, `target ${target.name}`], arn, "events", ruleArn, { body }, { from: target, property: "arn" }));
        }
    }
    return attempts;
}

function vaultNotificationRoute(stack: RoutingStack, spec: Extract<RouteSpec, { via: "vault-notifications" }>, subject: Subject): Attempt[] {
    const links = [`${spec.vaultEvent}${spec.state ? ` (State ${spec.state})` : ""}`];
    const configs = stack.ofType(T.vaultNotifications).filter((n) => stack.referenced(n, "backupVaultName", [subject.resource]).length > 0);
    const config = configs.find((n) => arr(n.inputs.backupVaultEvents).includes(spec.vaultEvent));
    if (!config) {
        return [attempt("vault-notifications", links, configs.length === 0 ? `${subject.label} sends no SNS notifications`
            : `${subject.label}'s notifications leave out ${spec.vaultEvent} (${arr(configs[0].inputs.backupVaultEvents).join(", ")})`)];
    }
    const topicArn = str(config.inputs.snsTopicArn) ?? "";
    // AWS Backup's message attributes: EventType and State (backup-notifications.html, "Examples of events").
    const attributes = { EventType: spec.vaultEvent.replace(/_(COMPLETED|FAILED|STARTED|SUCCESSFUL)$/, ""), State: spec.state ?? "FAILED", AccountId: stack.context.account };
    return throughTopic(stack, "vault-notifications", [...links, `vault notifications ${config.name}`], topicArn, "backup",
        stack.arnOf(subject.resource) ?? "", { attributes }, { from: config, property: "snsTopicArn" });
}

interface AlarmMetric {
    namespace?: string;
    metricName?: string;
    dimensions: Record<string, unknown>;
}

function alarmMetrics(alarm: RoutingResource): AlarmMetric[] {
    const single = alarm.inputs.metricName !== undefined
        ? [{ namespace: str(alarm.inputs.namespace), metricName: str(alarm.inputs.metricName), dimensions: (alarm.inputs.dimensions ?? {}) as Record<string, unknown> }] : [];
    const queries = (arr(alarm.inputs.metricQueries) as Array<Record<string, any>>).filter((q) => q?.metric).map((q) => ({
        namespace: str(q.metric.namespace), metricName: str(q.metric.metricName), dimensions: (q.metric.dimensions ?? {}) as Record<string, unknown>,
    }));
    return [...single, ...queries];
}

function watches(stack: RoutingStack, alarm: RoutingResource, watch: MetricWatch, subject: Subject): boolean {
    const dimension = watch.dimension?.(subject, stack);
    const fromSubject = [...(alarm.propertyDependencies?.dimensions ?? []), ...(alarm.propertyDependencies?.metricQueries ?? [])].includes(subject.resource.urn);
    return alarmMetrics(alarm).some((m) => {
        const namespace = m.namespace ?? "";
        const name = m.metricName ?? "";
        const nsOk = typeof watch.namespace === "string" ? namespace === watch.namespace : namespace !== "" && watch.namespace.test(namespace);
        const nameOk = Array.isArray(watch.metricNames) ? watch.metricNames.includes(name) : watch.metricNames.test(name);
        if (!nsOk || !nameOk || !dimension) {
            return nsOk && nameOk;
        }
        // The dimension names the subject; where the deployment's value is unknown, the engine's record that it came from the subject.
        const value = m.dimensions[dimension.name];
        return value !== undefined && (dimension.value !== undefined ? value === dimension.value : fromSubject);
    });
}

/** Why the alarm would not fire for the failure, or undefined. */
function firingProblem(stack: RoutingStack, alarm: RoutingResource, watch: MetricWatch, subject: Subject): string | undefined {
    const name = stack.nameOf(alarm);
    const comparison = str(alarm.inputs.comparisonOperator) ?? "";
    if (alarm.inputs.actionsEnabled === false) {
        return `alarm ${name} has its actions disabled`;
    }
    if (watch.fires === "above" && !comparison.startsWith("GreaterThan")) {
        return `alarm ${name} fires when ${watch.describe} are ${comparison} its threshold, not above it`;
    }
    if (watch.fires === "absent") {
        if (!comparison.startsWith("LessThan")) {
            return `alarm ${name} compares ${comparison}: it cannot fire when ${watch.describe} stop`;
        }
        // With no datapoints an alarm goes to INSUFFICIENT_DATA unless missing data is treated as breaching:
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
        const insufficientNotifies = arr(alarm.inputs.insufficientDataActions).some((a) => parseArn(a)?.service === "sns");
        // FILL() turns a missing datapoint into a value (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html#metric-math-syntax).
        const filled = (arr(alarm.inputs.metricQueries) as Array<Record<string, unknown>>).some((q) => /\bFILL\s*\(/i.test(String(q?.expression ?? "")));
        if (alarm.inputs.treatMissingData !== "breaching" && !insufficientNotifies && !filled) {
            return `alarm ${name} treats missing data as ${str(alarm.inputs.treatMissingData) ?? "missing"}: when no recovery point is made there is no datapoint and it never reaches ALARM`;
        }
        const within = watch.withinHours?.(subject, stack);
        const window = windowHours(alarm);
        if (within !== undefined && window !== undefined && window > within + 1e-9) {
            return `alarm ${name} looks back ${window} h, more than twice the backup interval (${within} h)`;
        }
    }
    return undefined;
}

/** The hours an alarm needs to go to ALARM: period x evaluation periods. */
function windowHours(alarm: RoutingResource): number | undefined {
    const periods = Number(alarm.inputs.evaluationPeriods);
    const queryPeriod = (arr(alarm.inputs.metricQueries) as Array<Record<string, any>>).map((q) => Number(q?.metric?.period ?? q?.period)).find((p) => p > 0);
    const period = Number(alarm.inputs.period) || queryPeriod;
    return periods > 0 && period ? (periods * period) / 3600 : undefined;
}

function alarmRoute(stack: RoutingStack, spec: Extract<RouteSpec, { via: "alarm" }>, subject: Subject): Attempt[] {
    const watch = spec.watch;
    const namespace = typeof watch.namespace === "string" ? watch.namespace : "a custom namespace";
    const names = Array.isArray(watch.metricNames) ? watch.metricNames.join(" or ") : `a metric matching ${watch.metricNames}`;
    const alarms = stack.ofType(T.alarm).filter((a) => watches(stack, a, watch, subject));
    if (alarms.length === 0) {
        return [attempt("alarm", [], `no alarm on ${names} (${namespace}) for ${subject.label}`)];
    }
    const attempts: Attempt[] = [];
    for (const alarm of alarms) {
        const name = stack.nameOf(alarm);
        const links = [`alarm ${name} on ${alarmMetrics(alarm).map((m) => `${m.namespace}/${m.metricName}`).join(", ")}`];
        const problem = firingProblem(stack, alarm, watch, subject);
        if (problem) {
            attempts.push(attempt("alarm", links, problem));
            continue;
        }
        const actions = [...arr(alarm.inputs.alarmActions), ...(watch.fires === "absent" ? arr(alarm.inputs.insufficientDataActions) : [])]
            .filter((a): a is string => typeof a === "string");
        const topicActions = [...new Set(actions.filter((a) => parseArn(a)?.service === "sns"))];
        if (topicActions.length === 0) {
            attempts.push(attempt("alarm", links, `alarm ${name} notifies no SNS topic (actions: ${actions.join(", ") || "none"})`));
            continue;
        }
        const alarmArn = stack.arnOf(alarm) ?? "";
        for (const topicArn of topicActions) {
            attempts.push(...throughTopic(stack, "alarm", links, topicArn, "cloudwatch", alarmArn, {}, { from: alarm, property: "alarmActions" }));
        }
    }
    return attempts;
}

function routeSubject(stack: RoutingStack, cls: FailureClass, subject: Subject, samples: SampleEvents): SubjectRouting {
    const attempts = cls.routes.flatMap((route) => {
        switch (route.via) {
            case "eventbridge": return eventBridgeRoute(stack, route, subject, samples);
            case "vault-notifications": return vaultNotificationRoute(stack, route, subject);
            default: return alarmRoute(stack, route, subject);
        }
    });
    const delivered = attempts.filter((a) => a.broken === undefined && a.endpoints.length > 0);
    const endpoints = delivered.flatMap((a) => a.endpoints);
    const furthest = [...attempts].filter((a) => a.broken !== undefined).sort((a, b) => b.links.length - a.links.length)[0];
    return {
        subject: subject.label,
        delivered: delivered.length > 0,
        attempts,
        endpoints: endpoints.filter((e, i) => endpoints.findIndex((o) => o.topic === e.topic && o.endpoint === e.endpoint && o.protocol === e.protocol) === i),
        brokenLink: delivered.length > 0 ? undefined : furthest?.broken,
    };
}

/** Routes every failure class through the stack: delivered, not delivered (first broken link), or not applicable. */
export function routeFailures(document: RoutingDocument, samples: SampleEvents, context: RoutingContext, classes: FailureClass[] = FAILURE_CLASSES): FailureRouting[] {
    const stack = new RoutingStack(document, context);
    return classes.map((cls): FailureRouting => {
        const subjects = cls.subjects(stack);
        if ("notApplicable" in subjects) {
            return { id: cls.id, title: cls.title, status: "not-applicable", reason: subjects.notApplicable, subjects: [] };
        }
        const routed = subjects.map((s) => routeSubject(stack, cls, s, samples));
        const missed = routed.find((s) => !s.delivered);
        return {
            id: cls.id,
            title: cls.title,
            status: missed ? "not-delivered" : "delivered",
            reason: missed ? `${missed.subject}: ${missed.brokenLink ?? "no route"}` : undefined,
            subjects: routed,
        };
    });
}
