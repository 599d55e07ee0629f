import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { forTypes } from "./forTypes";
import { knownOr } from "./knownOr";
import { ACCOUNT_PINNING_KEYS, conditionPins, isEveryonePrincipal } from "../model/iamPolicyAnalysis";
import { parsePolicyDocument, statementLabel } from "./iamDocument";
import { TYPES } from "./resourceTypes";

/** True when a statement's principal is everyone ("*" or { AWS: "*" }). */
export function isWildcardPrincipal(principal: unknown): boolean {
    return isEveryonePrincipal(principal);
}

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Symmetric customer-managed KMS keys rotate their key material yearly (Security Hub KMS.4; checkov CKV_AWS_7; cdk-nag AwsSolutions-KMS5).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key.",
    validateResource: forTypes([TYPES.kmsKey], (args, reportViolation) => {
        const spec = args.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") {
            args.notApplicable(`AWS rotates only symmetric keys; this key is ${spec}`);
        }
        if (args.props.enableKeyRotation !== true) {
            reportViolation("enableKeyRotation is not true; turn on yearly rotation of the key material");
        }
    }),
};

export const kmsNoWildcardPrincipal: ResourceValidationPolicy = {
    name: "kms-key-policy-no-wildcard-principal",
    description: "KMS key policies never allow a wildcard principal unless a condition pins it to one account or organisation with a concrete value (a \"*\" condition value pins nothing) (Security Hub KMS.5; checkov CKV_AWS_33).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Name the account root (arn:aws:iam::<account>:root) or the service principal, or add a kms:CallerAccount condition.",
    validateResource: forTypes([TYPES.kmsKey, TYPES.kmsKeyPolicy], (args, reportViolation) => {
        if (args.props.policy === undefined || args.props.policy === "") {
            args.notApplicable("the key uses AWS's default key policy (the account root only)");
        }
        parsePolicyDocument(args.props.policy).forEach((statement, i) => {
            const pinned = ACCOUNT_PINNING_KEYS.some((key) => conditionPins(statement.condition, key));
            if (statement.effect === "Allow" && isWildcardPrincipal(statement.principal) && !pinned) {
                reportViolation(`policy ${statementLabel(statement, i)} allows any principal ("*") to use the key; name the principals or pin the account with a ${ACCOUNT_PINNING_KEYS[0]} condition`);
            }
        });
    }),
};

export const snsEncrypted: ResourceValidationPolicy = {
    name: "sns-topic-encrypted",
    description: "SNS topics encrypt messages at rest with KMS (Security Hub SNS.1; checkov CKV_AWS_26; cdk-nag AwsSolutions-SNS2).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set kmsMasterKeyId to a customer-managed key (whose policy lets cloudwatch.amazonaws.com use it for alarms) or alias/aws/sns.",
    validateResource: forTypes([TYPES.snsTopic], (args, reportViolation) => {
        const keyId = knownOr(() => args.props.kmsMasterKeyId as string | undefined, "(known after apply)");
        if (!keyId) {
            reportViolation("kmsMasterKeyId is unset: alarm and backup notifications are stored unencrypted; set a KMS key");
        }
    }),
};

export const logGroupRetention: ResourceValidationPolicy = {
    name: "log-group-retention",
    description: "CloudWatch log groups expire their events after a set number of days, at least the configured minimum (Security Hub CloudWatch.16; checkov CKV_AWS_66; cdk-nag CloudWatchLogGroupRetentionPeriod).",
    severity: "low",
    enforcementLevel: "mandatory",
    remediationSteps: "Set retentionInDays (e.g. 30); 0 or unset keeps logs forever at growing cost.",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, default: 1, description: "Fewest days a log group may keep events" },
        },
    },
    validateResource: forTypes([TYPES.logGroup], (args, reportViolation) => {
        const { minRetentionDays } = args.getConfig<{ minRetentionDays: number }>();
        const days = args.props.retentionInDays;
        if (days === undefined || days === 0) {
            reportViolation("retentionInDays is unset, so events are kept forever; set a retention");
        } else if (days < minRetentionDays) {
            reportViolation(`retentionInDays ${days} is below the minimum of ${minRetentionDays}`);
        }
    }),
};

export const alarmHasActions: ResourceValidationPolicy = {
    name: "cloudwatch-alarm-actions",
    description: "CloudWatch alarms have at least one enabled alarm action (Security Hub CloudWatch.15; checkov CKV_AWS_319; cdk-nag CloudWatchAlarmAction).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Add the alarm SNS topic (or an EC2 recover action) to alarmActions and keep actionsEnabled true.",
    validateResource: forTypes([TYPES.metricAlarm], (args, reportViolation) => {
        const actions = knownOr(() => args.props.alarmActions as unknown[] | undefined, ["(known after apply)"]) ?? [];
        if (args.props.actionsEnabled === false) {
            reportViolation("actionsEnabled is false: the alarm changes state and nobody hears it");
        } else if (actions.length === 0) {
            reportViolation("alarmActions is empty: the alarm changes state and nobody hears it; notify the alarm topic");
        }
    }),
};

/** True when an event-invoke config belongs to the function (by dependency on it or by its name). */
function configures(config: PolicyResource, fn: PolicyResource): boolean {
    const deps = (config.propertyDependencies?.functionName ?? []).map((d) => d.urn);
    const fnName = knownOr(() => fn.props.name as string | undefined, undefined);
    return deps.includes(fn.urn) || (fnName !== undefined && knownOr(() => config.props.functionName, undefined) === fnName);
}

export const lambdaFailureDestination: StackValidationPolicy = {
    name: "lambda-failure-destination",
    description: "Lambda functions send failed asynchronous invocations somewhere: a dead-letter queue or an on-failure destination (checkov CKV_AWS_116; cdk-nag LambdaDLQ).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Add an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure.destination (e.g. the alarm topic), or set deadLetterConfig.targetArn.",
    validateStack: (args, reportViolation) => {
        const functions = args.resources.filter((r) => r.type === TYPES.lambdaFunction);
        if (functions.length === 0) {
            args.notApplicable("the stack has no Lambda functions");
        }
        const invokeConfigs = args.resources.filter((r) => r.type === TYPES.lambdaEventInvokeConfig);
        for (const fn of functions) {
            const deadLetter = knownOr(() => fn.props.deadLetterConfig?.targetArn as string | undefined, "(known after apply)");
            const onFailure = invokeConfigs.filter((c) => configures(c, fn))
                .some((c) => knownOr(() => c.props.destinationConfig?.onFailure?.destination as string | undefined, "(known after apply)"));
            if (!deadLetter && !onFailure) {
                reportViolation(`Lambda function "${fn.name}" drops failed asynchronous invocations silently: give it an on-failure destination or a dead-letter queue`, fn.urn);
            }
        }
    },
};

export const observabilityPolicies = [kmsKeyRotation, kmsNoWildcardPrincipal, snsEncrypted, logGroupRetention, alarmHasActions, lambdaFailureDestination];
