import { SynthResource } from "../synth/synthesize";

/** The vendor's templates, as the product guide names them (/work/shared/seeds, "4.4 IAM Roles and Policies"). */
export type VendorTemplate = "SigmaApp_AMI_Launch.yaml" | "Sigma_Backup_Automation.yaml" | "Sigma_Recover_Automation.yaml";

/** Where a vendor resource lands in the target stack: a resource of `type` under a component of `componentType`. */
export interface TargetSelector {
    type: string;
    componentType: string;
    /** The end of the resource's name (names derive from the component's name, e.g. "sigma-backup-role"). */
    nameSuffix?: string;
}

/** What happens to one vendor resource. */
export type Disposition =
    | { kind: "adopt"; target: SynthResource; notes: string[] }
    | { kind: "replace"; targets: SynthResource[]; reason: string };

/** One resource of the vendor's templates this program has a counterpart for. */
export interface VendorResourceRule {
    template: VendorTemplate;
    /** The template's logical ID; undefined where the guide does not print it (the launch template, the selection): matched by type. */
    logicalId?: string;
    cloudFormationType: string;
    /** What the resource is, for the report. */
    description: string;
    targets: TargetSelector[];
    /** Given the target(s) found in the synth and the vendor's physical id: adopt, or replace and why. */
    decide(physicalId: string, targets: SynthResource[]): Disposition;
}

/** The resource names that force a new resource when changed (so an import under another name is a replacement). */
const FIXED_NAME_SOURCES: Record<string, string> = {
    // terraform-provider-aws internal/service/iam/role.go: "name" ForceNew (and autonamed when unset).
    "aws:iam/role:Role": "terraform-provider-aws internal/service/iam/role.go (name: ForceNew)",
    // terraform-provider-aws internal/service/lambda/function.go: "function_name" ForceNew.
    "aws:lambda/function:Function": "terraform-provider-aws internal/service/lambda/function.go (function_name: ForceNew)",
    // terraform-provider-aws internal/service/backup/plan.go: "name" Required, ForceNew.
    "aws:backup/plan:Plan": "terraform-provider-aws internal/service/backup/plan.go (name: ForceNew)",
    // terraform-provider-aws internal/service/backup/vault.go: "name" ForceNew.
    "aws:backup/vault:Vault": "terraform-provider-aws internal/service/backup/vault.go (name: ForceNew)",
};

const nameOf = (target: SynthResource) => (typeof target.inputs.name === "string" ? target.inputs.name : undefined);

/**
 * Adopt when the program gives the resource exactly the vendor's name; otherwise the first `pulumi up` after an import
 * would replace it (the name forces a new resource), so it is reported as replaced. An autonamed resource (no name in
 * the program) cannot be shown offline to keep the vendor's name: unknown means no.
 */
function adoptIfSameName(vendorName: string, targets: SynthResource[], notes: string[]): Disposition {
    const [target] = targets;
    const programName = nameOf(target);
    if (programName === vendorName) {
        return { kind: "adopt", target, notes };
    }
    const named = programName === undefined ? `autonames it (${target.name}-<random suffix>)` : `names it ${JSON.stringify(programName)}`;
    return {
        kind: "replace", targets,
        reason: `its name ${JSON.stringify(vendorName)} is fixed at creation (${FIXED_NAME_SOURCES[target.type]}) and the program ${named}, so an import would be replaced on the first pulumi up; the program creates its own`,
    };
}

/** The instance's inputs that force a new instance: they must equal the vendor instance's for the import to hold. */
export const INSTANCE_FORCE_NEW_INPUTS = ["ami", "subnetId", "availabilityZone", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId"];

function valueAt(inputs: Record<string, unknown>, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), inputs);
}

/** Adopting the instance: what must hold for the import to survive the first pulumi up. */
function adoptInstance(target: SynthResource): Disposition {
    return {
        kind: "adopt", target,
        notes: [
            `the program's inputs that force a new instance must equal the vendor instance's, or the first full pulumi up replaces it: ${INSTANCE_FORCE_NEW_INPUTS
                .map((k) => `${k}=${JSON.stringify(valueAt(target.inputs, k) ?? "(unset)")}`).join(", ")} (compare: aws ec2 describe-instances --instance-ids <id>)`,
            "MySQL stays on the root volume until the migration document (adopt --runbook) has moved /var/lib/mysql onto the program's encrypted data volume; run it before any full pulumi up (an unencrypted root volume forces a new instance)",
        ],
    };
}

/** The vendor resources this program has a counterpart for, by template and logical ID (or type, for the launch template). */
export const VENDOR_RESOURCE_RULES: readonly VendorResourceRule[] = [
    {
        template: "SigmaApp_AMI_Launch.yaml", cloudFormationType: "AWS::EC2::Instance",
        description: "the APP&DB instance (Tomcat and MySQL, MySQL on its root volume)",
        targets: [{ type: "aws:ec2/instance:Instance", componentType: "sigma:compute:SigmaInstance" }],
        decide: (_physicalId, targets) => {
            const [target] = targets;
            const fromStack = INSTANCE_FORCE_NEW_INPUTS.map((k) => k.split(".")[0])
                .filter((k, i, all) => all.indexOf(k) === i && (target.propertyDependencies?.[k] ?? []).length > 0);
            if (fromStack.length > 0) {
                return {
                    kind: "replace", targets,
                    reason: `the program derives ${fromStack.map((k) => `${k} (from ${target.propertyDependencies?.[k]?.join(", ")})`).join(" and ")} from resources this stack creates, which the vendor instance cannot already use; each forces a new instance (terraform-provider-aws internal/service/ec2/ec2_instance.go: ForceNew), so an import would be replaced on the first pulumi up. Move the data instead: docs/adopt.md, "When the instance cannot be adopted"`,
                };
            }
            return adoptInstance(target);
        },
    },
    {
        template: "SigmaApp_AMI_Launch.yaml", cloudFormationType: "AWS::EC2::SecurityGroup",
        description: "a security group of the APP&DB instance (the guide: SSH 22, HTTP 8080, MySQL 3306)",
        targets: [
            { type: "aws:ec2/securityGroup:SecurityGroup", componentType: "sigma:network:SigmaSecurityGroups", nameSuffix: "-app" },
            { type: "aws:ec2/securityGroup:SecurityGroup", componentType: "sigma:network:SigmaSecurityGroups", nameSuffix: "-db" },
        ],
        decide: (_physicalId, targets) => ({
            kind: "replace", targets,
            // The guide (2.1 and 4.3): the groups allow SSH (22), HTTP (8080) and MySQL (3306). The program declares
            // rules as separate resources; an imported group's inline rules would stay, unmanaged (aws_security_group
            // leaves ingress it is not given alone: terraform-provider-aws website/docs/r/security_group.html.markdown).
            reason: "the vendor's groups open SSH (22), and 8080/3306 by CIDR (product guide 2.1, 4.3); an imported group keeps those inline rules, which the program (one resource per rule) would never remove; the program creates its own groups and the instance moves onto them in place (vpcSecurityGroupIds)",
        }),
    },
    {
        // The guide (6.1): the launch template provisions "Amazon EBS Volumes for storage"; a separate volume resource, if any.
        template: "SigmaApp_AMI_Launch.yaml", cloudFormationType: "AWS::EC2::Volume",
        description: "a volume of the APP&DB instance (not where MySQL lives: that is the root volume)",
        targets: [{ type: "aws:ebs/volume:Volume", componentType: "sigma:compute:SigmaInstance" }],
        decide: (physicalId, targets) => ({
            kind: "replace", targets,
            // encrypted and kms_key_id are create-only (terraform-provider-aws internal/service/ec2/ebs_volume.go: ForceNew).
            reason: `the guide leaves EBS encryption optional (4.8), a volume's encryption and key are fixed at creation, and the migration document needs the program's data volume blank and encrypted; detach ${physicalId} after the migration and keep it until the copy is verified`,
        }),
    },
    {
        template: "Sigma_Backup_Automation.yaml", logicalId: "BackupRole", cloudFormationType: "AWS::IAM::Role",
        description: "the role AWS Backup assumes",
        targets: [{ type: "aws:iam/role:Role", componentType: "sigma:backup:SigmaBackupPlan", nameSuffix: "-backup-role" }],
        decide: (physicalId, targets) => adoptIfSameName(physicalId, targets, []),
    },
    {
        template: "Sigma_Backup_Automation.yaml", logicalId: "SigmaBackupVault", cloudFormationType: "AWS::Backup::BackupVault",
        description: "the backup vault",
        targets: [{ type: "aws:backup/vault:Vault", componentType: "sigma:backup:SigmaBackupVault" }],
        decide: (physicalId, targets) => ({
            kind: "replace", targets,
            // A vault's key is fixed at creation (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html;
            // kms_key_arn ForceNew in terraform-provider-aws internal/service/backup/vault.go).
            reason: `the vendor vault ${JSON.stringify(physicalId)} is encrypted with the AWS managed key (product guide 4.5/4.8) and has no vault lock or access policy (governance-less); a vault's encryption key cannot be changed after it is created, so the program creates its own vault (customer managed key, lock, deny policy). Keep the old vault (DeletionPolicy: Retain) until its recovery points expire: a vault holding recovery points cannot be deleted`,
        }),
    },
    {
        template: "Sigma_Backup_Automation.yaml", logicalId: "SigmaBackupPlan", cloudFormationType: "AWS::Backup::BackupPlan",
        description: "the backup plan (named SigmaBackupPlan in the guide, 1.2)",
        targets: [{ type: "aws:backup/plan:Plan", componentType: "sigma:backup:SigmaBackupPlan" }],
        // describe-stack-resources gives the plan id, not its name: the guide's name is the vendor's.
        decide: (_physicalId, targets) => adoptIfSameName("SigmaBackupPlan", targets, []),
    },
    {
        // The guide does not print the selection's logical ID: the backup template's only selection, matched by type.
        template: "Sigma_Backup_Automation.yaml", cloudFormationType: "AWS::Backup::BackupSelection",
        description: "the backup plan's resource selection",
        targets: [{ type: "aws:backup/selection:Selection", componentType: "sigma:backup:SigmaBackupPlan" }],
        decide: (_physicalId, targets) => ({
            kind: "replace", targets,
            // terraform-provider-aws internal/service/backup/selection.go: every argument is ForceNew (AWS has no UpdateBackupSelection).
            reason: "a selection cannot be changed (every argument forces a new one; AWS Backup has no update for selections) and the program's selects by the sigma:stack tag under its own plan; CloudFormation deletes the vendor's with its plan",
        }),
    },
    {
        template: "Sigma_Recover_Automation.yaml", logicalId: "IAMRoleForRestore", cloudFormationType: "AWS::IAM::Role",
        description: "the restore function's role",
        targets: [{ type: "aws:iam/role:Role", componentType: "sigma:restore:SigmaRestore", nameSuffix: "-restore-function-role" }],
        decide: (physicalId, targets) => adoptIfSameName(physicalId, targets, []),
    },
    {
        template: "Sigma_Recover_Automation.yaml", logicalId: "EC2RestoreLambdaFunction", cloudFormationType: "AWS::Lambda::Function",
        description: "the restore function",
        targets: [{ type: "aws:lambda/function:Function", componentType: "sigma:restore:SigmaRestore", nameSuffix: "-restore-function" }],
        decide: (physicalId, targets) => adoptIfSameName(physicalId, targets, []),
    },
];

/** The rule for one vendor resource: by logical ID and type, else (launch template) by type alone; undefined when none. */
export function ruleFor(logicalId: string, cloudFormationType: string): VendorResourceRule | undefined {
    return VENDOR_RESOURCE_RULES.find((r) => r.logicalId === logicalId && r.cloudFormationType === cloudFormationType)
        ?? VENDOR_RESOURCE_RULES.find((r) => r.logicalId === undefined && r.cloudFormationType === cloudFormationType);
}

/** The type part of a URN's qualified type chain, parent last: urn:pulumi:s::p::a$b$c::name -> ["a", "b", "c"]. */
export function typeChainOf(urn: string): string[] {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts[2].split("$") : [];
}

/** The synth resources a selector names: the type, directly under a component of componentType, with the name's end. */
export function selectTargets(selector: TargetSelector, resources: readonly SynthResource[]): SynthResource[] {
    return resources.filter((r) => {
        const chain = typeChainOf(r.urn);
        return r.type === selector.type && chain[chain.length - 2] === selector.componentType
            && (selector.nameSuffix === undefined || r.name.endsWith(selector.nameSuffix));
    });
}
