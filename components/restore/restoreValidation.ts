import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_FUNCTION_NAME } from "../../model/ids";
import { restoreTestCompletedPattern } from "../../model/restoreTesting";
import { AccountScope, accountScope } from "../shared/accountScope";
import { cidrListProblems } from "../shared/cidrList";
import { SIGMA_APP_PORT } from "../shared/constants";
import { serviceTrustPolicy } from "../shared/iam";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, show, tagProblems } from "../shared/validation";
import { cidrSlug, isIpv6Cidr } from "../../model/cidr";
import { functionLogAndFailureStatements } from "./policies";
import { restoreValidationCode } from "./restoreValidationCode";

const HTTPS_PORT = 443;

export const VALIDATION_DEFAULTS = {
    /** The project's stated RTO for an in-region restore (docs/operations.md, "RPO and RTO": ~30 min). */
    rtoMinutes: 30,
    /** How long the validator waits for Sigma after the restore job completed; the guide's own launch takes 5-10 min. */
    waitMinutes: 10,
    metricNamespace: "Sigma/RestoreTesting",
    /** The paths SigmaInstance serves (the guide's SigmaAppURL and StudioAppURL). */
    paths: ["/sigma", "/expertctstudio"],
    /** HTTPS to the AWS Backup, EC2 and CloudWatch APIs through the subnet's NAT (no fixed CIDRs); use the VPC CIDR with interface endpoints. */
    httpsEgressCidrs: ["0.0.0.0/0"],
    runtime: "nodejs22.x",
    architecture: "arm64",
    memoryMb: 256,
    logRetentionDays: 90,
    /** Alarms look at hourly maxima: a weekly test publishes one point per restored instance. */
    alarmPeriodSeconds: 3600,
};

/** Time the function needs besides the wait: finding the instance before it, reporting after it (the handler keeps 60 s back). */
const FUNCTION_OVERHEAD_SECONDS = 120;
// Lambda's timeout is at most 900 s (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
const MAX_WAIT_MINUTES = Math.floor((LAMBDA_MAX_TIMEOUT_SECONDS - FUNCTION_OVERHEAD_SECONDS) / 60);
const LOG_RETENTION = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The metrics the handler publishes (restoreValidationHandler.ts METRICS; a test keeps the two in step). */
export const VALIDATION_METRICS = {
    restoreJobDuration: "RestoreJobDuration",
    recoveryTime: "RecoveryTime",
    validationFailed: "ValidationFailed",
    dimension: "Stack",
} as const;

export interface RestoreValidationArgs {
    /** The restore testing plan whose completed restore jobs are validated. */
    restoreTestingPlanArn: pulumi.Input<string>;
    /** The VPC the restored instances land in. */
    vpcId: pulumi.Input<string>;
    /** Subnets of that VPC the function runs in; they need a route to the AWS APIs on 443 (NAT or interface endpoints). */
    subnetIds: pulumi.Input<string>[];
    /** The restored instances' security group: the function may reach it on 8080, nothing else in the VPC. */
    restoredSecurityGroupId: pulumi.Input<string>;
    /** Value of the metrics' Stack dimension (the stack name). */
    stackName: string;
    /** The stack's notification topic (SigmaMonitoring's topicArn): the alarms and failed invocations go there. */
    alarmTopicArn: pulumi.Input<string>;
    /** The KMS key encrypting that topic (SigmaMonitoring's keyArn): the function publishes failed invocations with it. */
    alarmTopicKeyArn: pulumi.Input<string>;
    /** Recovery time objective in minutes: restores slower than this alarm (default 30, the project's stated RTO). @default 30 */
    rtoMinutes?: number;
    /** Minutes to wait for Sigma to answer after the restore job completed (default 10, at most 13). @default 10 */
    waitMinutes?: number;
    /** Where the function may open HTTPS for the AWS APIs (default 0.0.0.0/0 through the NAT; the VPC CIDR with endpoints). @default ["0.0.0.0/0"] */
    httpsEgressCidrs?: string[];
    /** The function's name (default `<name>-restore-validator`); its log group is /aws/lambda/<functionName>. */
    functionName?: string;
    /** Days the function's logs are kept (default 90). @default 90 */
    logRetentionDays?: number;
    /** Extra tags for every taggable resource. */
    tags?: Record<string, string>;
}

/** Validates RestoreValidation args; throws one error listing every problem. */
export function validateRestoreValidationArgs(name: string, args: RestoreValidationArgs): void {
    const problems = new ArgProblems("RestoreValidation", name);
    problems.check(args.restoreTestingPlanArn !== undefined, "restoreTestingPlanArn is required; pass the restore testing plan's arn");
    problems.add(awsIdProblem("vpcId", "vpc", args.vpcId));
    if (!Array.isArray(args.subnetIds) || args.subnetIds.length === 0) {
        problems.add(`subnetIds ${show(args.subnetIds)} must list at least one subnet of the VPC for the function`);
    } else {
        args.subnetIds.forEach((id, i) => problems.add(awsIdProblem(`subnetIds[${i}]`, "subnet", id)));
    }
    problems.add(awsIdProblem("restoredSecurityGroupId", "sg", args.restoredSecurityGroupId));
    problems.check(typeof args.stackName === "string" && /^[\x21-\x7e]{1,255}$/.test(args.stackName),
        `stackName ${show(args.stackName)} must be 1-255 printable ASCII characters (a CloudWatch dimension value)`);
    for (const arg of ["alarmTopicArn", "alarmTopicKeyArn"] as const) {
        problems.check(args[arg] !== undefined && args[arg] !== "", `${arg} is required; pass the stack's notification topic from SigmaMonitoring (topicArn, keyArn): alarms nobody hears are not monitoring`);
    }
    problems.add(rtoProblem(args.rtoMinutes));
    if (args.waitMinutes !== undefined) {
        problems.check(Number.isInteger(args.waitMinutes) && args.waitMinutes >= 1 && args.waitMinutes <= MAX_WAIT_MINUTES,
            `waitMinutes ${show(args.waitMinutes)} must be a whole number from 1 to ${MAX_WAIT_MINUTES} (Lambda stops a function after 15 minutes)`);
    }
    problems.addAll(cidrListProblems("httpsEgressCidrs", args.httpsEgressCidrs, undefined));
    problems.check(args.httpsEgressCidrs === undefined || (Array.isArray(args.httpsEgressCidrs) && args.httpsEgressCidrs.length > 0),
        "httpsEgressCidrs [] leaves the function no way to the AWS Backup, EC2 and CloudWatch APIs; give the NAT route (0.0.0.0/0) or the VPC CIDR of the interface endpoints");
    const functionName = args.functionName ?? `${name}-restore-validator`;
    problems.check(LAMBDA_FUNCTION_NAME.test(functionName), `functionName ${show(functionName)} must be 1-64 letters, digits, - or _`);
    if (args.logRetentionDays !== undefined) {
        problems.check(LOG_RETENTION.includes(args.logRetentionDays), `logRetentionDays ${show(args.logRetentionDays)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION.join(", ")}`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** Why `rtoMinutes` is not a usable objective, or undefined. */
export function rtoProblem(rtoMinutes: number | undefined): string | undefined {
    return rtoMinutes === undefined || (Number.isInteger(rtoMinutes) && rtoMinutes >= 1 && rtoMinutes <= 7 * 24 * 60) ? undefined
        : `rtoMinutes ${show(rtoMinutes)} must be a whole number of minutes from 1 to ${7 * 24 * 60}`;
}

/**
 * The validator's permissions. AWS Backup's DescribeRestoreJob and PutRestoreValidationResult take no resource type
 * in the Service Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html),
 * so they are granted on "*" in this region only; restore jobs of other plans are refused by the code, not by IAM.
 * EC2 Describe* has no resource-level permissions; PutMetricData is limited to the namespace
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html). The network
 * interface actions are those of AWSLambdaVPCAccessExecutionRole
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html), Describe* on "*"
 * as Lambda requires and the rest on the resource types each action authorizes (CreateNetworkInterface: network-interface,
 * subnet, security-group; Delete/Assign/UnassignPrivateIpAddresses: network-interface; Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html) in this account and region,
 * narrower than the Lambda guide's "arn:aws:ec2:<region>:<account>:*\/*" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html).
 */
export function restoreValidatorPolicy(scope: AccountScope, args: {
    logGroupArn: string; topicArn: string; topicKeyArn: string; metricNamespace: string;
}): aws.iam.PolicyDocument {
    const { partition: p, account: a, region: r } = scope;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadRestoreJobsAndReportValidation",
                Effect: "Allow",
                Action: ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult"],
                Resource: "*",
                Condition: { StringEquals: { "aws:RequestedRegion": r } },
            },
            {
                Sid: "FindRestoredInstance",
                Effect: "Allow",
                Action: ["ec2:DescribeInstances"],
                Resource: "*",
            },
            {
                Sid: "PublishRestoreTestMetrics",
                Effect: "Allow",
                Action: ["cloudwatch:PutMetricData"],
                Resource: "*",
                Condition: { StringEquals: { "cloudwatch:namespace": args.metricNamespace } },
            },
            {
                Sid: "DescribeVpcNetworking",
                Effect: "Allow",
                Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
                Resource: "*",
            },
            {
                // CreateNetworkInterface authorizes the interface, its subnet and its groups; the others only the interface.
                Sid: "CreateFunctionNetworkInterfaces",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkInterface"],
                Resource: [`arn:${p}:ec2:${r}:${a}:network-interface/*`, `arn:${p}:ec2:${r}:${a}:subnet/*`, `arn:${p}:ec2:${r}:${a}:security-group/*`],
            },
            {
                Sid: "ManageFunctionNetworkInterfaces",
                Effect: "Allow",
                Action: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
                Resource: [`arn:${p}:ec2:${r}:${a}:network-interface/*`],
            },
            ...functionLogAndFailureStatements(r, args, "PublishFailedInvocations"),
        ],
    };
}

/** One alarm of the validator. */
export interface ValidationAlarmSpec {
    key: string;
    description: string;
    namespace: string;
    metricName: string;
    statistic: string;
    threshold: number;
    /** Dimensions: Stack for the restore-test metrics, FunctionName for Lambda's own. */
    dimension: "stack" | "function";
}

/** The alarms: a failed validation, AWS Backup's restore or the whole recovery over the RTO, and a validator that errored. */
export function validationAlarmSpecs(rtoMinutes: number, metricNamespace: string): ValidationAlarmSpec[] {
    const rtoSeconds = rtoMinutes * 60;
    return [
        { key: "restore-test-failed", description: "the weekly restore test's Sigma did not answer on /sigma and /expertctstudio (see the job's validation message)",
            namespace: metricNamespace, metricName: VALIDATION_METRICS.validationFailed, statistic: "Maximum", threshold: 0, dimension: "stack" },
        { key: "restore-test-restore-over-rto", description: `AWS Backup took longer than the ${rtoMinutes} min RTO to restore the instance in the weekly restore test`,
            namespace: metricNamespace, metricName: VALIDATION_METRICS.restoreJobDuration, statistic: "Maximum", threshold: rtoSeconds, dimension: "stack" },
        { key: "restore-test-recovery-over-rto", description: `the restored Sigma answered later than the ${rtoMinutes} min RTO after the weekly restore test started`,
            namespace: metricNamespace, metricName: VALIDATION_METRICS.recoveryTime, statistic: "Maximum", threshold: rtoSeconds, dimension: "stack" },
        { key: "validator-errors", description: "the restore test validator failed to run (it could not read the job, reach the AWS APIs or report); the test is unvalidated",
            namespace: "AWS/Lambda", metricName: "Errors", statistic: "Sum", threshold: 0, dimension: "function" },
    ];
}

/**
 * Validates AWS Backup restore tests of Sigma: an EventBridge rule on the plan's COMPLETED EC2 restore jobs invokes a
 * Lambda function in the VPC that checks the restored instance serves /sigma and /expertctstudio on 8080, reports the
 * result to AWS Backup and publishes the restore duration; alarms watch the result and the RTO.
 */
export class RestoreValidation extends pulumi.ComponentResource {
    public readonly securityGroup: aws.ec2.SecurityGroup;
    public readonly role: aws.iam.Role;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly function: aws.lambda.Function;
    public readonly rule: aws.cloudwatch.EventRule;
    public readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly functionName: pulumi.Output<string>;
    public readonly rtoMinutes: number;

    constructor(name: string, args: RestoreValidationArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreValidationArgs(name, args);
        super("sigma:restore:RestoreValidation", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("RestoreValidation", args.tags);
        const scope = accountScope(child);
        const functionName = args.functionName ?? `${name}-restore-validator`;
        const waitMinutes = args.waitMinutes ?? VALIDATION_DEFAULTS.waitMinutes;
        this.rtoMinutes = args.rtoMinutes ?? VALIDATION_DEFAULTS.rtoMinutes;
        const namespace = VALIDATION_DEFAULTS.metricNamespace;

        // The provider drops AWS's default allow-all egress of a new group, so only the rules below exist
        // (https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/).
        this.securityGroup = new aws.ec2.SecurityGroup(`${name}-validator`, {
            vpcId: args.vpcId,
            description: "Sigma restore test validator: 8080 to restored test instances, HTTPS to the AWS APIs",
            tags: { ...tags, Name: `${name}-validator` },
        }, child);
        new aws.vpc.SecurityGroupEgressRule(`${name}-validator-to-restored-sigma`, {
            securityGroupId: this.securityGroup.id,
            referencedSecurityGroupId: args.restoredSecurityGroupId,
            ipProtocol: "tcp", fromPort: SIGMA_APP_PORT, toPort: SIGMA_APP_PORT,
            description: "Sigma (8080) on restored test instances",
            tags,
        }, child);
        for (const cidr of args.httpsEgressCidrs ?? VALIDATION_DEFAULTS.httpsEgressCidrs) {
            new aws.vpc.SecurityGroupEgressRule(`${name}-validator-https-${cidrSlug(cidr)}`, {
                securityGroupId: this.securityGroup.id,
                ...(isIpv6Cidr(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                ipProtocol: "tcp", fromPort: HTTPS_PORT, toPort: HTTPS_PORT,
                description: `HTTPS (443) to ${cidr} for the AWS Backup, EC2 and CloudWatch APIs`,
                tags,
            }, child);
        }

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-validator-logs`, {
            name: `/aws/lambda/${functionName}`,
            retentionInDays: args.logRetentionDays ?? VALIDATION_DEFAULTS.logRetentionDays,
            tags,
        }, child);
        this.role = new aws.iam.Role(`${name}-validator-role`, {
            description: "Sigma restore test validator: reads the restore job and instance, reports the result",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com", s.account))),
            tags,
        }, child);
        const policy = new aws.iam.RolePolicy(`${name}-validator-policy`, {
            role: this.role.id,
            policy: pulumi.all([scope, this.logGroup.arn, args.alarmTopicArn, args.alarmTopicKeyArn])
                .apply(([s, logGroupArn, topicArn, topicKeyArn]) =>
                    JSON.stringify(restoreValidatorPolicy(s, { logGroupArn, topicArn, topicKeyArn, metricNamespace: namespace }))),
        }, child);

        this.function = new aws.lambda.Function(`${name}-validator`, {
            name: functionName,
            description: "Validates AWS Backup restore tests: the restored Sigma answers /sigma and /expertctstudio on 8080",
            runtime: VALIDATION_DEFAULTS.runtime,
            architectures: [VALIDATION_DEFAULTS.architecture],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(restoreValidationCode()) }),
            role: this.role.arn,
            memorySize: VALIDATION_DEFAULTS.memoryMb,
            timeout: waitMinutes * 60 + FUNCTION_OVERHEAD_SECONDS,
            vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [this.securityGroup.id] },
            environment: {
                variables: {
                    RESTORE_TESTING_PLAN_ARN: args.restoreTestingPlanArn,
                    METRIC_NAMESPACE: namespace,
                    STACK_NAME: args.stackName,
                    SIGMA_PORT: String(SIGMA_APP_PORT),
                    SIGMA_PATHS: VALIDATION_DEFAULTS.paths.join(","),
                    MAX_WAIT_SECONDS: String(waitMinutes * 60),
                },
            },
            loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
            tags,
        }, { parent: this, dependsOn: [this.logGroup, policy] });
        // One retry: the handler skips a job that already has a validation status, so a retry never reports twice.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-validator-on-failure`, {
            functionName: this.function.name,
            maximumRetryAttempts: 1,
            destinationConfig: { onFailure: { destination: args.alarmTopicArn } },
        }, child);

        this.rule = new aws.cloudwatch.EventRule(`${name}-restore-test-completed`, {
            description: "Completed EC2 restore jobs of the Sigma restore testing plan, to the validator",
            eventPattern: pulumi.output(args.restoreTestingPlanArn).apply((arn) => JSON.stringify(restoreTestCompletedPattern(arn, "EC2"))),
            tags,
        }, child);
        new aws.cloudwatch.EventTarget(`${name}-restore-test-to-validator`, {
            rule: this.rule.name,
            arn: this.function.arn,
        }, child);
        new aws.lambda.Permission(`${name}-validator-from-events`, {
            function: this.function.name,
            action: "lambda:InvokeFunction",
            principal: "events.amazonaws.com",
            sourceArn: this.rule.arn,
        }, child);

        for (const spec of validationAlarmSpecs(this.rtoMinutes, namespace)) {
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${spec.key}`, {
                alarmDescription: `Sigma restore testing (${args.stackName}): ${spec.description}`,
                namespace: spec.namespace,
                metricName: spec.metricName,
                dimensions: spec.dimension === "stack" ? { [VALIDATION_METRICS.dimension]: args.stackName } : { FunctionName: this.function.name },
                statistic: spec.statistic,
                period: VALIDATION_DEFAULTS.alarmPeriodSeconds,
                evaluationPeriods: 1,
                threshold: spec.threshold,
                comparisonOperator: "GreaterThanThreshold",
                // A test runs weekly: between tests there is no data, which is not a failure.
                treatMissingData: "notBreaching",
                alarmActions: [args.alarmTopicArn],
                tags,
            }, child));
        }

        this.securityGroupId = this.securityGroup.id;
        this.functionName = this.function.name;
        this.registerOutputs({ securityGroupId: this.securityGroupId, functionName: this.functionName });
    }
}
