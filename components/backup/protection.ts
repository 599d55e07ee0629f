import * as aws from "@pulumi/aws";
import { evaluatePolicies, IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import { AccountScope } from "../shared/accountScope";

/**
 * Who may destroy backups: the vault access policy and the key policies of the vault key and the stack's EBS key.
 * Every principal but a named break-glass role is denied the actions that delete recovery points or make them
 * unreadable; `pulumi up` keeps what it does to the key (create, tag, describe, rotate) through IAM.
 */

/**
 * AWS Backup actions that delete recovery points, shorten their life, or remove the vault's protection, each named
 * (vault access policies take no wildcard in Action). Sources:
 * - DeleteRecoveryPoint, UpdateRecoveryPointLifecycle, PutBackupVaultAccessPolicy: AWS Config's
 *   backup-recovery-point-manual-deletion-disabled rule requires a Deny of exactly these
 *   (https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-manual-deletion-disabled.html);
 * - DeleteBackupVault, DeleteBackupVaultAccessPolicy: the policy AWS puts on aws/efs/automatic-backup-vault;
 * - DeleteBackupVaultLockConfiguration, PutBackupVaultLockConfiguration: remove or weaken the lock while it is still
 *   changeable (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html);
 * - DeleteBackupVaultNotifications: silences the vault's COPY_JOB_FAILED route to the alarm topic;
 * - DisassociateRecoveryPoint, DisassociateRecoveryPointFromParent: delete a continuous or child recovery point
 *   (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DisassociateRecoveryPoint.html).
 * "Unlike other IAM-based policies, AWS Backup access policies don't support a wildcard in the Action key."
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html
 */
export const VAULT_DESTRUCTIVE_ACTIONS = [
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
    "backup:DisassociateRecoveryPoint",
    "backup:DisassociateRecoveryPointFromParent",
    "backup:DeleteBackupVault",
    "backup:DeleteBackupVaultAccessPolicy",
    "backup:DeleteBackupVaultLockConfiguration",
    "backup:DeleteBackupVaultNotifications",
    "backup:PutBackupVaultAccessPolicy",
    "backup:PutBackupVaultLockConfiguration",
] as const;

/**
 * KMS actions that make what a key encrypts unreadable or take the key from its owners:
 * ScheduleKeyDeletion ("deleting a KMS key is destructive and potentially dangerous ... you can no longer decrypt the
 * data", https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html), DisableKey (no cryptographic
 * operation until re-enabled, https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html), PutKeyPolicy
 * (replaces every permission on the key, https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html),
 * DeleteImportedKeyMaterial (for keys with imported material; the stack's keys have none, denied anyway).
 */
export const KEY_DESTRUCTIVE_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:DeleteImportedKeyMaterial"] as const;

/**
 * Key administration, no cryptography: what IAM principals of the account may be given by their IAM policies (the
 * deploy role's `pulumi up` creates, describes, tags, rotates and aliases the key; the provider reads policy, rotation
 * and tags back). The destructive ones are here too and taken away by the deny statement from all but break-glass.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMIN_ACTIONS = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:EnableKey", "kms:EnableKeyRotation",
    "kms:DisableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants",
    "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:RevokeGrant", "kms:RotateKeyOnDemand",
    "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
    ...KEY_DESTRUCTIVE_ACTIONS,
];

/**
 * What EBS encryption needs of a key, used by EC2 on the caller's behalf: CreateGrant, Decrypt, DescribeKey,
 * GenerateDataKeyWithoutPlaintext, ReEncrypt*.
 * https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html#ebs-encryption-permissions
 * AWS Backup encrypting a vault's recovery points adds Encrypt and GenerateDataKey
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html).
 */
export const KEY_USER_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom", "kms:ReEncryptTo"];

/**
 * AWS Backup's service-linked role (AWSServiceRoleForBackup): AWS Backup uses it itself, e.g. to finish deleting
 * recovery points ("EXPIRED recovery points can be deleted ... once the IAM role has iam:CreateServiceLinkedRole",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteRecoveryPoint.html); only backup.amazonaws.com can
 * assume it (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html),
 * so exempting it from the vault's deny lets lifecycle deletion complete without giving a person anything.
 */
export function backupServiceLinkedRoleArn(partition: string, account: string): string {
    return `arn:${partition}:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

const rootOf = (scope: AccountScope) => `arn:${scope.partition}:iam::${scope.account}:root`;

/**
 * The vault access policy: every principal (the account root included: an explicit Deny in a resource policy binds
 * it) except the break-glass role and AWS Backup's own service-linked role is denied VAULT_DESTRUCTIVE_ACTIONS.
 * `aws:PrincipalArn` is the role's ARN for an assumed-role session, and ArnNotEquals is the operator for ARN values
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 * Resource "*" in a vault access policy is the vault and its recovery points. It grants nothing: IAM still decides.
 */
export function vaultAccessPolicy(scope: AccountScope, breakGlassRoleArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "OnlyBreakGlassDestroysRecoveryPoints",
            Effect: "Deny",
            Principal: "*",
            Action: [...VAULT_DESTRUCTIVE_ACTIONS],
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": [breakGlassRoleArn, backupServiceLinkedRoleArn(scope.partition, scope.account)] } },
        }],
    };
}

/** Who uses a key, and through which services (kms:ViaService values). */
export interface KeyUse {
    /** Services whose calls on the account's behalf may use the key, e.g. `ec2.ap-southeast-1.amazonaws.com`. */
    viaServices: string[];
}

/**
 * A key policy that separates administrators from users (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html):
 * - KeyAdministration: the account root, so IAM policies decide which principals administer the key (no cryptography);
 *   this statement is what keeps the key manageable (the "allows access to the AWS account and enables IAM policies"
 *   statement: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam);
 * - KeyUseThroughServices: cryptography only through the named services, for callers of this account;
 * - GrantsOnlyForAwsResources: grants only to AWS services integrated with KMS (EBS attaches volumes with grants);
 * - with a break-glass role, DenyKeyDestructionExceptBreakGlass takes KEY_DESTRUCTIVE_ACTIONS from every other
 *   principal, the root user and the deploy role included. The break-glass role still needs an IAM policy allowing
 *   them (the root statement delegates to IAM), so recreating the role with the same ARN restores access.
 */
export function sigmaKeyPolicy(scope: AccountScope, use: KeyUse, breakGlassRoleArn?: string): aws.iam.PolicyDocument {
    const root = rootOf(scope);
    const statements: aws.iam.PolicyStatement[] = [
        { Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
        {
            Sid: "KeyUseThroughServices",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: KEY_USER_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": scope.account, "kms:ViaService": use.viaServices } },
        },
        {
            Sid: "GrantsOnlyForAwsResources",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: ["kms:CreateGrant"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:CallerAccount": scope.account, "kms:ViaService": use.viaServices },
                Bool: { "kms:GrantIsForAWSResource": "true" },
            },
        },
    ];
    if (breakGlassRoleArn !== undefined) {
        statements.push({
            Sid: "DenyKeyDestructionExceptBreakGlass",
            Effect: "Deny",
            Principal: "*",
            Action: [...KEY_DESTRUCTIVE_ACTIONS],
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlassRoleArn } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The KMS lockout safety check refuses a policy that does not let the principal creating the key call PutKeyPolicy
 * later, unless BypassPolicyLockoutSafetyCheck is set; "use this parameter only when you intend to prevent the
 * principal that is making the request from making a subsequent PutKeyPolicy request"
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-BypassPolicyLockoutSafetyCheck).
 * That is the intent exactly when the policy denies PutKeyPolicy to all but break-glass, who keeps it.
 */
export function keyPolicyNeedsLockoutBypass(policy: IamPolicyDocument, deployPrincipalArn: string): boolean {
    return keyAccess(policy, deployPrincipalArn, "kms:PutKeyPolicy") === "denied";
}

/** What a policy says about one principal and action: denied outright, or left to the principal's IAM policies. */
export type ProtectionDecision = "denied" | "allowed-if-iam-allows" | "not-allowed";

function accountOf(principalArn: string): string | undefined {
    return principalArn.split(":")[4];
}

/**
 * A key policy's decision for `principalArn` (an IAM role or user ARN, or an account root). A statement naming the
 * account root applies to every principal of that account, subject to its IAM policies
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html); an explicit Deny wins.
 */
export function keyAccess(policy: IamPolicyDocument, principalArn: string, action: string, context: Record<string, string> = {}): ProtectionDecision {
    const request = { action, resource: "*", context: { "aws:PrincipalArn": principalArn, ...context } };
    if (evaluatePolicies([policy], { ...request, principal: { AWS: principalArn } }) === "explicit-deny") {
        return "denied";
    }
    const root = `arn:${principalArn.split(":")[1]}:iam::${accountOf(principalArn)}:root`;
    const direct = evaluatePolicies([policy], { ...request, principal: { AWS: principalArn } }) === "allow";
    const delegated = evaluatePolicies([policy], { ...request, principal: { AWS: root } }) === "allow";
    return direct || delegated ? "allowed-if-iam-allows" : "not-allowed";
}

/**
 * A vault access policy's decision for `principalArn` on a recovery point or the vault (`resource`): it only denies,
 * so anything it does not deny is left to IAM (same-account callers need an IAM allow).
 */
export function vaultAccess(policy: IamPolicyDocument, principalArn: string, action: string, resource: string): ProtectionDecision {
    const decision = evaluatePolicies([policy], { action, resource, principal: { AWS: principalArn }, context: { "aws:PrincipalArn": principalArn } });
    return decision === "explicit-deny" ? "denied" : "allowed-if-iam-allows";
}
