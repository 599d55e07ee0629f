import * as assert from "assert";
import { backupKeyPolicy, KEY_DESTRUCTIVE_ACTIONS, VAULT_DESTRUCTIVE_ACTIONS, vaultAccessPolicy } from "../../../components";
import { exemptedPrincipals, protectionLines, protectionSummary } from "../../../offline/plan/protectionSummary";
import { SynthResource, SynthResult } from "../../../offline/synth/synthesize";

const SCOPE = { partition: "aws", account: "123456789012", region: "ap-southeast-1" };
const BREAK_GLASS = "arn:aws:iam::123456789012:role/sigma-break-glass";
const PARENT = "urn:pulumi:prod::sigma::sigma:backup:SigmaBackupVault::sigma";

function resource(type: string, name: string, inputs: Record<string, unknown>, options: SynthResource["options"] = {}): SynthResource {
    return { urn: `urn:pulumi:prod::sigma::${type}::${name}`, type, name, parent: PARENT, inputs, options };
}

/** A stack's backup resources as the synth records them, guarded (prod) or not (dev). */
function stack(guarded: boolean, lock: { changeableForDays?: number } | undefined): SynthResult {
    const keep = guarded ? { protect: true, retainOnDelete: true } : {};
    const resources = [
        resource("aws:kms/key:Key", "sigma-key", { policy: JSON.stringify(backupKeyPolicy(SCOPE, guarded ? BREAK_GLASS : undefined)) }, keep),
        resource("aws:backup/vault:Vault", "sigma-vault", { name: "SigmaBackupVault-prod" }, keep),
        resource("aws:ebs/volume:Volume", "sigma-db-data", {}, guarded ? { protect: true, retainOnDelete: true } : {}),
        resource("aws:ebs/volume:Volume", "sigma-app-1-data", {}, { retainOnDelete: true }),
        resource("aws:iam/role:Role", "sigma-backup-role", {}),
    ];
    if (guarded) {
        resources.push(resource("aws:backup/vaultPolicy:VaultPolicy", "sigma-vault-policy", { policy: JSON.stringify(vaultAccessPolicy(SCOPE, BREAK_GLASS)) }, keep));
    }
    if (lock !== undefined) {
        resources.push(resource("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "sigma-vault-lock", { minRetentionDays: 14, ...lock }, keep));
    }
    return { project: "sigma", stack: guarded ? "prod" : "dev", resources, outputs: {} };
}

describe("the plan's protection summary", () => {
    it("says what pulumi destroy refuses, leaves, and deletes, from each data-bearing resource's options only", () => {
        const summary = protectionSummary(stack(true, { changeableForDays: 7 }));
        assert.deepStrictEqual(summary.survival.map((s) => [s.resource, s.onDestroy]), [
            ["sigma-key", "refused (protect)"], ["sigma-vault", "refused (protect)"], ["sigma-db-data", "refused (protect)"],
            ["sigma-app-1-data", "left in AWS (retainOnDelete)"], ["sigma-vault-policy", "refused (protect)"], ["sigma-vault-lock", "refused (protect)"],
        ]);
        assert.deepStrictEqual(protectionSummary(stack(false, undefined)).survival.map((s) => s.onDestroy),
            ["deleted", "deleted", "deleted", "left in AWS (retainOnDelete)"]);
    });

    it("tells a compliance lock, immutable after its grace period, from a governance one", () => {
        const [compliance] = protectionSummary(stack(true, { changeableForDays: 7 })).locks;
        assert.deepStrictEqual([compliance.mode, compliance.changeableForDays, compliance.minRetentionDays], ["compliance", 7, 14]);
        assert.match(compliance.immutable, /^7 days after it is created; from then on nobody/);
        const [governance] = protectionSummary(stack(true, {})).locks;
        assert.deepStrictEqual([governance.mode, governance.changeableForDays], ["governance", undefined]);
        assert.deepStrictEqual(protectionSummary(stack(false, undefined)).locks, []);
    });

    it("derives who can destroy what by evaluating the vault and key policies: the deploy role and root are denied, break-glass is not", () => {
        const { access } = protectionSummary(stack(true, { changeableForDays: 7 }));
        const line = (resource: string, role: string) => access.find((a) => a.resource === resource && a.role.startsWith(role))!;
        assert.deepStrictEqual(access.map((a) => [a.resource, a.role.split(" ")[0]]), [
            ["sigma-vault", "deploy"], ["sigma-vault", "account"], ["sigma-vault", "break-glass"],
            ["sigma-key", "deploy"], ["sigma-key", "account"], ["sigma-key", "break-glass"],
        ]);
        assert.strictEqual(line("sigma-vault", "deploy").principal, "arn:aws:iam::123456789012:role/sigma-deploy");
        assert.deepStrictEqual([line("sigma-vault", "deploy").denied, line("sigma-vault", "account").denied], [[...VAULT_DESTRUCTIVE_ACTIONS], [...VAULT_DESTRUCTIVE_ACTIONS]]);
        assert.deepStrictEqual([line("sigma-vault", "break-glass").denied, line("sigma-vault", "break-glass").allowedIfIamAllows], [[], [...VAULT_DESTRUCTIVE_ACTIONS]]);
        assert.deepStrictEqual(line("sigma-key", "deploy").denied, [...KEY_DESTRUCTIVE_ACTIONS]);
        assert.deepStrictEqual([line("sigma-key", "break-glass").principal, line("sigma-key", "break-glass").denied], [BREAK_GLASS, []]);
        const text = protectionLines(protectionSummary(stack(true, { changeableForDays: 7 }))).join("\n");
        assert.match(text, /sigma-vault: deploy role .*: denied all 10 destructive actions/);
        assert.match(text, /sigma-key: break-glass arn:aws:iam::123456789012:role\/sigma-break-glass: may all 4 destructive actions .* if its IAM policy allows/);
        assert.match(text, /vault lock sigma-vault-lock: compliance mode, minimum retention 14 days; immutable 7 days after it is created/);
    });

    it("without policies, leaves every destruction to IAM and says there is no lock", () => {
        const summary = protectionSummary(stack(false, undefined));
        assert.ok(summary.access.length > 0 && summary.access.every((a) => a.denied.length === 0 && a.role !== "break-glass"));
        assert.match(protectionLines(summary).join("\n"), /vault lock: none; anyone allowed by IAM can delete recovery points/);
    });

    it("reads the break-glass roles a policy exempts, not AWS Backup's service-linked role", () => {
        assert.deepStrictEqual(exemptedPrincipals(vaultAccessPolicy(SCOPE, BREAK_GLASS) as never), [BREAK_GLASS]);
        assert.deepStrictEqual(exemptedPrincipals(backupKeyPolicy(SCOPE, BREAK_GLASS) as never), [BREAK_GLASS]);
        assert.deepStrictEqual(exemptedPrincipals(backupKeyPolicy(SCOPE) as never), []);
    });
});
