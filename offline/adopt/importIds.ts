/**
 * The import id each Pulumi type this tool can emit takes, as the provider reads it (pulumi-aws is bridged from
 * terraform-provider-aws; each type's "Import" section on the Pulumi Registry gives the same format), and which
 * CloudFormation physical ID (what `Ref` returns) gives it.
 */
export interface ImportIdFormat {
    /** The Pulumi type token. */
    type: string;
    /** The CloudFormation type whose PhysicalResourceId is this id. */
    cloudFormationType: string;
    /** How the id is written, for messages. */
    form: string;
    pattern: RegExp;
    source: string;
}

export const IMPORT_ID_FORMATS: readonly ImportIdFormat[] = [
    {
        type: "aws:ec2/instance:Instance", cloudFormationType: "AWS::EC2::Instance", form: "the instance id, i-0123456789abcdef0",
        pattern: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/,
        // https://www.pulumi.com/registry/packages/aws/api-docs/ec2/instance/#import ; terraform-provider-aws website/docs/r/instance.html.markdown
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/instance/#import",
    },
    {
        type: "aws:ec2/securityGroup:SecurityGroup", cloudFormationType: "AWS::EC2::SecurityGroup", form: "the group id, sg-0123456789abcdef0",
        pattern: /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/,
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/#import",
    },
    {
        type: "aws:iam/role:Role", cloudFormationType: "AWS::IAM::Role", form: "the role name",
        // Role names: up to 64 of [\w+=,.@-] (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName).
        pattern: /^[\w+=,.@-]{1,64}$/,
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/iam/role/#import",
    },
    {
        type: "aws:backup/vault:Vault", cloudFormationType: "AWS::Backup::BackupVault", form: "the vault name",
        // BackupVaultName: 2-50 of [a-zA-Z0-9-_] (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html).
        pattern: /^[A-Za-z0-9_-]{2,50}$/,
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/backup/vault/#import",
    },
    {
        type: "aws:backup/plan:Plan", cloudFormationType: "AWS::Backup::BackupPlan", form: "the plan id (a UUID)",
        pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        // terraform-provider-aws internal/service/backup/plan.go: ImportStatePassthroughContext on the plan id.
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/backup/plan/#import",
    },
    {
        type: "aws:backup/selection:Selection", cloudFormationType: "AWS::Backup::BackupSelection", form: "planId|selectionId",
        pattern: /^[0-9a-f-]{36}\|[0-9a-f-]{36}$/,
        // terraform-provider-aws internal/service/backup/selection.go: the importer splits the id on "|" into plan id and selection id.
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/backup/selection/#import",
    },
    {
        type: "aws:lambda/function:Function", cloudFormationType: "AWS::Lambda::Function", form: "the function name",
        pattern: /^[A-Za-z0-9_-]{1,64}$/,
        source: "https://www.pulumi.com/registry/packages/aws/api-docs/lambda/function/#import",
    },
];

/** The import id of a vendor resource for the given Pulumi type, or the problem (unknown type, malformed id). */
export function importIdFor(type: string, physicalId: string, selectionPlanId?: string): { id: string } | { problem: string } {
    const format = IMPORT_ID_FORMATS.find((f) => f.type === type);
    if (!format) {
        return { problem: `no import id format is known for ${type}` };
    }
    const id = type === "aws:backup/selection:Selection" ? `${selectionPlanId ?? ""}|${physicalId}` : physicalId;
    if (!format.pattern.test(id)) {
        return { problem: `${JSON.stringify(id)} is not ${format.form} (${format.source})` };
    }
    return { id };
}
