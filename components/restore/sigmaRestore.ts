import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isIamPath } from "../../model/ec2Instance";
import { isId, isKmsKeyArn, isRecoveryPointArn, KEY_PAIR_NAME, KMS_KEY_ARN_EXAMPLE, LAMBDA_FUNCTION_NAME } from "../../model/ids";
import { instanceTypeProblem } from "../../model/instanceTypes";
import { accountScope } from "../shared/accountScope";
import { DEFAULT_INSTANCE_ROLE_PATH } from "../shared/constants";
import { serviceTrustPolicy } from "../shared/iam";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";
import { restoreHandlerCode } from "./lambdaCode";
import { restoreFunctionPolicy, RestoreNetwork, restoreRolePolicy } from "./policies";
import { RestoreJobWaiter, RESTORE_WAIT_DEFAULTS } from "./restoreJobWaiter";

export const RESTORE_DEFAULTS = {
    /** Node.js 22 ships AWS SDK v3, the handler's only dependency. */
    runtime: "nodejs22.x",
    architecture: "arm64",
    memoryMb: 256,
    /** Five attempts per call with backoff fit comfortably; the restore itself runs on in AWS Backup. */
    timeoutSeconds: 120,
    logRetentionDays: 90,
    /** Restore job states worth a message; CREATED/PENDING/RUNNING are noise. */
    notifiedStates: ["COMPLETED", "FAILED", "ABORTED"],
};

const LOG_RETENTION = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface SigmaRestoreArgs {
    /** The vault the function restores from by default (SigmaBackupVault's vaultName). */
    vaultName: pulumi.Input<string>;
    /** That vault's ARN: the function may list recovery points of this vault only. */
    vaultArn: pulumi.Input<string>;
    /** SNS topic for restore job state changes and failed invocations (SigmaBackupVault's notificationTopicArn). */
    notificationTopicArn: pulumi.Input<string>;
    /** The KMS key that encrypts that topic (SigmaBackupVault's keyArn). */
    notificationKeyArn: pulumi.Input<string>;
    /** Customer-managed KMS keys of the recovery points' volumes (the EBS key, or the DR vault's key for copies). */
    kmsKeyArns?: pulumi.Input<string>[];
    /** Subnet a restored instance lands in when the event names none (required in the DR region). */
    defaultSubnetId?: pulumi.Input<string>;
    /** Security groups a restored instance gets when the event names none (required in the DR region). */
    defaultSecurityGroupIds?: pulumi.Input<string>[];
    /** The stack's subnets, the only ones a restored instance may land in (default [defaultSubnetId]); the restore role and the function refuse others. */
    allowedSubnetIds?: pulumi.Input<string>[];
    /** The stack's security groups, the only ones a restored instance may carry (default defaultSecurityGroupIds); with vpcId instead, any group of that VPC. */
    allowedSecurityGroupIds?: pulumi.Input<string>[];
    /** The stack's VPC: when allowedSecurityGroupIds is not given, restored instances may carry only groups of this VPC (e.g. restore testing's own group). */
    vpcId?: pulumi.Input<string>;
    /** IAM role or user ARNs the function's resource policy lets invoke it (an operator role, also of another account); see docs/operations.md for what it cannot prevent. */
    restoreInvokerArns?: pulumi.Input<string>[];
    /** IAM path of the Sigma instance roles restored instances keep (SigmaInstance's rolePath; default DEFAULT_INSTANCE_ROLE_PATH): the restore role may pass exactly those. */
    instanceRolePath?: string;
    /** Key pair of this region for instances restored from another region's backup (key pairs are regional); none when unset. */
    defaultKeyName?: string;
    /** The Lambda function's name (default `<name>-ec2-restore`); its log group is /aws/lambda/<functionName>. */
    functionName?: string;
    /** Days the function's logs are kept (default 90). @default 90 */
    logRetentionDays?: number;
    /** Declarative restore: invoke the function during `pulumi up` for this instance id. */
    restoreInstanceId?: string;
    /** Declarative restore: instance type of the restored instance (the backed-up one when unset). */
    restoreInstanceType?: string;
    /** Declarative restore: the recovery point to restore (the newest COMPLETED one when unset). */
    restoreRecoveryPointArn?: string;
    /** Declarative restore: seconds between DescribeRestoreJob calls while `pulumi up` waits for the job (default 30). */
    restorePollSeconds?: number;
    /** Declarative restore: minutes `pulumi up` waits for the job before failing (default 60). */
    restoreTimeoutMinutes?: number;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

/** An IAM role or user ARN: a principal a Lambda resource policy statement may name (IAM names: letters, digits, +=,.@_-, paths with /). */
const INVOKER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@\/-]{1,512}$/;
export const RESTORE_INVOKER_EXAMPLE = "arn:aws:iam::123456789012:role/sigma-operator";

/** Why `value` cannot be a restoreInvokerArns entry (undefined: it can). */
export function restoreInvokerArnProblem(value: string): string | undefined {
    return INVOKER_ARN.test(value) ? undefined : `is not an IAM role or user ARN; use e.g. ${RESTORE_INVOKER_EXAMPLE}`;
}

/** Where restores may land, from the args: the allowed lists, defaulting to the deployment's defaults. */
export function restorePlacementArgs(args: SigmaRestoreArgs) {
    return {
        subnetIds: args.allowedSubnetIds ?? (args.defaultSubnetId !== undefined ? [args.defaultSubnetId] : []),
        securityGroupIds: args.allowedSecurityGroupIds ?? args.defaultSecurityGroupIds ?? [],
        vpcId: args.vpcId,
    };
}

/** Problems of the restore placement args: the restore role must be confined to the stack's subnets and groups (or VPC). */
function restorePlacementArgProblems(args: SigmaRestoreArgs): string[] {
    const problems: string[] = [];
    const placement = restorePlacementArgs(args);
    if (placement.subnetIds.length === 0) {
        problems.push("allowedSubnetIds is required (or defaultSubnetId): restored instances may land only in the stack's own subnets; pass them");
    }
    if (placement.securityGroupIds.length === 0 && args.vpcId === undefined) {
        problems.push("allowedSecurityGroupIds (or defaultSecurityGroupIds) or vpcId is required: restored instances may carry only the stack's security groups; pass them, or the stack's VPC");
    }
    (args.allowedSubnetIds ?? []).forEach((id, i) => problems.push(...[awsIdProblem(`allowedSubnetIds[${i}]`, "subnet", id)].filter((p): p is string => p !== undefined)));
    (args.allowedSecurityGroupIds ?? []).forEach((id, i) => problems.push(...[awsIdProblem(`allowedSecurityGroupIds[${i}]`, "sg", id)].filter((p): p is string => p !== undefined)));
    if (args.vpcId !== undefined) {
        problems.push(...[awsIdProblem("vpcId", "vpc", args.vpcId)].filter((p): p is string => p !== undefined));
    }
    const subnets = placement.subnetIds.map((id) => knownValue(id));
    const defaultSubnet = knownValue(args.defaultSubnetId);
    if (args.allowedSubnetIds !== undefined && defaultSubnet !== undefined && subnets.every((id) => id !== undefined) && !subnets.includes(defaultSubnet)) {
        problems.push(`defaultSubnetId ${show(defaultSubnet)} is not in allowedSubnetIds ${show(subnets)}; add it, or pick one of them`);
    }
    const groups = (args.allowedSecurityGroupIds ?? []).map((id) => knownValue(id));
    const defaultGroups = (args.defaultSecurityGroupIds ?? []).map((id) => knownValue(id));
    const outside = groups.every((id) => id !== undefined) ? defaultGroups.filter((id) => id !== undefined && !groups.includes(id)) : [];
    if (args.allowedSecurityGroupIds !== undefined && outside.length > 0) {
        problems.push(`defaultSecurityGroupIds ${show(outside)} are not in allowedSecurityGroupIds ${show(groups)}; add them`);
    }
    return problems;
}

/** Validates SigmaRestore args; throws one error listing every problem. */
export function validateRestoreArgs(name: string, args: SigmaRestoreArgs): void {
    const problems = new ArgProblems("SigmaRestore", name);
    for (const arg of ["vaultName", "vaultArn", "notificationTopicArn", "notificationKeyArn"] as const) {
        problems.check(args[arg] !== undefined && args[arg] !== "", `${arg} is required; pass it from SigmaBackupVault`);
    }
    const functionName = args.functionName ?? `${name}-ec2-restore`;
    problems.check(LAMBDA_FUNCTION_NAME.test(functionName), `functionName ${show(functionName)} must be 1-64 letters, digits, - or _`);
    if (args.logRetentionDays !== undefined) {
        problems.check(LOG_RETENTION.includes(args.logRetentionDays), `logRetentionDays ${show(args.logRetentionDays)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION.join(", ")}`);
    }
    const topicKey = knownValue(args.notificationKeyArn);
    problems.check(topicKey === undefined || topicKey === "" || isKmsKeyArn(topicKey), `notificationKeyArn ${show(topicKey)} is not a KMS key ARN (IAM cannot name a key by alias); use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    const rolePath = args.instanceRolePath ?? DEFAULT_INSTANCE_ROLE_PATH;
    problems.check(isIamPath(rolePath) && rolePath !== "/" && !/[*?]/.test(rolePath),
        `instanceRolePath ${show(rolePath)} must be an IAM path of the Sigma instance roles other than "/" and without * or ? (the restore role may pass every role under it), e.g. ${DEFAULT_INSTANCE_ROLE_PATH} or /sigma/<project>/`);
    if (args.defaultKeyName !== undefined) {
        problems.check(KEY_PAIR_NAME.test(args.defaultKeyName), `defaultKeyName ${show(args.defaultKeyName)} is not a key pair name; use an EC2 key pair of this region (1-255 ASCII characters)`);
    }
    (args.kmsKeyArns ?? []).forEach((arn, i) => {
        const known = knownValue(arn);
        problems.check(known === undefined || isKmsKeyArn(known), `kmsKeyArns[${i}] ${show(known)} is not a KMS key ARN (IAM cannot name a key by alias); use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    });
    if (args.defaultSubnetId !== undefined) {
        problems.add(awsIdProblem("defaultSubnetId", "subnet", args.defaultSubnetId));
    }
    (args.defaultSecurityGroupIds ?? []).forEach((id, i) => problems.add(awsIdProblem(`defaultSecurityGroupIds[${i}]`, "sg", id)));
    problems.addAll(restorePlacementArgProblems(args));
    (args.restoreInvokerArns ?? []).forEach((arn, i) => {
        const known = knownValue(arn);
        const problem = known === undefined ? undefined : restoreInvokerArnProblem(known);
        problems.check(problem === undefined, `restoreInvokerArns[${i}] ${show(known)} ${problem}`);
    });
    if (args.restoreInstanceId !== undefined) {
        problems.check(isId("instance", args.restoreInstanceId), `restoreInstanceId ${show(args.restoreInstanceId)} is not an instance id; use the form i-0123456789abcdef0`);
    } else {
        problems.check(args.restoreInstanceType === undefined && args.restoreRecoveryPointArn === undefined
            && args.restorePollSeconds === undefined && args.restoreTimeoutMinutes === undefined,
            "restoreInstanceType / restoreRecoveryPointArn / restorePollSeconds / restoreTimeoutMinutes are set without restoreInstanceId; name the instance to restore");
    }
    if (args.restorePollSeconds !== undefined) {
        problems.check(Number.isFinite(args.restorePollSeconds) && args.restorePollSeconds >= 1 && args.restorePollSeconds <= 300,
            `restorePollSeconds ${show(args.restorePollSeconds)} must be 1-300 seconds (default ${RESTORE_WAIT_DEFAULTS.pollSeconds})`);
    }
    if (args.restoreTimeoutMinutes !== undefined) {
        problems.check(Number.isFinite(args.restoreTimeoutMinutes) && args.restoreTimeoutMinutes >= 1 && args.restoreTimeoutMinutes <= 24 * 60,
            `restoreTimeoutMinutes ${show(args.restoreTimeoutMinutes)} must be 1-1440 minutes (default ${RESTORE_WAIT_DEFAULTS.timeoutMinutes})`);
    }
    if (args.restoreInstanceType !== undefined) {
        problems.add(instanceTypeProblem("restoreInstanceType", args.restoreInstanceType));
    }
    if (args.restoreRecoveryPointArn !== undefined) {
        problems.check(isRecoveryPointArn(args.restoreRecoveryPointArn), `restoreRecoveryPointArn ${show(args.restoreRecoveryPointArn)} is not a recovery point ARN; use arn:aws:ec2:<region>::image/ami-... from the vault`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** The event the declarative restore sends; also what `aws lambda invoke` takes. */
export function restoreEvent(instanceId: string, vaultName: string, restoreInstanceType?: string, recoveryPointArn?: string): Record<string, string> {
    const event: Record<string, string> = { instanceId, vaultName };
    if (restoreInstanceType) {
        event.restoreInstanceType = restoreInstanceType;
    }
    if (recoveryPointArn) {
        event.recoveryPointArn = recoveryPointArn;
    }
    return event;
}

/** Each SigmaRestore's restore-job waiter, kept off the class's fields (see `restoreJobWaiter`). */
const restoreJobWaiters = new WeakMap<object, RestoreJobWaiter>();

/**
 * Restoring Sigma instances from AWS Backup (the guide's Sigma_Recover_Automation.yaml): IAMRoleForRestore, the
 * EC2RestoreLambdaFunction with its log group and on-failure destination, an EventBridge rule sending restore job
 * outcomes to the SNS topic, and optionally a restore run during `pulumi up` that waits for the job's outcome. Restored instances keep the backed-up
 * instance profile (SigmaInstance's Session-Manager-only role): AWS Backup permits no other.
 */
export class SigmaRestore extends pulumi.ComponentResource {
    public readonly restoreRole: aws.iam.Role;
    public readonly functionRole: aws.iam.Role;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly restoreFunction: aws.lambda.Function;
    public readonly restoreJobRule: aws.cloudwatch.EventRule;
    /** The resource-policy statements that let restoreInvokerArns invoke the function. */
    public readonly invokePermissions: aws.lambda.Permission[];
    public readonly invocation?: aws.lambda.Invocation;
    /** The wait for the declarative restore's job (a getter: the component package schema cannot name this package's own resource classes). */
    public get restoreJobWaiter(): RestoreJobWaiter | undefined {
        return restoreJobWaiters.get(this);
    }
    public readonly functionName: pulumi.Output<string>;
    public readonly functionArn: pulumi.Output<string>;
    public readonly restoreRoleArn: pulumi.Output<string>;
    /** The restore job started by the declarative restore, or undefined when none was asked for. */
    public readonly restoreJobId: pulumi.Output<string | undefined>;
    /** The instance the declarative restore created (the job COMPLETED), or undefined when none was asked for. */
    public readonly restoredInstanceId: pulumi.Output<string | undefined>;

    constructor(name: string, args: SigmaRestoreArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreArgs(name, args);
        super("sigma:restore:SigmaRestore", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaRestore", args.tags);
        const functionName = args.functionName ?? `${name}-ec2-restore`;
        const scope = accountScope(child);

        this.restoreRole = new aws.iam.Role(`${name}-restore-role`, {
            description: "IAMRoleForRestore: AWS Backup launches restored Sigma instances",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", s.account))),
            tags,
        }, child);
        const placement = restorePlacementArgs(args);
        const network = pulumi.all([pulumi.all(placement.subnetIds), pulumi.all(placement.securityGroupIds), pulumi.output(placement.vpcId)])
            .apply(([subnetIds, securityGroupIds, vpcId]): RestoreNetwork => ({ subnetIds: [...new Set(subnetIds)], securityGroupIds: [...new Set(securityGroupIds)], vpcId }));
        new aws.iam.RolePolicy(`${name}-restore-role-policy`, {
            role: this.restoreRole.id,
            policy: pulumi.all([scope, pulumi.output(args.kmsKeyArns ?? []), network])
                .apply(([s, keys, net]) => JSON.stringify(restoreRolePolicy(s, args.instanceRolePath ?? DEFAULT_INSTANCE_ROLE_PATH, keys, net))),
        }, child);

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-restore-logs`, {
            name: `/aws/lambda/${functionName}`,
            retentionInDays: args.logRetentionDays ?? RESTORE_DEFAULTS.logRetentionDays,
            tags,
        }, child);
        this.functionRole = new aws.iam.Role(`${name}-restore-function-role`, {
            description: "EC2RestoreLambdaFunction: finds the recovery point and starts the restore job",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com", s.account))),
            tags,
        }, child);
        const functionPolicy = new aws.iam.RolePolicy(`${name}-restore-function-policy`, {
            role: this.functionRole.id,
            policy: pulumi.all([scope, args.vaultArn, this.restoreRole.arn, this.logGroup.arn, args.notificationTopicArn, args.notificationKeyArn])
                .apply(([s, vaultArn, restoreRoleArn, logGroupArn, topicArn, topicKeyArn]) =>
                    JSON.stringify(restoreFunctionPolicy(s, { vaultArn, restoreRoleArn, logGroupArn, topicArn, topicKeyArn }))),
        }, child);

        const environment: Record<string, pulumi.Input<string>> = {
            RESTORE_ROLE_ARN: this.restoreRole.arn,
            DEFAULT_VAULT_NAME: args.vaultName,
        };
        if (args.defaultSubnetId !== undefined) {
            environment.DEFAULT_SUBNET_ID = args.defaultSubnetId;
        }
        if (args.defaultSecurityGroupIds !== undefined) {
            environment.DEFAULT_SECURITY_GROUP_IDS = pulumi.all(args.defaultSecurityGroupIds).apply((ids) => ids.join(","));
        }
        if (args.defaultKeyName !== undefined) {
            environment.DEFAULT_KEY_NAME = args.defaultKeyName;
        }
        environment.ALLOWED_SUBNET_IDS = network.apply((net) => net.subnetIds.join(","));
        if (placement.securityGroupIds.length > 0) {
            environment.ALLOWED_SECURITY_GROUP_IDS = network.apply((net) => net.securityGroupIds.join(","));
        }
        if (placement.vpcId !== undefined) {
            environment.ALLOWED_VPC_ID = placement.vpcId;
        }
        this.restoreFunction = new aws.lambda.Function(`${name}-restore-function`, {
            name: functionName,
            description: "EC2RestoreLambdaFunction: restore a Sigma instance from its newest COMPLETED recovery point",
            runtime: RESTORE_DEFAULTS.runtime,
            architectures: [RESTORE_DEFAULTS.architecture],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(restoreHandlerCode()) }),
            role: this.functionRole.arn,
            memorySize: RESTORE_DEFAULTS.memoryMb,
            timeout: RESTORE_DEFAULTS.timeoutSeconds,
            environment: { variables: environment },
            loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
            tags,
        }, { parent: this, dependsOn: [this.logGroup, functionPolicy] });
        // Asynchronous invocations are not retried (the restore is idempotent but a failure needs a human) and failures reach the topic.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-restore-function-on-failure`, {
            functionName: this.restoreFunction.name,
            maximumRetryAttempts: 0,
            destinationConfig: { onFailure: { destination: args.notificationTopicArn } },
        }, child);

        // Grants invoke to the named principals (restoreInvokerArns). In the same account this cannot take invoke away from anyone an identity
        // policy already allows (docs/operations.md, "Who can run a restore"); the role and the function confine what a restore can do.
        this.invokePermissions = (args.restoreInvokerArns ?? []).map((principal, i) => new aws.lambda.Permission(`${name}-restore-invoke-${i + 1}`, {
            function: this.restoreFunction.name,
            action: "lambda:InvokeFunction",
            principal,
        }, child));

        this.restoreJobRule = new aws.cloudwatch.EventRule(`${name}-restore-jobs`, {
            description: "AWS Backup restore job outcomes (completed, failed, aborted) to the Sigma backup topic",
            eventPattern: JSON.stringify({
                source: ["aws.backup"],
                "detail-type": ["Restore Job State Change"],
                detail: { status: RESTORE_DEFAULTS.notifiedStates },
            }),
            tags,
        }, child);
        new aws.cloudwatch.EventTarget(`${name}-restore-jobs-to-topic`, {
            rule: this.restoreJobRule.name,
            arn: args.notificationTopicArn,
        }, child);

        if (args.restoreInstanceId !== undefined) {
            this.invocation = new aws.lambda.Invocation(`${name}-restore-${args.restoreInstanceId}`, {
                functionName: this.restoreFunction.name,
                input: pulumi.output(args.vaultName).apply((vault) => JSON.stringify(
                    restoreEvent(args.restoreInstanceId!, vault, args.restoreInstanceType, args.restoreRecoveryPointArn))),
            }, { parent: this, dependsOn: [functionPolicy] });
        }

        this.functionName = this.restoreFunction.name;
        this.functionArn = this.restoreFunction.arn;
        this.restoreRoleArn = this.restoreRole.arn;
        this.restoreJobId = this.invocation
            ? this.invocation.result.apply((result) => (JSON.parse(result) as { restoreJobId?: string }).restoreJobId)
            : pulumi.output(undefined);
        if (this.invocation) {
            // StartRestoreJob returning a job id says nothing of its outcome: `pulumi up` waits for COMPLETED, or fails with AWS's message.
            restoreJobWaiters.set(this, new RestoreJobWaiter(`${name}-restore-${args.restoreInstanceId}-outcome`, {
                restoreJobId: this.restoreJobId.apply((id) => id ?? ""),
                region: scope.region,
                pollSeconds: args.restorePollSeconds,
                timeoutMinutes: args.restoreTimeoutMinutes,
            }, { parent: this, dependsOn: [this.invocation] }));
        }
        this.restoredInstanceId = this.restoreJobWaiter ? this.restoreJobWaiter.restoredInstanceId : pulumi.output(undefined);
        this.registerOutputs({
            functionName: this.functionName, functionArn: this.functionArn, restoreRoleArn: this.restoreRoleArn,
            restoreJobId: this.restoreJobId, restoredInstanceId: this.restoredInstanceId,
        });
    }
}
