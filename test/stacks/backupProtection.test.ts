import * as assert from "assert";
import { synthesize, SynthResource, SynthResult } from "../../offline/synth/synthesize";

const synths = new Map<string, SynthResult>();
const resources = (stack: string, type: string) => synths.get(stack)!.resources.filter((r) => r.type === type);
const one = (stack: string, type: string, name: string): SynthResource => {
    const found = resources(stack, type).filter((r) => r.name === name);
    assert.strictEqual(found.length, 1, `one ${type} ${name} in ${stack}`);
    return found[0];
};
const kept = (r: SynthResource) => [r.options?.protect ?? false, r.options?.retainOnDelete ?? false];

describe("backups no one can destroy: the stacks", () => {
    before(async function () {
        this.timeout(600000);
        for (const stack of ["dev", "prod", "dr"]) {
            synths.set(stack, await synthesize({ stack }));
        }
    });

    for (const [stack, vault, minimum] of [["prod", "sigma", 14], ["dr", "sigma-dr", 30]] as const) {
        it(`${stack}: the vault lock is compliance mode with the 7-day grace period, at the retention its copies or backups have`, () => {
            const lock = one(stack, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", `${vault}-vault-lock`);
            assert.deepStrictEqual([lock.inputs.changeableForDays, lock.inputs.minRetentionDays], [7, minimum]);
        });

        it(`${stack}: vault, lock, access policy and keys are protected and survive pulumi destroy`, () => {
            for (const [type, name] of [
                ["aws:backup/vault:Vault", `${vault}-vault`],
                ["aws:backup/vaultLockConfiguration:VaultLockConfiguration", `${vault}-vault-lock`],
                ["aws:backup/vaultPolicy:VaultPolicy", `${vault}-vault-policy`],
                ["aws:kms/key:Key", `${vault}-key`],
                ["aws:kms/key:Key", "sigma-ebs-key"],
            ]) {
                assert.deepStrictEqual(kept(one(stack, type, name)), [true, true], `${stack} ${name}`);
            }
        });

        it(`${stack}: the stack's EBS key is one the restore role may use`, () => {
            const key = one(stack, "aws:kms/key:Key", "sigma-ebs-key");
            const restorePolicies = resources(stack, "aws:iam/rolePolicy:RolePolicy").filter((r) => /restore-role/.test(r.name));
            assert.ok(restorePolicies.length > 0, `${stack} has restore role policies`);
            const keyArn = keyArnOf(stack, key);
            assert.ok(restorePolicies.some((r) => String(r.inputs.policy).includes(keyArn)), `${stack}: the restore role names ${keyArn}`);
        });
    }

    it("prod: every volume (roots and data) is encrypted with the stack's own EBS key", () => {
        const key = one("prod", "aws:kms/key:Key", "sigma-ebs-key");
        const keyArn = keyArnOf("prod", key);
        const instances = resources("prod", "aws:ec2/instance:Instance");
        const volumes = resources("prod", "aws:ebs/volume:Volume");
        assert.ok(instances.length >= 1 && volumes.length === instances.length);
        for (const instance of instances) {
            assert.strictEqual((instance.inputs.rootBlockDevice as Record<string, unknown>).kmsKeyId, keyArn, instance.name);
            assert.ok(instance.propertyDependencies?.rootBlockDevice?.includes(key.urn), `${instance.name} depends on the key`);
        }
        for (const volume of volumes) {
            assert.strictEqual(volume.inputs.kmsKeyId, keyArn, volume.name);
            assert.ok(volume.propertyDependencies?.kmsKeyId?.includes(key.urn), `${volume.name} depends on the key`);
        }
        const dbData = volumes.filter((v) => /db-data$/.test(v.name));
        assert.ok(dbData.length === 1, `one DB data volume in prod, found ${volumes.map((v) => v.name).join(", ")}`);
        assert.deepStrictEqual(kept(dbData[0]), [true, true], "the DB data volume survives destroy");
    });

    it("dev: no lock, no access policy, no stack key, nothing protected (the account's EBS default key)", () => {
        assert.strictEqual(resources("dev", "aws:backup/vaultLockConfiguration:VaultLockConfiguration").length, 0);
        assert.strictEqual(resources("dev", "aws:backup/vaultPolicy:VaultPolicy").length, 0);
        assert.deepStrictEqual(resources("dev", "aws:kms/key:Key").map((k) => k.name).filter((n) => n.includes("ebs")), []);
        for (const volume of resources("dev", "aws:ebs/volume:Volume")) {
            assert.strictEqual(volume.inputs.kmsKeyId, undefined, volume.name);
        }
        assert.deepStrictEqual(kept(one("dev", "aws:backup/vault:Vault", "sigma-vault")), [false, false]);
    });
});

/** The key's ARN as its users read it: `arn:aws:kms:<region>:<account>:key/<id>`, the id read from the alias that targets it. */
function keyArnOf(stack: string, key: SynthResource): string {
    const alias = resources(stack, "aws:kms/alias:Alias").find((a) => a.propertyDependencies?.targetKeyId?.includes(key.urn));
    assert.ok(alias, `${key.name} has an alias`);
    const region = stack === "dr" ? "ap-southeast-2" : "ap-southeast-1";
    return `arn:aws:kms:${region}:123456789012:key/${String(alias.inputs.targetKeyId)}`;
}
