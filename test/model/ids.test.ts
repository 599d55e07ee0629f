import * as assert from "assert";
import {
    acmCertificateRegion, ID_EXAMPLES, ID_SHAPES, IdKind, isId, isKmsAliasArn, isKmsKeyArn, isRecoveryPointArn, isStackName,
    KMS_KEY_ARN_EXAMPLE, parseArn, parseVaultArn, REGION,
} from "../../model/ids";

describe("model/ids: AWS id and ARN shapes", () => {
    it("every example matches its own shape and no other", () => {
        for (const kind of Object.keys(ID_SHAPES) as IdKind[]) {
            for (const other of Object.keys(ID_SHAPES) as IdKind[]) {
                assert.strictEqual(isId(other, ID_EXAMPLES[kind]), kind === other, `${ID_EXAMPLES[kind]} as ${other}`);
            }
        }
    });

    const idRows: Array<[IdKind, unknown, boolean]> = [
        ["subnet", "subnet-0123abcd", true],
        ["subnet", "subnet-0123456789abcdef0", true],
        ["subnet", "subnet-0123456789abcdef", false],
        ["subnet", "subnet-0123456789ABCDEF0", false],
        ["subnet", "subnet-0123abc", false],
        ["subnet", " subnet-0123abcd", false],
        ["subnet", "subnet-0123abcd\n", false],
        ["instance", "i-0123456789abcdef0", true],
        ["instance", "i-0123456789abcdef0x", false],
        ["vpc", undefined, false],
        ["vpc", 42, false],
        ["ami", "ami-00000000", true],
    ];
    for (const [kind, value, ok] of idRows) {
        it(`${kind} ${JSON.stringify(value)} is ${ok ? "" : "not "}an id`, () => assert.strictEqual(isId(kind, value), ok));
    }

    it("regions", () => {
        for (const region of ["ap-southeast-1", "us-gov-west-1", "eu-central-2", "us-isob-east-1"]) {
            assert.ok(REGION.test(region), region);
        }
        for (const region of ["ap-southeast", "AP-SOUTHEAST-1", "ap-southeast-10x", "apsoutheast1", ""]) {
            assert.ok(!REGION.test(region), region);
        }
    });

    it("parses ARNs into their parts, with an empty account for AMIs", () => {
        assert.deepStrictEqual(parseArn("arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0"),
            { partition: "aws", service: "ec2", region: "ap-southeast-1", account: "", resource: "image/ami-0123456789abcdef0" });
        assert.deepStrictEqual(parseArn("arn:aws-us-gov:iam::123456789012:role/x"),
            { partition: "aws-us-gov", service: "iam", region: "", account: "123456789012", resource: "role/x" });
        assert.strictEqual(parseArn("arn:aws:iam::12345678901:role/x"), undefined);
        assert.strictEqual(parseArn("arn:azure:iam::123456789012:role/x"), undefined);
        assert.strictEqual(parseArn({}), undefined);
    });

    const kmsRows: Array<[string, boolean, boolean]> = [
        [KMS_KEY_ARN_EXAMPLE, true, false],
        ["arn:aws:kms:ap-southeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", true, false],
        ["arn:aws:kms:ap-southeast-1:123456789012:alias/sigma", false, true],
        ["arn:aws:kms:ap-southeast-1:123456789012:alias/aws/ebs", false, true],
        ["arn:aws:kms:ap-southeast-1:123456789012:key/abc-123", false, false],
        ["arn:aws:kms:ap-southeast-1:123456789012:key/1234ABCD-12ab-34cd-56ef-1234567890ab", false, false],
        ["arn:aws:kms:ap-southeast-1::key/1234abcd-12ab-34cd-56ef-1234567890ab", false, false],
        ["arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", false, false],
        ["alias/sigma", false, false],
        ["1234abcd-12ab-34cd-56ef-1234567890ab", false, false],
        ["arn:aws:s3:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", false, false],
    ];
    for (const [arn, key, alias] of kmsRows) {
        it(`KMS ${arn}: key ${key}, alias ${alias}`, () => {
            assert.strictEqual(isKmsKeyArn(arn), key);
            assert.strictEqual(isKmsAliasArn(arn), alias);
        });
    }

    it("vault ARNs", () => {
        assert.deepStrictEqual(parseVaultArn("arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr"),
            { partition: "aws", region: "ap-southeast-2", account: "123456789012", name: "SigmaDrBackupVault-dr" });
        for (const bad of [
            "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:x",
            "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:a.b",
            "arn:aws:backup:ap-southeast-2:123456789012:backup-plan:abc",
            "arn:aws:backup::123456789012:backup-vault:SigmaVault",
            "arn:aws:s3:ap-southeast-2:123456789012:backup-vault:SigmaVault",
            `arn:aws:backup:ap-southeast-2:123456789012:backup-vault:${"v".repeat(51)}`,
        ]) {
            assert.strictEqual(parseVaultArn(bad), undefined, bad);
        }
    });

    it("recovery point ARNs: AMIs for EC2, recovery-point for the rest", () => {
        assert.ok(isRecoveryPointArn("arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0"));
        assert.ok(isRecoveryPointArn("arn:aws:backup:ap-southeast-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"));
        assert.ok(!isRecoveryPointArn("arn:aws:ec2:ap-southeast-1:123456789012:image/ami-0123456789abcdef0"));
        assert.ok(!isRecoveryPointArn("arn:aws:ec2:ap-southeast-1::snapshot/snap-0123456789abcdef0"));
        assert.ok(!isRecoveryPointArn("arn:aws:backup:ap-southeast-1::recovery-point:abc"));
        assert.ok(!isRecoveryPointArn("ami-0123456789abcdef0"));
    });

    it("ACM certificate ARNs give their region", () => {
        assert.strictEqual(acmCertificateRegion("arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef"), "ap-southeast-1");
        assert.strictEqual(acmCertificateRegion("arn:aws:acm:ap-southeast-1:123456789012:certificate/short"), undefined);
        assert.strictEqual(acmCertificateRegion("arn:aws:acm:ap-southeast-1::certificate/01234567-89ab-cdef-0123-456789abcdef"), undefined);
    });

    it("stack names are safe file-name parts", () => {
        for (const ok of ["dev", "prod", "dr", "team_a.dev-2"]) {
            assert.ok(isStackName(ok), ok);
        }
        for (const bad of ["", ".", "..", "../prod", "a/b", "dev prod", "dev\0", "x".repeat(101), 7]) {
            assert.ok(!isStackName(bad), JSON.stringify(bad));
        }
    });
});
