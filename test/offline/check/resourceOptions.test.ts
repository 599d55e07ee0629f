import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyResourceOptions, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as path from "path";
import { evaluatePolicies, loadPolicyConfig, resourceOptions } from "../../../offline/check/policyCheck";
import { durationSeconds } from "../../../offline/synth/mockRuntime";
import { synthesize, synthResource, SynthResult } from "../../../offline/synth/synthesize";
import { registeredOne, resolve, useMocks } from "../../helpers";

/** A component that protects itself; the SDK hands `protect` down to children that do not set it. */
class Keeper extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly loose: aws.sns.Topic;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Keeper", name, {}, opts);
        this.topic = new aws.sns.Topic(`${name}-kept`, {}, { parent: this, retainOnDelete: true });
        this.loose = new aws.sns.Topic(`${name}-loose`, {}, { parent: this, protect: false });
        this.registerOutputs({});
    }
}

/** A resource policy and a stack policy that record the `opts` each resource is judged with. */
function optionRecorders() {
    const seen = new Map<string, PolicyResourceOptions>();
    const stackSeen = new Map<string, PolicyResourceOptions>();
    const resourcePolicy: ResourceValidationPolicy = {
        name: "record-opts", description: "records opts", enforcementLevel: "advisory",
        validateResource: (args) => { seen.set(args.urn, args.opts); },
    };
    const stackPolicy: StackValidationPolicy = {
        name: "record-stack-opts", description: "records opts", enforcementLevel: "advisory",
        validateStack: (args) => { args.resources.forEach((r) => stackSeen.set(r.urn, r.opts)); },
    };
    return { seen, stackSeen, policies: [resourcePolicy, stackPolicy] };
}

/** The seven fields the engine sends an analyzer (AnalyzerResourceOptions); retainOnDelete is not one of them. */
const ENGINE_OPTION_KEYS = ["protect", "ignoreChanges", "aliases", "customTimeouts", "additionalSecretOutputs", "deleteBeforeReplace", "parent"];

describe("policy check: resource options as the engine hands them to policies", function () {
    this.timeout(120000);

    it("maps a recorded registration to PolicyResourceOptions; unset options take the protobuf defaults", () => {
        const base = { urn: "urn:pulumi:s::p::aws:sns/topic:Topic::t", type: "aws:sns/topic:Topic", name: "t", inputs: {} };
        assert.deepStrictEqual(resourceOptions({ ...base, options: {} }), {
            protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        });
        // A document written before options were recorded reads the same.
        assert.deepStrictEqual(resourceOptions(base), resourceOptions({ ...base, options: {} }));
        const full = resourceOptions({
            ...base, parent: "urn:pulumi:s::p::test:index:Keeper::k",
            options: {
                protect: true, retainOnDelete: true, ignoreChanges: ["tags"], aliases: ["urn:pulumi:s::p::aws:sns/topic:Topic::old"],
                deleteBeforeReplace: false, import: "arn:x", additionalSecretOutputs: ["arn"], customTimeouts: { createSeconds: 600, deleteSeconds: 90 },
            },
        });
        assert.deepStrictEqual(full, {
            protect: true, ignoreChanges: ["tags"], aliases: ["urn:pulumi:s::p::aws:sns/topic:Topic::old"], additionalSecretOutputs: ["arn"],
            customTimeouts: { createSeconds: 600, updateSeconds: 0, deleteSeconds: 90 }, deleteBeforeReplace: false,
            parent: "urn:pulumi:s::p::test:index:Keeper::k", retainOnDelete: true,
        });
        // The engine's fields, plus retainOnDelete (offline only, when the program set it); never import or the like.
        assert.ok(Object.keys(full).every((k) => [...ENGINE_OPTION_KEYS, "retainOnDelete"].includes(k)), Object.keys(full).join(", "));
        assert.ok(!("import" in full));
        assert.ok(!("retainOnDelete" in resourceOptions({ ...base, options: { protect: true } })), "absent when the program did not set it");
        assert.strictEqual(resourceOptions({ ...base, options: { retainOnDelete: false } }).retainOnDelete, false);
    });

    it("a component's protect reaches its children's opts.protect in resource and stack policies; an explicit false stays false", async () => {
        const mocks = await useMocks({ project: "sigma", stack: "test" });
        const keeper = new Keeper("vault", { protect: true });
        const plain = new aws.sns.Topic("plain", {}, {
            customTimeouts: { create: "1h30m", delete: "90s" }, additionalSecretOutputs: ["arn"], ignoreChanges: ["tags"],
        });
        await Promise.all([resolve(keeper.topic.arn), resolve(keeper.loose.arn), resolve(plain.arn)]);
        const urnOf = async (name: string) => (await registeredOne(mocks, "aws:sns/topic:Topic", name)).urn;
        const doc: SynthResult = { project: "sigma", stack: "test", outputs: {}, resources: [...mocks.resources.values()].map(synthResource) };
        const { seen, stackSeen, policies } = optionRecorders();
        await evaluatePolicies(doc, { policies });
        const kept = await urnOf("vault-kept");
        assert.strictEqual(seen.get(kept)?.protect, true);
        assert.strictEqual((seen.get(kept) as { retainOnDelete?: boolean }).retainOnDelete, true);
        assert.strictEqual(stackSeen.get(kept)?.protect, true);
        assert.strictEqual(seen.get(kept)?.parent, "urn:pulumi:test::sigma::test:index:Keeper::vault");
        assert.strictEqual(seen.get(await urnOf("vault-loose"))?.protect, false);
        const plainOpts = seen.get(await urnOf("plain"));
        assert.strictEqual(plainOpts?.protect, false);
        assert.deepStrictEqual(plainOpts?.customTimeouts, { createSeconds: 5400, updateSeconds: 0, deleteSeconds: 90 });
        assert.deepStrictEqual(plainOpts?.additionalSecretOutputs, ["arn"]);
        assert.deepStrictEqual(plainOpts?.ignoreChanges, ["tags"]);
        assert.strictEqual(plainOpts?.parent, undefined);
    });

    for (const [stack, expectVault] of [["prod", true], ["dev", false]] as const) {
        it(`${stack}: policies see exactly the resources the synth records as protected${expectVault ? ", the backup vault among them" : " (none)"}`, async () => {
            const synth = await synthesize({ stack });
            const { seen, policies } = optionRecorders();
            await evaluatePolicies(synth, { policies });
            const vaults = synth.resources.filter((r) => r.type === "aws:backup/vault:Vault");
            assert.ok(vaults.length > 0 || !expectVault, `${stack} has a vault`);
            for (const vault of vaults) {
                assert.strictEqual(seen.get(vault.urn)?.protect, expectVault, `${stack} ${vault.urn}`);
            }
            const protectedUrns = synth.resources.filter((r) => r.options?.protect === true).map((r) => r.urn).sort();
            assert.deepStrictEqual([...seen.entries()].filter(([, o]) => o.protect).map(([u]) => u).sort(), protectedUrns);
            if (!expectVault) {
                assert.deepStrictEqual(protectedUrns, []);
            }
        });
    }
});

describe("policy check: prod's protection judged from the synth's options by the real pack", function () {
    this.timeout(120000);
    let prod: SynthResult;
    let config: Record<string, any>;
    before(async () => {
        prod = await synthesize({ stack: "prod" });
        config = loadPolicyConfig(path.join(__dirname, "..", "..", "..", "policy", "config", "prod.json"));
    });
    const protectionFindings = async (doc: SynthResult) =>
        (await evaluatePolicies(doc, { config })).violations.filter((v) => v.policy === "resources-protected" && v.enforcementLevel === "mandatory");

    it("the shipped prod passes: its vault, keys, lock and data volumes are protected and retained", async () => {
        assert.deepStrictEqual(await protectionFindings(prod), []);
    });

    for (const [option, value, expected] of [["protect", false, /lacks protect/], ["protect", undefined, /lacks protect/], ["retainOnDelete", false, /lacks retainOnDelete/]] as const) {
        it(`a vault whose ${option} is ${String(value)} in the synth fails prod's check`, async () => {
            const doc: SynthResult = structuredClone(prod);
            const vault = doc.resources.find((r) => r.type === "aws:backup/vault:Vault")!;
            const options = { ...(vault.options ?? {}) } as Record<string, unknown>;
            if (value === undefined) {
                delete options[option];
            } else {
                options[option] = value;
            }
            vault.options = options;
            const findings = await protectionFindings(doc);
            assert.deepStrictEqual(findings.map((v) => v.urn), [vault.urn]);
            assert.match(findings[0].message, expected);
        });
    }
});

describe("synth: custom timeouts in seconds, as the engine parses them (Go time.ParseDuration)", () => {
    const rows: Array<[string, number | undefined]> = [
        ["90s", 90], ["5m", 300], ["1h30m", 5400], ["1.5h", 5400], ["0", 0], ["-5m", -300], ["+2s", 2], [".5s", 0.5], ["1.s", 1],
        ["250ms", 0.25], ["1h1m1s", 3661], ["10", undefined], ["5 m", undefined], ["1d", undefined], ["", undefined], ["m", undefined], ["1.2.3s", undefined],
    ];
    for (const [text, seconds] of rows) {
        it(`${JSON.stringify(text)} -> ${seconds}`, () => assert.strictEqual(durationSeconds(text), seconds));
    }
});
