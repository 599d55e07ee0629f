import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadConfig, mapConfigSource, parseConfig, StackConfig } from "../../stacks/config";
import { ebsKeyArns } from "../../stacks/backup";
import { SINGLE_AZ_CONFIG } from "./configFixture";

const KEY_ARN = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const base = SINGLE_AZ_CONFIG;

function parse(values: Record<string, string | undefined>, secretKeys: string[] = []): StackConfig {
    return parseConfig(mapConfigSource({ ...base, ...values }, { stack: "dev", secretKeys }));
}

function singleAz(values: Record<string, string | undefined> = {}) {
    const cfg = parse(values);
    assert.strictEqual(cfg.topology, "single-az");
    return cfg;
}

const resolve = <T>(output: pulumi.Output<T>) => new Promise<T>((done) => output.apply((value) => { done(value); return value; }));

describe("stack config", () => {
    it("applies the documented defaults", () => {
        const cfg = singleAz();
        assert.deepStrictEqual(
            [cfg.instance.instanceType, cfg.instance.dataVolumeGiB, cfg.adminCidrs, cfg.associatePublicIpAddress, cfg.instance.terminationProtection, cfg.environment, cfg.tags],
            ["t3.xlarge", 100, [], false, false, "dev", {}]);
        assert.deepStrictEqual(cfg.instance.ami, { amiId: "ami-0123456789abcdef0" });
    });

    it("reads every single-az key into the single-az type, under its component arg's name", () => {
        const cfg = singleAz({
            "sigma:instanceType": "r5.large", "sigma:keyName": "ops", "sigma:dataVolumeGiB": "200", "sigma:rootVolumeGiB": "40",
            "sigma:adminCidrs": JSON.stringify(["198.51.100.0/24"]), "sigma:topology": "single-az", "sigma:terminationProtection": "true",
            "sigma:associatePublicIpAddress": "true", "sigma:environment": "qa", "sigma:tags": JSON.stringify({ owner: "reporting" }),
            "sigma:kmsKeyArn": KEY_ARN,
        });
        assert.deepStrictEqual([cfg.vpcId, cfg.subnetIds, cfg.appCidrs, cfg.adminCidrs, cfg.associatePublicIpAddress, cfg.environment, cfg.tags, cfg.kmsKeyArn],
            ["vpc-0123456789abcdef0", ["subnet-0123456789abcdef0"], ["203.0.113.0/24"], ["198.51.100.0/24"], true, "qa", { owner: "reporting" }, KEY_ARN]);
        assert.deepStrictEqual(cfg.instance, {
            ami: { amiId: "ami-0123456789abcdef0" }, instanceType: "r5.large", keyName: "ops", dataVolumeGiB: 200, rootVolumeGiB: 40, terminationProtection: true,
        });
    });

    it("looks the AMI up by owner and name filter instead of an id", () => {
        const cfg = singleAz({ "sigma:amiId": undefined, "sigma:amiOwner": "aws-marketplace", "sigma:amiNameFilter": "sigma-app-db-*" });
        assert.deepStrictEqual(cfg.instance.ami, { amiOwner: "aws-marketplace", amiNameFilter: "sigma-app-db-*" });
    });

    it("treats an empty value as unset, as `pulumi config set sigma:x \"\"` leaves it", () => {
        assert.strictEqual(singleAz({ "sigma:keyName": "" }).instance.keyName, undefined);
    });

    it("accepts a project default of a key the topology does not read, but no other value", () => {
        const dr = { "sigma:topology": "dr-region", "aws:region": "ap-southeast-2", "sigma:amiId": undefined, "sigma:breakGlassRoleArn": "arn:aws:iam::123456789012:role/sigma-break-glass" };
        assert.strictEqual(parse({ ...dr, "sigma:instanceType": "t3.xlarge", "sigma:dataVolumeGiB": "100" }).topology, "dr-region");
        assert.throws(() => parse({ ...dr, "sigma:instanceType": "r5.large" }),
            (err: ConfigError) => err.problems.some((p) => p.startsWith('sigma:instanceType "r5.large" is not used by the dr-region topology')));
    });

    it("refuses every old key name with its new name", () => {
        for (const [old, renamed] of [["sigma:assignPublicIp", "sigma:associatePublicIpAddress"], ["sigma:azCount", "sigma:availabilityZoneCount"],
            ["sigma:vpcCidr", "sigma:vpcCidrBlock"], ["sigma:natGateways", "sigma:natGatewayStrategy"], ["sigma:vpcEndpoints", "sigma:sessionManagerEndpoints"]]) {
            assert.throws(() => parse({ [old]: "x" }), (err: ConfigError) => err.problems.some((p) => p.startsWith(`${old} "x" is the old name of ${renamed}`)), old);
        }
        assert.throws(() => parse({ "sigma:restore": JSON.stringify({ instanceId: "i-0123456789abcdef0", restoreInstanceType: "t3.large" }) }),
            /sigma:restore\.restoreInstanceType "t3\.large" is the old name of sigma:restore\.instanceType/);
    });

    it("lists every problem at once, as ConfigError lines that a Pulumi run prints without a stack trace", () => {
        assert.throws(() => parse({ "sigma:instanceType": "t2.nano", "sigma:vpcId": undefined, "sigma:dataVolumeGiB": "1", "sigma:instancetype": "x" }),
            (err: unknown) => err instanceof ConfigError && pulumi.RunError.isInstance(err) && err.problems.length === 4);
    });

    describe("secrets", () => {
        it("hands a secret KMS key to the components as a secret", async () => {
            const cfg = parse({ "sigma:kmsKeyArn": KEY_ARN }, ["sigma:kmsKeyArn"]);
            assert.ok(pulumi.Output.isInstance(cfg.kmsKeyArn), "a secret Output");
            assert.strictEqual(await pulumi.isSecret(cfg.kmsKeyArn as pulumi.Output<string>), true);
            assert.strictEqual(await resolve(cfg.kmsKeyArn as pulumi.Output<string>), KEY_ARN);
            // The restore role is granted the key whatever form it takes: nothing is dropped.
            assert.deepStrictEqual(ebsKeyArns(cfg), [cfg.kmsKeyArn]);
        });

        it("accepts the offline synth's placeholder for a secret key without judging its shape", () => {
            assert.doesNotThrow(() => parse({ "sigma:kmsKeyArn": "[secret]" }, ["sigma:kmsKeyArn"]));
            assert.throws(() => parse({ "sigma:kmsKeyArn": "[secret]" }), /sigma:kmsKeyArn "\[secret\]" is not a KMS key ARN/);
        });

        it("checks a decrypted secret and never shows its value", () => {
            const alias = "arn:aws:kms:ap-southeast-1:123456789012:alias/sigma";
            assert.throws(() => parse({ "sigma:kmsKeyArn": alias }, ["sigma:kmsKeyArn"]), (err: ConfigError) =>
                err.problems.some((p) => p.startsWith("sigma:kmsKeyArn [secret] is a KMS alias")) && !err.message.includes("alias/sigma "));
        });
    });

    describe("loadConfig (the Pulumi runtime)", () => {
        afterEach(() => pulumi.runtime.setAllConfig({}, []));

        it("reads every key the runtime holds, so an unknown one is refused", () => {
            pulumi.runtime.setAllConfig({ ...base, "sigma:terminationprotection": "true", "aws:profile": "ops" }, []);
            assert.throws(() => loadConfig(), (err: ConfigError) =>
                err.problems.length === 1 && err.problems[0].includes("did you mean sigma:terminationProtection?"));
        });

        it("tells the runtime's secrets apart", async () => {
            pulumi.runtime.setAllConfig({ ...base, "sigma:kmsKeyArn": KEY_ARN }, ["sigma:kmsKeyArn"]);
            assert.strictEqual(await pulumi.isSecret(loadConfig().kmsKeyArn as pulumi.Output<string>), true);
        });

        it("reports what is missing when the stack has no config at all", () => {
            pulumi.runtime.setAllConfig({}, []);
            assert.throws(() => loadConfig(), (err: unknown) => err instanceof ConfigError
                && ["aws:region is not set", "sigma:vpcId is not set", "sigma:subnetIds is not set", "sigma:amiId is not set", "sigma:appCidrs is not set"]
                    .every((missing) => err.problems.some((p) => p.startsWith(missing))));
        });
    });
});
