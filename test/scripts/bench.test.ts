import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const bench = require("../../scripts/bench.js");

describe("scripts/bench.js: arguments", () => {
    it("takes --only startup, scale and cdk, and refuses any other part naming the accepted ones", () => {
        for (const only of ["startup", "scale", "cdk"]) {
            assert.strictEqual(bench.parseArgs(["--only", only]).only, only);
        }
        assert.throws(() => bench.parseArgs(["--only", "cdk-synth"]), /--only "cdk-synth" is not a part of the bench; use --only startup, --only scale or --only cdk/);
        assert.throws(() => bench.parseArgs(["--scale", "1"]), /--scale "1" must list at least two environment counts/);
    });

    it("the per-environment slope runs from the smallest to the largest count", () => {
        const per = bench.slope([{ n: 1, median: 1000, cpuMs: 900, rssMB: 150, resources: 57 }, { n: 10, median: 1900, cpuMs: 1800, rssMB: 168, resources: 561 }]);
        assert.deepStrictEqual(per, { ms: 100, cpuMs: 100, rssMB: 2, resources: 56 });
    });
});

describe("scripts/bench/cdkApp.js: the CDK side has the content issue 17 lists", function () {
    this.timeout(120000);
    let outdir: string;
    let templates: Array<{ Resources: Record<string, { Type: string; Properties?: any }> }>;

    before(() => {
        outdir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-bench-cdk-test-"));
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const cdk = require("aws-cdk-lib");
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { environmentStack } = require("../../scripts/bench/cdkApp.js");
        const app = new cdk.App({ outdir, analyticsReporting: false, builtinCloudFormationValidation: false });
        environmentStack(app, 0);
        environmentStack(app, 1);
        templates = app.synth({ skipValidation: true }).stacks.map((s: { template: unknown }) => s.template);
    });
    after(() => fs.rmSync(outdir, { recursive: true, force: true }));

    it("one stack per environment, each with the same resources", () => {
        const types = (t: typeof templates[number]) => Object.values(t.Resources).map((r) => r.Type).sort();
        assert.strictEqual(templates.length, 2);
        assert.deepStrictEqual(types(templates[0]), types(templates[1]));
    });

    it("an instance with IMDSv2 and an encrypted gp3 root, a separate encrypted data volume and its attachment", () => {
        const of = (type: string) => Object.values(templates[0].Resources).filter((r) => r.Type === type);
        const [instance] = of("AWS::EC2::Instance");
        assert.deepStrictEqual(instance.Properties.BlockDeviceMappings[0].Ebs, { Encrypted: true, VolumeSize: 50, VolumeType: "gp3" });
        assert.strictEqual(of("AWS::EC2::LaunchTemplate")[0].Properties.LaunchTemplateData.MetadataOptions.HttpTokens, "required");
        assert.deepStrictEqual([of("AWS::EC2::Volume")[0].Properties.Encrypted, of("AWS::EC2::Volume")[0].Properties.VolumeType], [true, "gp3"]);
        assert.strictEqual(of("AWS::EC2::VolumeAttachment").length, 1);
        for (const [type, count] of [["AWS::EC2::SecurityGroup", 2], ["AWS::IAM::InstanceProfile", 1], ["AWS::CloudWatch::Alarm", 1], ["AWS::KMS::Key", 1],
            ["AWS::Backup::BackupVault", 1], ["AWS::Backup::BackupPlan", 1], ["AWS::Backup::BackupSelection", 1], ["AWS::SNS::Topic", 1],
            ["AWS::Lambda::Function", 1], ["AWS::Events::Rule", 1]] as const) {
            assert.strictEqual(of(type).length, count, type);
        }
        assert.ok(of("AWS::IAM::Role").length >= 2, "the instance's role and the Lambda's role");
    });

    it("writes its cloud assembly only into the given folder", () => {
        assert.ok(fs.existsSync(path.join(outdir, "manifest.json")));
        assert.ok(!fs.existsSync(path.join(outdir, "validation-report.json")), "CDK's rules check is off");
    });
});
