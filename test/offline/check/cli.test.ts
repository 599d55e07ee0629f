import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePolicies, loadPolicyConfig } from "../../../offline/check/policyCheck";
import { main, parsePolicyCheckArgs, UsageError } from "../../../offline/check/cli";
import { defaultConfigFile } from "../../../offline/check/policyConfig";
import { listStacks, synthesize, SynthResult } from "../../../offline/synth/synthesize";
import { bufferedIo, tempProject } from "../tempProject";

const ROOT = path.join(__dirname, "..", "..", "..");

/** The dev synth with three classic mistakes injected: IMDSv1, SSH open to the world and a "*" action. */
function withInjectedViolations(synth: SynthResult): SynthResult {
    const doc: SynthResult = JSON.parse(JSON.stringify(synth));
    const instance = doc.resources.find((r) => r.type === "aws:ec2/instance:Instance");
    const rolePolicy = doc.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
    const appRule = doc.resources.find((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.ok(instance && rolePolicy && appRule, "the dev stack has an instance, a role policy and an ingress rule");
    (instance.inputs.metadataOptions as Record<string, unknown>).httpTokens = "optional";
    rolePolicy.inputs.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    doc.resources.push({
        ...appRule, urn: appRule.urn.replace(/::[^:]+$/, "::sigma-app-ssh-world"), name: "sigma-app-ssh-world",
        inputs: { ...appRule.inputs, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0", description: "SSH from anywhere" },
    });
    return doc;
}

describe("policy check of the shipped stacks", function () {
    this.timeout(120000);
    const stacks = listStacks(ROOT);

    it("ships dev with its example config", () => {
        assert.ok(stacks.includes("dev"));
        assert.ok(defaultConfigFile("dev")?.endsWith(path.join("policy", "config", "dev.json")));
    });

    for (const stack of stacks) {
        it(`${stack} has zero mandatory violations under ${defaultConfigFile(stack) ? `policy/config/${stack}.json` : "the pack's defaults"}`, async () => {
            const configFile = defaultConfigFile(stack);
            const report = await evaluatePolicies(await synthesize({ stack }), { config: configFile ? loadPolicyConfig(configFile) : {} });
            const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory, [], JSON.stringify(mandatory, null, 1));
        });
    }
});

describe("policy check CLI", function () {
    this.timeout(120000);
    let dir: string;
    let clean: string;
    let injected: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-policy-"));
        const dev = await synthesize({ stack: "dev" });
        clean = path.join(dir, "dev.json");
        injected = path.join(dir, "dev-injected.json");
        fs.writeFileSync(clean, JSON.stringify(dev));
        fs.writeFileSync(injected, JSON.stringify(withInjectedViolations(dev)));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("passes the clean dev synth with exit 0", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["--from", clean], io), 0, io.stdout.text + io.stderr.text);
        assert.match(io.stdout.text, /config: policy\/config\/dev.json/);
        assert.match(io.stdout.text, /PASS: 0 mandatory/);
    });

    it("fails a synth with injected violations with exit 1, naming each policy and resource", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["--from", injected], io), 1, io.stdout.text + io.stderr.text);
        assert.match(io.stdout.text, /CRITICAL \(\d+\)\n(?:  .*\n)*?  \[mandatory\] iam-no-wildcard-action\n    urn:pulumi:dev::sigma::.*aws:iam\/rolePolicy:RolePolicy::[\w-]+\n    policy statement 0 allows every action/);
        assert.match(io.stdout.text, /\[mandatory\] security-group-no-world-ssh-mysql\n    urn:.*::sigma-app-ssh-world\n    the rule \(tcp port 22 from 0.0.0.0\/0\) opens SSH \(22\) to the whole internet/);
        // dev.json remediates IMDSv1 instead of failing on it.
        assert.match(io.stdout.text, /REMEDIATED \(1\)\n  ec2-imdsv2-required set metadataOptions on\n    urn:.*::sigma-instance/);
        assert.match(io.stdout.text, /FAIL: \d+ mandatory/);
    });

    it("fails IMDSv1 under the prod config, where nothing is remediated: exit 1, the JSON report on stdout", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["--from", injected, "--config", "policy/config/prod.json", "--json"], io), 1, io.stderr.text);
        const report = JSON.parse(io.stdout.text);
        const failing = new Set(report.violations.filter((v: any) => v.enforcementLevel === "mandatory").map((v: any) => v.policy));
        for (const policy of ["ec2-imdsv2-required", "security-group-no-world-ssh-mysql", "iam-no-wildcard-action", "iam-no-wildcard-resource"]) {
            assert.ok(failing.has(policy), `${policy} not reported: ${[...failing].join(", ")}`);
        }
    });

    it("exits 2 naming a synth file that is not there", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["--from", path.join(dir, "missing.json")], io), 2);
        assert.strictEqual(io.stdout.text, "");
        assert.match(io.stderr.text, /^--from ".*missing.json" does not exist; give an existing file/);
    });

    it("exits 2 naming a synth file that is not JSON, and one whose stack is not a stack name", async () => {
        const notJson = path.join(dir, "not-json.json");
        fs.writeFileSync(notJson, "{ resources");
        const badStack = path.join(dir, "bad-stack.json");
        fs.writeFileSync(badStack, JSON.stringify({ project: "sigma", stack: "../../etc", resources: [], outputs: {} }));
        for (const [file, message] of [[notJson, /--from .*not-json.json: cannot read a JSON synth document/], [badStack, /--from .*bad-stack.json: its "stack" "\.\.\/\.\.\/etc" is not a stack name/]] as const) {
            const io = bufferedIo();
            assert.strictEqual(await main(["--from", file], io), 2, file);
            assert.strictEqual(io.stdout.text, "");
            assert.match(io.stderr.text, message);
        }
    });

    it("exits 2 naming a config file that is not JSON, before any synth", async () => {
        const bad = path.join(dir, "bad-config.json");
        fs.writeFileSync(bad, "{ all: mandatory");
        const io = bufferedIo();
        assert.strictEqual(await main(["dev", "--config", bad], io), 2);
        assert.strictEqual(io.stdout.text, "");
        assert.match(io.stderr.text, /^--config ".*bad-config.json": Invalid policy config .*bad-config.json \(1 problem\):\n  - is not valid JSON/);
    });
});

describe("policy check CLI arguments", () => {
    it("reads a stack, --from, --config, --all, --format (--json as its alias), --out and --stack-output", () => {
        const none = { from: undefined, config: undefined, stack: undefined, all: false, format: "text", stackOutputs: {} };
        assert.deepStrictEqual(parsePolicyCheckArgs(["dev", "--config", "c.json"]), { ...none, stack: "dev", config: "c.json" });
        assert.deepStrictEqual(parsePolicyCheckArgs(["--from", "s.json", "--json"]), { ...none, from: "s.json", format: "json" });
        assert.deepStrictEqual(parsePolicyCheckArgs(["--from", "s.json", "--json", "--format", "json"]), { ...none, from: "s.json", format: "json" });
        for (const format of ["text", "json", "sarif", "junit"]) {
            assert.deepStrictEqual(parsePolicyCheckArgs(["dev", "--format", format]), { ...none, stack: "dev", format });
        }
        assert.deepStrictEqual(parsePolicyCheckArgs(["dev", "--format=sarif", "--out", "r.sarif"]), { ...none, stack: "dev", format: "sarif", out: "r.sarif" });
        assert.deepStrictEqual(parsePolicyCheckArgs(["--all", "--stack-output", "dr.DrBackupVaultArn=x"]), { ...none, all: true, stackOutputs: { dr: { DrBackupVaultArn: "x" } } });
    });
    const bad: Array<[string[], RegExp]> = [
        [[], /name a stack, --from SYNTH.json or --all/],
        [["dev", "prod"], /give one stack, not 2 \(dev, prod\)/],
        [["../dev"], /stack "\.\.\/dev" is not a stack name/],
        [["dev", "--from", "s.json"], /give only one of <stack>, --from and --all/],
        [["dev", "--config"], /--config needs a value/],
        [["--from", "--json"], /--from needs a value/],
        [["dev", "--strict"], /unknown flag "--strict"/],
        [["--all", "--config", "c.json"], /--all uses each stack's own policy\/config\/<stack>.json/],
        [["dev", "--format", "xml"], /^--format "xml" is not a format; use one of text, json, sarif, junit, e\.g\. --format sarif$/],
        [["dev", "--format", "SARIF"], /--format "SARIF" is not a format/],
        [["dev", "--format"], /--format needs a value \(FORMAT\), got nothing; e\.g\. --format sarif/],
        [["dev", "--json", "--format", "junit"], /--json with --format "junit": --json means --format json; give one of them/],
        [["dev", "--out"], /--out needs a value \(FILE\)/],
        [["dev", "--source-root", "../change"], /--source-root "\.\.\/change" locates SARIF results only; add --format sarif or drop it/],
    ];
    for (const [argv, message] of bad) {
        it(`refuses ${JSON.stringify(argv)}`, () => {
            assert.throws(() => parsePolicyCheckArgs(argv), (err: unknown) => err instanceof UsageError && message.test(err.message));
        });
    }
});

describe("policy check CLI: a stack's policy config must exist", function () {
    this.timeout(120000);
    let dir: string;
    let emptyConfigs: string;
    let devDoc: string;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-noconfig-"));
        emptyConfigs = path.join(dir, "configs");
        fs.mkdirSync(emptyConfigs);
        devDoc = path.join(dir, "dev.json");
        fs.writeFileSync(devDoc, JSON.stringify(await synthesize({ stack: "dev" })));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a stack without policy/config/<stack>.json exits 2 naming the file and the fix, before any synth", async () => {
        const io = bufferedIo();
        const started = Date.now();
        assert.strictEqual(await main(["dev"], io, { policyConfigDir: emptyConfigs }), 2);
        assert.strictEqual(io.stdout.text, "");
        assert.ok(io.stderr.text.startsWith(`stack "dev" has no policy config ${path.join(emptyConfigs, "dev.json")}: without it the pack's defaults would judge the stack; ` +
            `write ${path.join(emptyConfigs, "dev.json")} (e.g. from policy/config/prod.json), or name another file with --config FILE\n`), io.stderr.text);
        assert.ok(Date.now() - started < 1000, "refused without synthesising");
    });

    it("--from a document whose stack has no config exits 2 the same way", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["--from", devDoc], io, { policyConfigDir: emptyConfigs }), 2);
        assert.match(io.stderr.text, /^--from .*dev\.json: stack "dev" has no policy config .*configs\/dev\.json: .*name another file with --config FILE/);
    });

    it("--config names another file: the missing default does not matter", async () => {
        const io = bufferedIo();
        const code = await main(["--from", devDoc, "--config", path.join(ROOT, "policy", "config", "dev.json")], io, { policyConfigDir: emptyConfigs });
        assert.notStrictEqual(code, 2, io.stderr.text);
        assert.match(io.stdout.text, /config: policy\/config\/dev\.json/);
    });

    it("--all names every stack without its config at once, and checks none", async () => {
        const project = tempProject({ dev: "copy", qa: { "sigma:vpcId": "vpc-0123456789abcdef0" }, staging: { "sigma:vpcId": "vpc-0123456789abcdef0" } });
        try {
            fs.copyFileSync(path.join(ROOT, "policy", "config", "dev.json"), path.join(emptyConfigs, "dev.json"));
            const io = bufferedIo();
            assert.strictEqual(await main(["--all"], io, { projectDir: project, policyConfigDir: emptyConfigs }), 2);
            const lines = io.stderr.text.split("\n").filter((l) => / has no policy config /.test(l));
            assert.deepStrictEqual(lines.map((l) => /^stack "(\w+)"/.exec(l)?.[1]), ["qa", "staging"]);
            assert.strictEqual(io.stdout.text, "");
        } finally {
            fs.rmSync(path.join(emptyConfigs, "dev.json"), { force: true });
            fs.rmSync(project, { recursive: true, force: true });
        }
    });

    it("every shipped stack has its policy config", () => {
        for (const stack of listStacks(ROOT)) {
            assert.ok(fs.existsSync(path.join(ROOT, "policy", "config", `${stack}.json`)), `policy/config/${stack}.json`);
        }
    });
});
