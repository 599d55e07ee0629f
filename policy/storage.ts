import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { IamStatement, parsePolicyDocument } from "./iamDocument";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";
import { depUrns } from "./stackGraph";

const BUCKET_TYPES: readonly string[] = [TYPES.bucket, TYPES.bucketV2];

/** Canned ACLs that open a bucket beyond its owner (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl). */
export const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
/** Grantee groups that mean everyone or every AWS account. */
const PUBLIC_GRANTEE_URIS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/** The sub-resources (policy, ACL, public access block, ownership controls) that configure a bucket, by dependency on it. */
function configuring(bucket: PolicyResource, resources: PolicyResource[], type: string): PolicyResource[] {
    const name = knownOr(() => bucket.props.bucket as string | undefined, undefined);
    return resources.filter((r) => r.type === type && (depUrns(r, "bucket").includes(bucket.urn) || (name !== undefined && knownOr(() => r.props.bucket, undefined) === name)));
}

/** True when the statement denies every principal any S3 action when aws:SecureTransport is false (AWS's S3.5 remediation). */
export function deniesInsecureTransport(statement: IamStatement): boolean {
    const everyone = statement.principal === "*" || (typeof statement.principal === "object" && statement.principal !== null && ([] as unknown[]).concat((statement.principal as any).AWS).includes("*"));
    const bool = Object.entries(statement.condition).find(([op]) => op.toLowerCase() === "bool")?.[1] ?? {};
    const secure = Object.entries(bool).find(([k]) => k.toLowerCase() === "aws:securetransport")?.[1];
    return statement.effect === "Deny" && everyone && statement.actions.some((a) => a === "s3:*" || a === "*") && String(secure).toLowerCase() === "false";
}

export const bucketPublicAccessBlocked: StackValidationPolicy = {
    name: "s3-bucket-public-access-blocked",
    description: "Every S3 bucket has a public access block with all four settings on, and no public access block turns one off (Security Hub S3.1, S3.8; checkov CKV_AWS_53-56, CKV2_AWS_6; cdk-nag S3BucketLevelPublicAccessProhibited).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Add aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    validateStack: (args, reportViolation) => {
        const settings = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
        for (const block of args.resources.filter((r) => r.type === TYPES.bucketPublicAccessBlock || r.type === TYPES.accountPublicAccessBlock)) {
            const off = settings.filter((k) => knownOr(() => block.props[k], true) !== true);
            if (off.length > 0) {
                reportViolation(`public access block "${block.name}" leaves ${off.join(", ")} off; set all four to true`, block.urn);
            }
        }
        for (const bucket of args.resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            if (configuring(bucket, args.resources, TYPES.bucketPublicAccessBlock).length === 0) {
                reportViolation(`bucket "${bucket.name}" has no aws.s3.BucketPublicAccessBlock; a later policy or ACL could make it public`, bucket.urn);
            }
        }
    },
};

export const bucketAclsDisabled: StackValidationPolicy = {
    name: "s3-bucket-acls-disabled",
    description: "Every S3 bucket enforces bucket-owner object ownership (ACLs disabled) and no ACL grants everyone or all AWS users (Security Hub S3.2, S3.3, S3.12; checkov CKV_AWS_20, CKV_AWS_57, CKV2_AWS_65).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Add aws.s3.BucketOwnershipControls with rule.objectOwnership \"BucketOwnerEnforced\" and remove every bucket ACL; grant access with the bucket policy.",
    validateStack: (args, reportViolation) => {
        for (const r of args.resources) {
            if ([TYPES.bucketAcl, TYPES.bucketAclV2, ...BUCKET_TYPES].includes(r.type as never)) {
                const acl = String(knownOr(() => r.props.acl, "") ?? "");
                if (PUBLIC_CANNED_ACLS.includes(acl)) {
                    reportViolation(`${r.type.split(":").pop()} "${r.name}" sets canned ACL ${acl}, which opens the bucket to everyone`, r.urn);
                }
                const grants = knownOr(() => [...(r.props.accessControlPolicy?.grants ?? []), ...(r.props.grants ?? [])], []) as any[];
                const publicGrants = grants.filter((g) => PUBLIC_GRANTEE_URIS.includes(g?.grantee?.uri ?? g?.uri ?? ""));
                if (publicGrants.length > 0) {
                    reportViolation(`${r.type.split(":").pop()} "${r.name}" grants ${publicGrants.map((g) => g.permission ?? g.permissions).join(", ")} to AllUsers/AuthenticatedUsers`, r.urn);
                }
            }
            if (r.type === TYPES.bucketOwnershipControls) {
                const ownership = knownOr(() => r.props.rule?.objectOwnership, "BucketOwnerEnforced");
                if (ownership !== "BucketOwnerEnforced") {
                    reportViolation(`ownership controls "${r.name}" set objectOwnership ${JSON.stringify(ownership)}, which keeps ACLs working; use BucketOwnerEnforced`, r.urn);
                }
            }
        }
        for (const bucket of args.resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            if (configuring(bucket, args.resources, TYPES.bucketOwnershipControls).length === 0) {
                reportViolation(`bucket "${bucket.name}" has no aws.s3.BucketOwnershipControls with BucketOwnerEnforced, so ACLs stay enabled`, bucket.urn);
            }
        }
    },
};

export const bucketTlsOnly: StackValidationPolicy = {
    name: "s3-bucket-tls-only",
    description: "Every S3 bucket's policy denies all requests that do not use TLS (Deny s3:* to \"*\" when aws:SecureTransport is false) (Security Hub S3.5; checkov CKV_AWS_379; cdk-nag AwsSolutions-S10).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Add to the bucket policy: { Effect: Deny, Principal: \"*\", Action: \"s3:*\", Resource: [bucket, bucket/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
    validateStack: (args, reportViolation) => {
        for (const bucket of args.resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            const documents = [...configuring(bucket, args.resources, TYPES.bucketPolicy).map((p) => knownOr(() => p.props.policy, undefined)), knownOr(() => bucket.props.policy, undefined)]
                .filter((d) => d !== undefined && d !== null && d !== "");
            const statements = documents.flatMap((d) => {
                try {
                    return parsePolicyDocument(d);
                } catch {
                    return [];
                }
            });
            if (!statements.some(deniesInsecureTransport)) {
                reportViolation(`bucket "${bucket.name}" accepts requests over plain HTTP: no bucket policy statement denies aws:SecureTransport false`, bucket.urn);
            }
        }
    },
};

export const storagePolicies = [bucketPublicAccessBlocked, bucketAclsDisabled, bucketTlsOnly];
