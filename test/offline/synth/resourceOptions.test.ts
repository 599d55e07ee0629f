import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { aliasUrn } from "../../../offline/synth/mockRuntime";
import { synthesize, synthResource, SynthResult } from "../../../offline/synth/synthesize";
import { registeredOne, resolve, useMocks } from "../../helpers";

class Holder extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Holder", name, {}, opts);
        this.registerOutputs({});
    }
}

describe("synth document: resource options", function () {
    this.timeout(60000);

    it("records each option a program sets as the engine receives it, aliases as URNs, unset options omitted", async () => {
        const mocks = await useMocks({ project: "sigma", stack: "test" });
        const holder = new Holder("holder");
        const former = new aws.sns.Topic("former", {});
        const plain = new aws.sns.Topic("plain", {});
        const kept = new aws.sqs.Queue("kept", {}, {
            parent: holder,
            protect: true,
            retainOnDelete: true,
            ignoreChanges: ["tags", "delaySeconds"],
            deleteBeforeReplace: true,
            import: "https://sqs.ap-southeast-1.amazonaws.com/123456789012/kept",
            aliases: [
                { name: "old-kept" },
                { parent: undefined },
                { parent: former, type: "aws:sqs/queue:FormerQueue" },
                { stack: "legacy", project: "sigma-old" },
                "urn:pulumi:test::sigma::aws:sqs/queue:Queue::by-urn",
            ],
        });
        const unprotected = new aws.sns.Topic("unprotected", {}, { protect: false, deleteBeforeReplace: false });
        await Promise.all([resolve(plain.arn), resolve(kept.arn), resolve(unprotected.arn)]);

        const doc = (type: string, name: string) => registeredOne(mocks, type, name).then((r) => synthResource(mocks.resources.get(r.urn)!));
        const queue = await doc("aws:sqs/queue:Queue", "kept");
        assert.deepStrictEqual(queue.options, {
            protect: true,
            retainOnDelete: true,
            aliases: [
                "urn:pulumi:test::sigma::test:index:Holder$aws:sqs/queue:Queue::old-kept",
                "urn:pulumi:test::sigma::aws:sqs/queue:Queue::kept",
                "urn:pulumi:test::sigma::aws:sns/topic:Topic$aws:sqs/queue:FormerQueue::kept",
                "urn:pulumi:legacy::sigma-old::test:index:Holder$aws:sqs/queue:Queue::kept",
                "urn:pulumi:test::sigma::aws:sqs/queue:Queue::by-urn",
            ],
            ignoreChanges: ["tags", "delaySeconds"],
            deleteBeforeReplace: true,
            import: "https://sqs.ap-southeast-1.amazonaws.com/123456789012/kept",
        });
        assert.deepStrictEqual((await doc("aws:sns/topic:Topic", "plain")).options, {});
        assert.deepStrictEqual((await doc("aws:sns/topic:Topic", "unprotected")).options, { protect: false, deleteBeforeReplace: false });
        // The options sit beside the fields the document always had, which keep their shape.
        assert.deepStrictEqual(Object.keys(queue), ["urn", "type", "name", "parent", "provider", "inputs", "propertyDependencies", "dependencies", "options"]);
        assert.strictEqual(queue.parent, "urn:pulumi:test::sigma::test:index:Holder::holder");
    });

    it("resolves an alias spec as the engine does: defaults from the resource, noParent, a root-stack parent adds no prefix", () => {
        const self = { name: "vault", type: "aws:backup/vault:Vault", parent: "urn:pulumi:dev::sigma::sigma:backup:SigmaBackupVault::sigma", project: "sigma", stack: "dev" };
        assert.strictEqual(aliasUrn({ spec: {} }, self), "urn:pulumi:dev::sigma::sigma:backup:SigmaBackupVault$aws:backup/vault:Vault::vault");
        assert.strictEqual(aliasUrn({ spec: { noParent: true, name: "old" } }, self), "urn:pulumi:dev::sigma::aws:backup/vault:Vault::old");
        assert.strictEqual(aliasUrn({ spec: { parentUrn: "urn:pulumi:dev::sigma::sigma:backup:SigmaBackup::sigma" } }, self),
            "urn:pulumi:dev::sigma::sigma:backup:SigmaBackup$aws:backup/vault:Vault::vault");
        assert.strictEqual(aliasUrn({ spec: { parentUrn: "urn:pulumi:dev::sigma::a:b:C$d:e:F::inner" } }, self),
            "urn:pulumi:dev::sigma::a:b:C$d:e:F$aws:backup/vault:Vault::vault");
        assert.strictEqual(aliasUrn({ spec: { parentUrn: "urn:pulumi:dev::sigma::pulumi:pulumi:Stack::sigma-dev" } }, self),
            "urn:pulumi:dev::sigma::aws:backup/vault:Vault::vault");
        assert.strictEqual(aliasUrn({ urn: "urn:pulumi:dev::sigma::x:y:Z::given" }, self), "urn:pulumi:dev::sigma::x:y:Z::given");
    });

    describe("the shipped stacks", () => {
        let dev: SynthResult;
        let prod: SynthResult;
        before(async () => {
            dev = await synthesize({ stack: "dev" });
            prod = await synthesize({ stack: "prod" });
        });

        it("every resource carries an options object", () => {
            for (const r of [...dev.resources, ...prod.resources]) {
                assert.ok(r.options && typeof r.options === "object", r.urn);
            }
        });

        it("prod's backup vault is protected and retained on delete", () => {
            const vaults = prod.resources.filter((r) => r.type === "aws:backup/vault:Vault");
            assert.strictEqual(vaults.length, 1);
            assert.strictEqual(vaults[0].options?.protect, true);
            assert.strictEqual(vaults[0].options?.retainOnDelete, true);
        });

        it("dev protects nothing", () => {
            assert.deepStrictEqual(dev.resources.filter((r) => r.options?.protect === true).map((r) => r.urn), []);
        });

        it("every alias is a URN of the stack's project", () => {
            for (const r of [...dev.resources, ...prod.resources]) {
                for (const alias of r.options?.aliases ?? []) {
                    assert.match(alias, /^urn:pulumi:[^:]+::sigma::[^:].*::[^:]+$/, r.urn);
                }
            }
        });
    });
});
