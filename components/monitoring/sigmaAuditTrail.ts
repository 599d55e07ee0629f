import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, show, tagProblems } from "../shared/validation";

export const AUDIT_TRAIL_DEFAULTS = {
    /** A year of API call records, beyond the 90 days CloudTrail's event history keeps for free. */
    logExpirationDays: 365,
    logPrefix: "cloudtrail",
};

// Trail names: 3-128 letters, digits, periods, underscores and dashes, starting and ending with a letter or digit.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;

export interface SigmaAuditTrailArgs {
    /** The trail's name, unique in the account and region (default `<name>-audit`). */
    trailName?: string;
    /** Days the log files are kept in the bucket (default 365). @default 365 */
    logExpirationDays?: number;
    /** Keep the log bucket through `pulumi destroy` and refuse its deletion (protect + retainOnDelete); default false. */
    protectData?: boolean;
    /** Extra tags for every taggable resource. */
    tags?: Record<string, string>;
}

/** Validates SigmaAuditTrail args; throws one error listing every problem. */
export function validateAuditTrailArgs(name: string, args: SigmaAuditTrailArgs): void {
    const problems = new ArgProblems("SigmaAuditTrail", name);
    const trailName = args.trailName ?? `${name}-audit`;
    problems.check(TRAIL_NAME.test(trailName) && !/[._-]{2}/.test(trailName),
        `trailName ${show(trailName)} must be 3-128 letters, digits, . _ or -, starting and ending with a letter or digit`);
    const days = args.logExpirationDays;
    problems.check(days === undefined || (Number.isInteger(days) && days >= 1), `logExpirationDays ${show(days)} must be a whole number of days, 1 or more`);
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * The bucket policy CloudTrail needs to deliver a trail's logs, limited to that trail by aws:SourceArn, plus a refusal
 * of any request without TLS. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function auditTrailBucketPolicy(bucketArn: string, prefix: string, account: string, trailArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: ["s3:GetBucketAcl"],
                Resource: [bucketArn],
                Condition: { StringEquals: { "aws:SourceArn": trailArn } },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: ["s3:PutObject"],
                Resource: [`${bucketArn}/${prefix}/AWSLogs/${account}/*`],
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: ["s3:*"],
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/**
 * A CloudTrail trail of the region's management events into a private, encrypted, expiring bucket. EventBridge
 * receives CloudTrail's "AWS API Call via CloudTrail" events only where a trail logs them ("To record events with
 * one of the CloudTrail detail-type values, you must enable a CloudTrail trail with logging":
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html), so SigmaMonitoring's
 * destructive-action rules need one; a stack whose account already has a trail logging the region names it instead.
 */
export class SigmaAuditTrail extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly trail: aws.cloudtrail.Trail;
    public readonly trailArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: SigmaAuditTrailArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateAuditTrailArgs(name, args);
        super("sigma:monitoring:SigmaAuditTrail", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaAuditTrail", args.tags);
        const trailName = args.trailName ?? `${name}-audit`;
        const prefix = AUDIT_TRAIL_DEFAULTS.logPrefix;
        const scope = accountScope(child);
        // A trail's ARN is arn:<partition>:cloudtrail:<region>:<account>:trail/<name>; the bucket policy names it before the trail exists.
        const trailArn = scope.apply((s) => `arn:${s.partition}:cloudtrail:${s.region}:${s.account}:trail/${trailName}`);

        // The audit evidence of who touched the vault and keys outlives the stack when its data does.
        const kept = args.protectData === true ? { protect: true, retainOnDelete: true } : {};
        this.bucket = new aws.s3.Bucket(`${name}-trail-logs`, { tags: { ...tags, Name: `${name}-trail-logs` } }, { ...child, ...kept });
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-trail-logs`, {
            bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, child);
        new aws.s3.BucketOwnershipControls(`${name}-trail-logs`, { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-trail-logs`, {
            bucket: this.bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
        }, child);
        new aws.s3.BucketLifecycleConfiguration(`${name}-trail-logs`, {
            bucket: this.bucket.id,
            rules: [{
                id: "expire-trail-logs",
                status: "Enabled",
                filter: { prefix: `${prefix}/` },
                expiration: { days: args.logExpirationDays ?? AUDIT_TRAIL_DEFAULTS.logExpirationDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
        }, child);
        const bucketPolicy = new aws.s3.BucketPolicy(`${name}-trail-logs`, {
            bucket: this.bucket.id,
            policy: pulumi.all([this.bucket.arn, scope, trailArn]).apply(([arn, s, trail]) => JSON.stringify(auditTrailBucketPolicy(arn, prefix, s.account, trail))),
        }, { parent: this, dependsOn: [publicAccess] });
        // CloudTrail checks the bucket policy when the trail is created. Management events, read and write, are the default.
        this.trail = new aws.cloudtrail.Trail(`${name}-trail`, {
            name: trailName,
            s3BucketName: this.bucket.id,
            s3KeyPrefix: prefix,
            isMultiRegionTrail: false,
            includeGlobalServiceEvents: false,
            enableLogFileValidation: true,
            enableLogging: true,
            tags,
        }, { parent: this, dependsOn: [bucketPolicy] });

        this.trailArn = pulumi.all([this.trail.name, trailArn]).apply(([, arn]) => arn);
        this.bucketName = this.bucket.bucket;
        this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName });
    }
}
