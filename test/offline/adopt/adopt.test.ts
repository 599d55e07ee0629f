import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OFFLINE_USAGE } from "../../../offline/cli";
import { planAdoption } from "../../../offline/adopt/adoptionPlan";
import { main } from "../../../offline/adopt/cli";
import { readStackResources, StackResource } from "../../../offline/adopt/describeStackResources";
import { buildImportFile, importedUrns, providerUrnOf, PulumiImportFile } from "../../../offline/adopt/importFile";
import { IMPORT_ID_FORMATS, importIdFor } from "../../../offline/adopt/importIds";
import { synthesize, SynthResult } from "../../../offline/synth/synthesize";
import { bufferedIo, ROOT } from "../tempProject";

const FIXTURES = path.join(ROOT, "test", "fixtures", "cloudformation");
const FIXTURE_FILES = ["sigma-app-stack.json", "sigma-backup-stack.json", "sigma-recover-stack.json"].map((f) => path.join(FIXTURES, f));
const fixtureResources = (): StackResource[] => FIXTURE_FILES.flatMap((f) => readStackResources(f, fs.readFileSync(f, "utf8")).resources);
const stackResourcesArgs = FIXTURE_FILES.flatMap((f) => ["--stack-resources", f]);

/** Every entry lands, by the URN pulumi import computes, on a synth resource of the same type and name. */
function assertEntriesInSynth(file: PulumiImportFile, synth: SynthResult): void {
    const { urns, problems } = importedUrns(file, synth.stack, synth.project);
    assert.deepStrictEqual(problems, []);
    file.resources.forEach((entry, i) => {
        const resource = synth.resources.find((r) => r.urn === urns[i]);
        assert.ok(resource, `${urns[i]} is not in the synth of ${synth.stack}`);
        assert.strictEqual(resource.type, entry.type);
        assert.strictEqual(resource.name, entry.logicalName ?? entry.name);
    });
    for (const urn of Object.values(file.nameTable)) {
        assert.ok(synth.resources.some((r) => r.urn === urn), `nameTable ${urn} is not in the synth`);
    }
}

describe("adopt: vendor CloudFormation stacks onto a stack's synth", function () {
    this.timeout(120000);
    let dev: SynthResult;
    let dir: string;

    before(async () => {
        dev = await synthesize({ stack: "dev", projectDir: ROOT });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-adopt-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("dev: writes an import file whose every entry is in dev's synth, and the report with all four sections", async () => {
        const out = path.join(dir, "dev-import.json");
        const runbook = path.join(dir, "runbook.json");
        const io = bufferedIo();
        assert.strictEqual(await main(["dev", ...stackResourcesArgs, "--out", out, "--runbook", runbook], io), 0, io.stderr.text);
        const file = JSON.parse(fs.readFileSync(out, "utf8")) as PulumiImportFile;
        assertEntriesInSynth(file, dev);
        assert.deepStrictEqual(file.resources.map((r) => [r.type, r.name, r.id, r.parent, r.provider, r.component]), [
            ["sigma:compute:SigmaInstance", "sigma", undefined, undefined, undefined, true],
            ["aws:ec2/instance:Instance", "sigma-instance", "i-0a1b2c3d4e5f67890", "sigma", "aws", undefined],
        ]);
        assert.deepStrictEqual(file.nameTable, { aws: "urn:pulumi:dev::sigma::pulumi:providers:aws::aws" });
        const report = io.stdout.text;
        assert.match(report, /^Adopted \(1\): imported with pulumi import --file .*dev-import\.json --generate-code=false$/m);
        assert.match(report, /SigmaAppDbInstance \(AWS::EC2::Instance\) i-0a1b2c3d4e5f67890\n {4}-> urn:pulumi:dev::sigma::sigma:compute:SigmaInstance\$aws:ec2\/instance:Instance::sigma-instance/);
        assert.match(report, /check: .*rootBlockDevice\.encrypted=true/);
        assert.match(report, /^Replaced \(8\)/m);
        assert.match(report, /SigmaAppSecurityGroup [\s\S]*?why: the vendor's groups open SSH \(22\)/);
        assert.match(report, /SigmaBackupVault \(AWS::Backup::BackupVault\)[\s\S]*?why: the vendor vault "SigmaBackupVault" is encrypted with the AWS managed key .*governance-less/);
        assert.match(report, /BackupRole \(AWS::IAM::Role\)[\s\S]*?why: its name "SigmaBackup-BackupRole-Q2W3E4R5T6Y7" is fixed at creation .*autonames it/);
        assert.match(report, /EC2RestoreLambdaFunction[\s\S]*?the program names it "EC2RestoreLambdaFunction-dev"/);
        assert.match(report, /^Left in CloudFormation, not managed by this program \(2\):\n {2}SigmaRecover RestoreTrigger \(Custom::EC2Restore\)/m);
        assert.match(report, /RestoreLogGroup \(AWS::Logs::LogGroup\)[\s\S]*?unknown means no/);
        assert.match(report, /^Created new by pulumi up \(\d+\):\n(.|\n)*aws:ebs\/volume:Volume: sigma-data$/m);
        assert.doesNotMatch(report, /aws:ec2\/instance:Instance: sigma-instance/, "the adopted instance is not created new");
        assert.match(report, /SigmaDeployment: in its template set "DeletionPolicy: Retain" and "UpdateReplacePolicy: Retain" on SigmaAppDbInstance, then/);
        assert.match(report, /SigmaBackup: in its template set "DeletionPolicy: Retain" .* on SigmaBackupVault, then/);
        assert.match(report, /SigmaRecover: nothing to retain/);
        assert.strictEqual(JSON.parse(fs.readFileSync(runbook, "utf8")).schemaVersion, "2.2");
        assert.match(io.stderr.text, /^wrote 2 import entries to .* and the migration document to /);
    });

    it("prod: the instance lives in a subnet and under a root-volume key the stack creates, so it is replaced, not imported", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["prod", ...stackResourcesArgs], io), 0, io.stderr.text);
        const file = JSON.parse(io.stdout.text) as PulumiImportFile;
        const prod = await synthesize({ stack: "prod", projectDir: ROOT });
        assertEntriesInSynth(file, prod);
        assert.deepStrictEqual(file, { nameTable: {}, resources: [] });
        assert.match(io.stderr.text, /^Adopted \(0\)/m);
        assert.match(io.stderr.text, /SigmaAppDbInstance \(AWS::EC2::Instance\)[\s\S]*?replaced by .*::sigma-appdb-instance\n {4}why: the program derives subnetId \(from urn:pulumi:prod::sigma::sigma:network:SigmaNetwork\$awsx:ec2:Vpc::sigma-vpc\) and rootBlockDevice/);
    });

    it("a vendor resource whose name the program gives is adopted under its component, beside another component of the same name", () => {
        const resources = fixtureResources().map((r) => (r.LogicalResourceId === "EC2RestoreLambdaFunction" ? { ...r, PhysicalResourceId: "EC2RestoreLambdaFunction-dev" } : r));
        const plan = planAdoption(dev, resources);
        assertEntriesInSynth(plan.importFile, dev);
        assert.deepStrictEqual(plan.importFile.resources.map((r) => [r.type, r.name, r.logicalName, r.parent, r.id]), [
            ["sigma:compute:SigmaInstance", "sigma", undefined, undefined, undefined],
            ["aws:ec2/instance:Instance", "sigma-instance", undefined, "sigma", "i-0a1b2c3d4e5f67890"],
            ["sigma:restore:SigmaRestore", "sigmaSigmaRestore", "sigma", undefined, undefined],
            ["aws:lambda/function:Function", "sigma-restore-function", undefined, "sigmaSigmaRestore", "EC2RestoreLambdaFunction-dev"],
        ]);
        assert.ok(!plan.createdNew.some((r) => r.name === "sigma-restore-function"));
        const custom = dev.resources.filter((r) => !r.type.startsWith("sigma:") && !r.type.startsWith("pulumi:"));
        assert.deepStrictEqual(plan.createdNew.map((r) => r.urn).sort(),
            custom.filter((r) => !["sigma-instance", "sigma-restore-function"].includes(r.name)).map((r) => r.urn).sort());
        assert.strictEqual(plan.vendor.find((o) => o.logicalId === "EC2RestoreLambdaFunction")?.outcome, "adopted");
    });

    it("unknown means no: an unknown logical ID, an unsettled resource, a malformed id, a second instance and a missing target are left, each with why", () => {
        const [instance] = fixtureResources();
        const rows: [StackResource, RegExp][] = [
            [{ ...instance, LogicalResourceId: "OtherRole", ResourceType: "AWS::IAM::Role", PhysicalResourceId: "other" }, /AWS::IAM::Role OtherRole is no resource of the vendor templates/],
            [{ ...instance, ResourceStatus: "CREATE_IN_PROGRESS" }, /ResourceStatus is CREATE_IN_PROGRESS; only a resource in CREATE_COMPLETE/],
            [{ ...instance, PhysicalResourceId: undefined }, /has no PhysicalResourceId/],
            [{ ...instance, PhysicalResourceId: "instance-1" }, /cannot be imported as aws:ec2\/instance:Instance: "instance-1" is not the instance id/],
        ];
        for (const [resource, why] of rows) {
            const outcome = planAdoption(dev, [resource]).vendor[0];
            assert.strictEqual(outcome.outcome, "not-managed", JSON.stringify(resource));
            assert.match(outcome.notes.join("\n"), why);
        }
        const volume = planAdoption(dev, [{ ...instance, LogicalResourceId: "SigmaDataVolume", ResourceType: "AWS::EC2::Volume", PhysicalResourceId: "vol-0a1b2c3d4e5f67890" }]);
        assert.deepStrictEqual([volume.vendor[0].outcome, volume.vendor[0].targetUrns], ["replaced", ["urn:pulumi:dev::sigma::sigma:compute:SigmaInstance$aws:ebs/volume:Volume::sigma-data"]]);
        assert.match(volume.vendor[0].notes[0], /encryption and key are fixed at creation.*detach vol-0a1b2c3d4e5f67890 after the migration/);
        const twice = planAdoption(dev, [instance, { ...instance, LogicalResourceId: "SecondInstance", PhysicalResourceId: "i-0fedcba9876543210" }]);
        assert.deepStrictEqual(twice.vendor.map((o) => o.outcome), ["adopted", "not-managed"]);
        assert.match(twice.vendor[1].notes[0], /SigmaDeployment SigmaAppDbInstance \(i-0a1b2c3d4e5f67890\) is already adopted as/);
        assert.strictEqual(twice.importFile.resources.length, 2);
        const noInstance = { ...dev, resources: dev.resources.filter((r) => r.type !== "aws:ec2/instance:Instance") };
        const missing = planAdoption(noInstance, [instance]).vendor[0];
        assert.strictEqual(missing.outcome, "not-managed");
        assert.match(missing.notes[0], /does not have exactly one counterpart \(aws:ec2\/instance:Instance under sigma:compute:SigmaInstance: 0\)/);
    });

    it("importedUrns refuses an unresolvable parent or provider, a reused name, and an entry with both or neither of id and component", () => {
        const file: PulumiImportFile = {
            nameTable: {},
            resources: [
                { type: "a:b:C", name: "x", id: "1", parent: "nowhere" },
                { type: "a:b:C", name: "x", id: "2", provider: "p" },
                { type: "a:b:D", name: "y", id: "3", component: true },
                { type: "a:b:D", name: "z" },
            ],
        };
        const { problems } = importedUrns(file, "dev", "sigma");
        assert.deepStrictEqual(problems, [
            'name "x" is used by more than one entry',
            'the parent "nowhere" of "x" is neither an earlier entry nor in nameTable',
            'the provider "p" of "x" has no entry in nameTable',
            '"y" must have an id or be a component, not both or neither',
            '"z" must have an id or be a component, not both or neither',
        ]);
    });

    it("providers: a URN or a reference names the same provider; a default provider needs no nameTable entry", () => {
        const urn = "urn:pulumi:dev::sigma::pulumi:providers:aws::aws";
        assert.strictEqual(providerUrnOf(urn), urn);
        assert.strictEqual(providerUrnOf(`${urn}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`), urn);
        const instance = dev.resources.find((r) => r.type === "aws:ec2/instance:Instance")!;
        const withDefault = { ...instance, provider: "urn:pulumi:dev::sigma::pulumi:providers:aws::default_7_48_0::abc" };
        const file = buildImportFile([{ resource: withDefault, id: "i-0a1b2c3d4e5f67890" }], dev.resources);
        assert.deepStrictEqual(file.nameTable, {});
        assert.strictEqual(file.resources[1].provider, undefined);
    });

    it("import ids: each emitted type takes the provider's format, and a selection is planId|selectionId", () => {
        const plan = "2b5c8d3e-1f4a-4b6c-9d7e-0a1b2c3d4e5f";
        const rows: [string, string, string | undefined, boolean][] = [
            ["aws:ec2/instance:Instance", "i-0a1b2c3d4e5f67890", undefined, true],
            ["aws:ec2/instance:Instance", "i-0a1b2c3d", undefined, true],
            ["aws:ec2/instance:Instance", "i-0a1b2c3d4e", undefined, false],
            ["aws:ec2/securityGroup:SecurityGroup", "sg-0123456789abcdef0", undefined, true],
            ["aws:ec2/securityGroup:SecurityGroup", "default", undefined, false],
            ["aws:iam/role:Role", "SigmaBackup-BackupRole-Q2W3E4R5T6Y7", undefined, true],
            ["aws:iam/role:Role", "arn:aws:iam::123456789012:role/BackupRole", undefined, false],
            ["aws:backup/vault:Vault", "SigmaBackupVault", undefined, true],
            ["aws:backup/vault:Vault", "S", undefined, false],
            ["aws:backup/plan:Plan", plan, undefined, true],
            ["aws:backup/plan:Plan", "SigmaBackupPlan", undefined, false],
            ["aws:backup/selection:Selection", "7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b", plan, true],
            ["aws:backup/selection:Selection", "7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b", undefined, false],
            ["aws:lambda/function:Function", "EC2RestoreLambdaFunction-dev", undefined, true],
            ["aws:lambda/function:Function", "arn:aws:lambda:ap-southeast-1:123456789012:function:f", undefined, false],
            ["aws:s3/bucket:Bucket", "bucket", undefined, false],
        ];
        for (const [type, physical, planId, ok] of rows) {
            const result = importIdFor(type, physical, planId);
            assert.strictEqual("id" in result, ok, `${type} ${physical}: ${JSON.stringify(result)}`);
        }
        assert.deepStrictEqual(importIdFor("aws:backup/selection:Selection", "7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b", plan), { id: `${plan}|7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b` });
        assert.ok(IMPORT_ID_FORMATS.every((f) => f.source.startsWith("https://www.pulumi.com/registry/packages/aws/api-docs/")));
    });

    it("reads describe-stack-resources strictly: every problem at once, naming the file and the entry", () => {
        const rows: [string, RegExp][] = [
            ["{", /--stack-resources "f.json" is not JSON/],
            ["{\"Stacks\": []}", /has no "StackResources" list/],
            ["{\"StackResources\": []}", /lists no resources/],
            ["{\"StackResources\": [1]}", /StackResources\[0\] is not an object/],
            ["{\"StackResources\": [{\"StackName\": \"a\"}]}", /StackResources\[0\] lacks StackId, LogicalResourceId, ResourceType, ResourceStatus, Timestamp/],
        ];
        for (const [text, problem] of rows) {
            assert.match(readStackResources("f.json", text).problems.join("\n"), problem, text);
        }
        const [a] = fixtureResources();
        const mixed = readStackResources("f.json", JSON.stringify({ StackResources: [a, { ...a, StackId: "arn:other" }, { ...a, PhysicalResourceId: 5 }] }));
        assert.deepStrictEqual(mixed.problems.length, 2, mixed.problems.join("\n"));
        assert.match(mixed.problems.join("\n"), /StackResources\[2\] PhysicalResourceId 5 is not a string[\s\S]*mixes 2 stacks/);
        assert.strictEqual(readStackResources("f.json", fs.readFileSync(FIXTURE_FILES[2], "utf8")).resources.length, 4);
    });

    it("refuses bad arguments with exit 2, the argument, the value and an accepted form, before any synth", async () => {
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, "{\"Stacks\": []}");
        const rows: [string[], RegExp][] = [
            [["dev"], /no --stack-resources given; give one file per vendor stack, e\.g\. --stack-resources sigma-app-stack\.json/],
            [["dev", "--stack-resources", "/nonexistent-sigma-dir/a.json"], /--stack-resources "\/nonexistent-sigma-dir\/a\.json" does not exist; give an existing file/],
            [["dev", "--stack-resources", FIXTURE_FILES[0], "--stack-resources", FIXTURE_FILES[0]], /--stack-resources ".*sigma-app-stack\.json" given twice/],
            [["dev", "--stack-resources", bad], /--stack-resources ".*bad\.json" has no "StackResources" list/],
            [["dev", "--stack-resources", FIXTURE_FILES[0], "--out", "x.json", "--runbook", "./x.json"], /--out and --runbook both name "x\.json"; give two files/],
        ];
        for (const [argv, message] of rows) {
            const io = bufferedIo();
            assert.strictEqual(await main(argv, io), 2, argv.join(" "));
            assert.strictEqual(io.stdout.text, "");
            assert.match(io.stderr.text, message);
            assert.match(io.stderr.text, /\nusage: npm run adopt -- <target stack> --stack-resources FILE/);
        }
        const copy = path.join(dir, "copy.json");
        fs.copyFileSync(FIXTURE_FILES[0], copy);
        const io = bufferedIo();
        assert.strictEqual(await main(["dev", "--stack-resources", FIXTURE_FILES[0], "--stack-resources", copy], io), 2);
        assert.match(io.stderr.text, /describes stack arn:aws:cloudformation:.*SigmaDeployment.* again \(already in ".*sigma-app-stack\.json"\); give each stack once/);
    });

    it("the bin, spawned: sigma-offline adopt dev prints the import JSON on stdout and the report on stderr", () => {
        const run = spawnSync(process.execPath, [path.join(ROOT, "offline", "sigma-offline.js"), "adopt", "dev", ...stackResourcesArgs], { cwd: ROOT, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(JSON.parse(run.stdout).resources[1].id, "i-0a1b2c3d4e5f67890");
        assert.match(run.stderr, /^Adopting 11 vendor CloudFormation resources into stack "dev"/);
        assert.match(OFFLINE_USAGE, /sigma-offline adopt .*same arguments as npm run adopt -- <target stack> --stack-resources FILE/);
    });
});
