import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies, PolicyConfigError } from "../../../offline/check/policyCheck";
import { resolvePolicyConfig } from "../../../offline/check/policyConfig";
import { allPolicies } from "../../../policy/policies";
import { fixtureSynth, fixtureUrn, goodInstance, STANDARD_TAGS } from "../../policy/policyFixtures";

const INSTANCE = "aws:ec2/instance:Instance";
const imdsV1 = fixtureSynth([{ type: INSTANCE, name: "instance", inputs: { ...goodInstance, metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1 }, rootBlockDevice: undefined } }]);

describe("policy check: enforcement levels", () => {
    it("mandatory violations count as mandatory", async () => {
        const report = await evaluatePolicies(imdsV1, { config: { all: "disabled", "ec2-imdsv2-required": "mandatory" } });
        assert.deepStrictEqual(report.violations.map((v) => [v.policy, v.enforcementLevel, v.severity, v.urn]),
            [["ec2-imdsv2-required", "mandatory", "high", fixtureUrn(INSTANCE, "instance")]]);
        assert.strictEqual(report.counts.mandatory, 1);
    });

    it("advisory violations are reported but not mandatory", async () => {
        const report = await evaluatePolicies(imdsV1, { config: { all: "disabled", "ec2-imdsv2-required": "advisory" } });
        assert.deepStrictEqual([report.counts.mandatory, report.counts.advisory], [0, 1]);
    });

    it("disabled policies are skipped and counted", async () => {
        const report = await evaluatePolicies(imdsV1, { config: { all: "disabled" } });
        assert.deepStrictEqual(report.violations, []);
        assert.strictEqual(report.counts.disabled, allPolicies.length);
    });

    it("remediate applies the fix before validation, so the fixed resource passes", async () => {
        const report = await evaluatePolicies(imdsV1, { config: { all: "disabled", "ec2-imdsv2-required": "remediate", "ebs-encrypted": "remediate" } });
        assert.deepStrictEqual(report.violations, []);
        assert.deepStrictEqual(report.remediations.map((r) => [r.policy, r.properties]),
            [["ec2-imdsv2-required", ["metadataOptions"]], ["ebs-encrypted", ["rootBlockDevice"]]]);
        assert.strictEqual(report.counts.remediate, 2);
    });

    it("a remediate-level policy whose validation still fails reports mandatory", async () => {
        const stubborn: ResourceValidationPolicy = {
            name: "stubborn", description: "d", severity: "medium", enforcementLevel: "remediate",
            remediateResource: () => undefined,
            validateResource: (_args, report) => report("still wrong"),
        };
        const report = await evaluatePolicies(imdsV1, { policies: [stubborn] });
        assert.deepStrictEqual(report.violations.map((v) => v.enforcementLevel), ["mandatory"]);
    });

    it("the policy's own level applies when the config does not name it, and 'all' overrides it", async () => {
        const own = resolvePolicyConfig(allPolicies, {});
        assert.strictEqual(own.get("ec2-detailed-monitoring")?.enforcementLevel, "advisory");
        const all = resolvePolicyConfig(allPolicies, { all: "mandatory", "ebs-encrypted": "remediate" });
        assert.strictEqual(all.get("ec2-detailed-monitoring")?.enforcementLevel, "mandatory");
        assert.strictEqual(all.get("ebs-encrypted")?.enforcementLevel, "remediate");
    });
});

describe("policy check: what policies receive", () => {
    const capture = (seen: any[]): ResourceValidationPolicy => ({
        name: "capture", description: "d", enforcementLevel: "advisory",
        configSchema: { properties: { limit: { type: "integer", default: 7 }, names: { type: "array", items: { type: "string" }, default: ["a"] } } },
        validateResource: (args) => {
            if (!args.isType(aws.ec2.Instance)) {
                args.notApplicable("instances only");
            }
            // props are @pulumi/policy's unknown-checking Proxy, as under the real analyzer; Node 22's deepStrictEqual
            // never equates a Proxy with a plain object, so the test compares a plain copy of what the policy reads.
            seen.push({ config: args.getConfig(), tagsAll: { ...args.props.tagsAll }, asType: args.asType(aws.ec2.Instance)?.instanceType,
                notVolume: args.asType(aws.ebs.Volume), region: args.provider?.props.region, name: args.name });
        },
    });

    it("getConfig gives schema defaults merged with the config file; isType/asType judge the type token; tagsAll merges default tags", async () => {
        const seen: any[] = [];
        const synth = fixtureSynth([
            { type: INSTANCE, name: "instance", inputs: { ...goodInstance, tags: { Name: "sigma", environment: "override" } } },
            { type: "aws:ebs/volume:Volume", name: "data", inputs: { encrypted: true } },
        ]);
        await evaluatePolicies(synth, { policies: [capture(seen)], config: { capture: { limit: 30 } } });
        assert.deepStrictEqual(seen, [{
            config: { limit: 30, names: ["a"] }, tagsAll: { ...STANDARD_TAGS, Name: "sigma", environment: "override" },
            asType: "t3.xlarge", notVolume: undefined, region: "ap-southeast-1", name: "instance",
        }]);
    });

    it("stack policies see every resource with parent, provider and property dependencies resolved", async () => {
        let resources: PolicyResource[] = [];
        const stackPolicy: StackValidationPolicy = {
            name: "stack", description: "d", enforcementLevel: "mandatory",
            validateStack: (args, report) => {
                resources = args.resources;
                report("stack-wide finding");
            },
        };
        const synth = fixtureSynth([
            { type: "sigma:compute:SigmaInstance", name: "sigma", inputs: {} },
            { type: INSTANCE, name: "instance", inputs: goodInstance, parent: "sigma" },
            { type: "aws:ebs/volume:Volume", name: "data", inputs: { encrypted: true }, parent: "sigma" },
            { type: "aws:ec2/volumeAttachment:VolumeAttachment", name: "attach", inputs: {}, parent: "sigma", deps: { instanceId: ["instance"], volumeId: ["data"] } },
        ]);
        const report = await evaluatePolicies(synth, { policies: [stackPolicy] });
        const attach = resources.find((r) => r.name === "attach") as PolicyResource;
        assert.strictEqual(attach.parent?.name, "sigma");
        assert.strictEqual(attach.parent?.type, "sigma:compute:SigmaInstance");
        assert.strictEqual(attach.propertyDependencies.instanceId[0].name, "instance");
        assert.strictEqual(attach.propertyDependencies.volumeId[0].props.encrypted, true);
        assert.strictEqual(attach.provider?.props.region, "ap-southeast-1");
        assert.ok(resources.some((r) => r.type === "pulumi:providers:aws"));
        assert.deepStrictEqual(report.violations.map((v) => [v.urn, v.message]), [["", "stack-wide finding"]]);
    });

    it("a policy that throws fails the check naming the policy and resource", async () => {
        const broken: ResourceValidationPolicy = { name: "broken", description: "d", validateResource: () => { throw new Error("boom"); } };
        await assert.rejects(evaluatePolicies(imdsV1, { policies: [broken] }), /policy broken failed on urn:pulumi:test::sigma::aws:ec2\/instance:Instance::instance: boom/);
    });
});

describe("policy check: config errors", () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        ["unknown policy name", { "no-such-policy": "mandatory" }, /no-such-policy "mandatory" names no policy of the pack; use "all" or one of: ec2-imdsv2-required/],
        ["bad enforcement level", { "ebs-encrypted": "strict" }, /ebs-encrypted enforcement level "strict" is not one of advisory, mandatory, remediate, disabled/],
        ["unknown setting", { "ec2-no-public-ip": { allowPublic: true } }, /ec2-no-public-ip.allowPublic true is not a setting of this policy; use one of allowPublicIp, .*waivers/],
        ["wrong type", { "backup-plan-retention": { minRetentionDays: "7" } }, /backup-plan-retention.minRetentionDays "7" must be of type integer/],
        ["below the minimum", { "backup-plan-retention": { minRetentionDays: 0 } }, /minRetentionDays 0 must be at least 1/],
        ["wrong item type", { "ec2-instance-type-allowed": { allowedInstanceTypes: ["t3.large", 5] } }, /allowedInstanceTypes\[1\] 5 must be of type string/],
        ["entry that is a list", { "required-tags": ["owner"] }, /required-tags \["owner"\] must be an enforcement level or an object of settings/],
    ];
    for (const [title, config, message] of cases) {
        it(`refuses ${title}`, async () => {
            await assert.rejects(evaluatePolicies(imdsV1, { config, configSource: "bad.json" }), (err: unknown) =>
                err instanceof PolicyConfigError && /^Invalid policy config bad.json/.test(err.message) && message.test(err.message));
        });
    }

    it("lists every problem at once", () => {
        assert.throws(() => resolvePolicyConfig(allPolicies, { nope: 1, all: "x" }), (err: unknown) => err instanceof PolicyConfigError && err.problems.length === 2);
    });
});
