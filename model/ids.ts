/**
 * The shapes of AWS resource ids, names and ARNs the project reads or writes: one definition each, used by
 * config, components, the restore handler, the policy pack and the offline tools alike.
 */

// Resource ids: a prefix and 8 (older) or 17 hex digits.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html
const resourceId = (prefix: string) => new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`);

export const ID_SHAPES = {
    vpc: resourceId("vpc"),
    subnet: resourceId("subnet"),
    ami: resourceId("ami"),
    instance: resourceId("i"),
    securityGroup: resourceId("sg"),
    volume: resourceId("vol"),
} as const;

export type IdKind = keyof typeof ID_SHAPES;

/** Example of each id kind, for messages ("use the form ..."); each example matches its own shape. */
export const ID_EXAMPLES: Record<IdKind, string> = {
    vpc: "vpc-0123456789abcdef0",
    subnet: "subnet-0123456789abcdef0",
    ami: "ami-0123456789abcdef0",
    instance: "i-0123456789abcdef0",
    securityGroup: "sg-0123456789abcdef0",
    volume: "vol-0123456789abcdef0",
};

/** Whether `value` is an id of `kind` (e.g. `isId("subnet", "subnet-0123...")`). */
export function isId(kind: IdKind, value: unknown): value is string {
    return typeof value === "string" && ID_SHAPES[kind].test(value);
}

// Region codes: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

// ARN format arn:partition:service:region:account-id:resource
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

/** The parts of an ARN, or undefined when `value` is not one. */
export function parseArn(value: unknown): Arn | undefined {
    const m = typeof value === "string" ? ARN.exec(value) : null;
    return m ? { partition: m[1], service: m[2], region: m[3], account: m[4] ?? "", resource: m[5] } : undefined;
}

// KMS key ARNs vs alias ARNs: IAM policies can name a key only by its key ARN, and the EC2 provider reads
// kms_key_id back as the key ARN, so an alias there forces a replacement on every update.
// https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
// https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html (aliases not valid in Resource)
// terraform-provider-aws internal/service/ec2/ec2_instance.go root_block_device.kms_key_id (ForceNew)
const KMS_KEY_RESOURCE = /^key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS_RESOURCE = /^alias\/[A-Za-z0-9/_-]{1,250}$/;

/** A KMS key ARN (`arn:aws:kms:<region>:<account>:key/<uuid or mrk-id>`), never an alias. */
export function isKmsKeyArn(value: unknown): value is string {
    const arn = parseArn(value);
    return arn !== undefined && arn.service === "kms" && REGION.test(arn.region) && arn.account !== "" && KMS_KEY_RESOURCE.test(arn.resource);
}

/** A KMS alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`). */
export function isKmsAliasArn(value: unknown): value is string {
    const arn = parseArn(value);
    return arn !== undefined && arn.service === "kms" && arn.account !== "" && KMS_ALIAS_RESOURCE.test(arn.resource);
}

export const KMS_KEY_ARN_EXAMPLE = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

// ACM certificate ARNs: https://docs.aws.amazon.com/acm/latest/userguide/authen-overview.html#acm-resources-operations
export function acmCertificateRegion(value: unknown): string | undefined {
    const arn = parseArn(value);
    return arn && arn.service === "acm" && arn.account !== "" && /^certificate\/[0-9a-f-]{36}$/.test(arn.resource) ? arn.region : undefined;
}

// Backup vault names: 2-50 letters, digits, hyphens and underscores.
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html#API_CreateBackupVault_RequestSyntax
export const BACKUP_VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;
// Backup plan names: 1-50 letters, digits, hyphens, underscores and periods (BackupPlanName).
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html
export const BACKUP_PLAN_NAME = /^[A-Za-z0-9_.-]{1,50}$/;

/** The parts of a backup vault ARN (`arn:aws:backup:<region>:<account>:backup-vault:<name>`), or undefined. */
export function parseVaultArn(value: unknown): { partition: string; region: string; account: string; name: string } | undefined {
    const arn = parseArn(value);
    const name = arn?.resource.startsWith("backup-vault:") ? arn.resource.slice("backup-vault:".length) : undefined;
    if (!arn || arn.service !== "backup" || !REGION.test(arn.region) || arn.account === "" || name === undefined || !BACKUP_VAULT_NAME.test(name)) {
        return undefined;
    }
    return { partition: arn.partition, region: arn.region, account: arn.account, name };
}

// Recovery point ARNs: EC2 recovery points are AMIs (arn:aws:ec2:<region>::image/ami-...); other resource types
// have arn:aws:backup:<region>:<account>:recovery-point:<id>.
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RecoveryPointByBackupVault.html
export function isRecoveryPointArn(value: unknown): value is string {
    const arn = parseArn(value);
    if (!arn || !REGION.test(arn.region)) {
        return false;
    }
    return (arn.service === "ec2" && arn.account === "" && /^image\/ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(arn.resource))
        || (arn.service === "backup" && arn.account !== "" && /^recovery-point:[A-Za-z0-9-]+$/.test(arn.resource));
}

// Route 53 hosted zone ids: https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
// DNS names as Route 53 stores them (lower case, labels of 1-63, 253 in all): RFC 1035 section 2.3.4.
export const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// Key pair names: up to 255 ASCII characters. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateKeyPair.html
export const KEY_PAIR_NAME = /^[\x20-\x7e]{1,255}$/;
// Lambda function names: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
export const LAMBDA_FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
// SSM parameter names: https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
export const SSM_PARAMETER_PATH = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;
// Pulumi stack names: letters, digits, -, _ and ., optionally qualified as <org>/<project>/<stack>.
// https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
export const QUALIFIED_STACK_NAME = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;

/** A stack name safe to use in a file name (no path separators, not "." or ".."). */
export function isStackName(value: unknown): value is string {
    return typeof value === "string" && STACK_NAME.test(value) && value !== "." && value !== "..";
}
