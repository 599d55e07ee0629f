import * as assert from "assert";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import type * as Sarif from "sarif";
import { main } from "../../../offline/check/cli";
import { toJunit, xmlEscape } from "../../../offline/check/junit";
import { evaluateWithWaivers, formatReport, PolicyReport, reportFails } from "../../../offline/check/policyCheck";
import { componentSources, controlIdsOf, physicalLocationOf, toSarif, urnTypeChain, WAIVER_RULE_ID } from "../../../offline/check/sarif";
import { allPolicies } from "../../../policy/policies";
import { fixtureSynth, fixtureUrn, goodInstance } from "../../policy/policyFixtures";
import { main as offlineMain } from "../../../offline/cli";
import { bufferedIo, ROOT, tempProject } from "../tempProject";

const SCHEMA_FILE = path.join(ROOT, "test", "fixtures", "sarif", "sarif-schema-2.1.0.json");
const INSTANCE = "aws:ec2/instance:Instance";
const FAR_FUTURE = "2999-12-31";
const PAST = "2000-01-01";

/** ajv 8 (draft-07) over the OASIS draft-04 schema: the root `id` becomes `$id`; the schema uses no other draft-04-only keyword. */
export function sarifValidator(): ValidateFunction {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(schema);
}

/**
 * Two IMDSv1 instances, "a" (also without detailed monitoring) and "b"; b's IMDS violation is waived until 2999, and
 * an expired waiver of ec2-detailed-monitoring names a.
 */
const waiverConfig = () => ({
    all: "disabled",
    "ec2-imdsv2-required": { enforcementLevel: "mandatory", waivers: [{ resource: fixtureUrn(INSTANCE, "b"), reason: "vendor AMI needs IMDSv1 until 7.2 (CAB-1234)", expires: FAR_FUTURE }] },
    "ec2-detailed-monitoring": { enforcementLevel: "advisory", waivers: [{ resource: "urn:pulumi:test::sigma::*::a", reason: "cost", expires: PAST }] },
});
// Only the token setting is wrong (the hop limit is the one IMDSv2 containers need), so each instance has one IMDS violation.
const imdsV1 = { ...goodInstance, metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1 } };
const synth = fixtureSynth([
    { type: INSTANCE, name: "a", inputs: { ...imdsV1, monitoring: false } },
    { type: INSTANCE, name: "b", inputs: imdsV1 },
]);

describe("policy check output: waivers, SARIF 2.1.0 and JUnit", function () {
    this.timeout(120000);
    let report: PolicyReport;
    let validate: ValidateFunction;
    before(async () => {
        report = await evaluateWithWaivers(synth, { config: waiverConfig(), configSource: "policy/config/test.json" });
        validate = sarifValidator();
    });

    it("the schema fixture is the OASIS file recorded in its README", () => {
        const bytes = fs.readFileSync(SCHEMA_FILE);
        assert.strictEqual(createHash("sha256").update(bytes).digest("hex"), "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e");
        assert.ok(fs.readFileSync(path.join(path.dirname(SCHEMA_FILE), "README.md"), "utf8").includes("oasis-tcs/sarif-spec"));
    });

    it("the schema validator rejects what 2.1.0 forbids (so a pass means something)", () => {
        const minimal = { version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [] }] };
        assert.ok(validate(minimal), JSON.stringify(validate.errors));
        assert.ok(!validate({ ...minimal, version: "2.0.0" }));
        assert.ok(!validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] }));
        assert.ok(!validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, suppressions: [{ kind: "waived" }] }] }] }));
    });

    it("a valid waiver hides the violation from the verdict and lists it; an expired one fails the check", () => {
        const byUrn = (policy: string) => report.violations.filter((v) => v.policy === policy).map((v) => [v.urn.split("::").pop(), v.waiver?.expires ?? null]);
        assert.deepStrictEqual(byUrn("ec2-imdsv2-required").sort(), [["a", null], ["b", FAR_FUTURE]]);
        assert.strictEqual(report.counts.mandatory, 1);
        assert.strictEqual(report.violations.filter((v) => v.waiver).length, 1);
        assert.strictEqual(report.counts.invalidWaivers, 1);
        assert.deepStrictEqual(report.invalidWaivers.map((i) => [i.waiver.policy, i.expired]), [["ec2-detailed-monitoring", true]]);
        assert.strictEqual(reportFails(report), true);
        const text = formatReport(report, "policy/config/test.json");
        assert.match(text, /WAIVED \(1\)\n  \[mandatory\] ec2-imdsv2-required\n    urn:.*::b\n.*\n    waived until 2999-12-31: vendor AMI needs IMDSv1/);
        assert.match(text, /INVALID WAIVERS \(1\)\n  waiver for "urn:pulumi:test::sigma::\*::a" expired on 2000-01-01/);
        assert.match(text, /FAIL: 1 mandatory, \d+ advisory violation\(s\), 0 remediation\(s\), 1 waived, 1 invalid waiver\(s\)/);
    });

    it("passes once the only unwaived problem is gone: a waiver alone does not fail the check", async () => {
        const config = waiverConfig();
        delete (config as Record<string, unknown>)["ec2-detailed-monitoring"];
        const clean = await evaluateWithWaivers(fixtureSynth([{ type: INSTANCE, name: "b", inputs: imdsV1 }]), { config });
        assert.deepStrictEqual([clean.counts.mandatory, clean.violations.filter((v) => v.waiver).length, clean.counts.invalidWaivers, reportFails(clean)], [0, 1, 0, false]);
    });

    it("SARIF: validates against the 2.1.0 schema", () => {
        const log = toSarif([{ report, configFile: "policy/config/test.json" }], allPolicies, ROOT, "0.1.0");
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
        assert.strictEqual(log.version, "2.1.0");
    });

    it("SARIF: one rule per policy with its description, remediation as help, level and controls; plus the waiver rule", () => {
        const run = toSarif([{ report }], allPolicies, ROOT, "0.1.0").runs[0];
        const rules = run.tool.driver.rules ?? [];
        assert.deepStrictEqual(rules.map((r) => r.id), [...allPolicies.map((p) => p.name), WAIVER_RULE_ID]);
        for (const policy of allPolicies) {
            const rule = rules.find((r) => r.id === policy.name) as Sarif.ReportingDescriptor;
            assert.strictEqual(rule.shortDescription?.text, policy.description);
            assert.strictEqual(rule.help?.text, policy.remediationSteps ?? policy.description);
            assert.strictEqual(rule.properties?.enforcementLevel, report.policyLevels[policy.name]);
            assert.deepStrictEqual(rule.properties?.controls, controlIdsOf(policy));
        }
        const imds = rules.find((r) => r.id === "ec2-imdsv2-required")!;
        assert.deepStrictEqual([imds.defaultConfiguration?.level, imds.defaultConfiguration?.enabled], ["error", true]);
        const monitoring = rules.find((r) => r.id === "ec2-detailed-monitoring")!;
        assert.deepStrictEqual([monitoring.defaultConfiguration?.level, monitoring.defaultConfiguration?.enabled], ["warning", true]);
        const disabled = rules.find((r) => r.id === "ebs-encrypted")!;
        assert.deepStrictEqual([disabled.defaultConfiguration?.level, disabled.defaultConfiguration?.enabled], ["none", false]);
        assert.ok((imds.properties?.controls as string[]).includes("CKV_AWS_79"));
        assert.strictEqual(imds.properties?.["security-severity"], "8.0");
        assert.strictEqual(run.automationDetails?.id, "sigma-guard/test/");
    });

    it("SARIF: results at the resource (URN as logical location), error for mandatory, warning for advisory, waivers as external suppressions", () => {
        const results = toSarif([{ report, configFile: "policy/config/test.json" }], allPolicies, ROOT, "0.1.0").runs[0].results ?? [];
        const find = (rule: string, name: string) => results.filter((r) => r.ruleId === rule && r.locations?.[0].logicalLocations?.[0].fullyQualifiedName?.endsWith(`::${name}`));
        const [a] = find("ec2-imdsv2-required", "a");
        assert.strictEqual(a.level, "error");
        assert.strictEqual(a.suppressions, undefined);
        assert.deepStrictEqual(a.locations?.[0].logicalLocations, [{ fullyQualifiedName: fixtureUrn(INSTANCE, "a"), name: "a", kind: "resource" }]);
        assert.deepStrictEqual(a.locations?.[0].physicalLocation?.artifactLocation, { uri: "Pulumi.test.yaml", uriBaseId: "%SRCROOT%" });
        const [b] = find("ec2-imdsv2-required", "b");
        assert.strictEqual(b.level, "error");
        assert.deepStrictEqual(b.suppressions, [{ kind: "external", status: "accepted", justification: "vendor AMI needs IMDSv1 until 7.2 (CAB-1234)",
            properties: { expires: FAR_FUTURE, resource: fixtureUrn(INSTANCE, "b") } }]);
        const advisory = find("ec2-detailed-monitoring", "a");
        assert.ok(advisory.length >= 1 && advisory.every((r) => r.level === "warning"), JSON.stringify(advisory));
        const expired = results.filter((r) => r.ruleId === WAIVER_RULE_ID);
        assert.strictEqual(expired.length, 1);
        assert.strictEqual(expired[0].level, "error");
        assert.match(expired[0].message.text ?? "", /^expired waiver of ec2-detailed-monitoring for urn:pulumi:test::sigma::\*::a: .*expired on 2000-01-01/);
        assert.strictEqual(expired[0].locations?.[0].physicalLocation?.artifactLocation?.uri, "policy/config/test.json");
        for (const r of results) {
            assert.strictEqual(r.ruleIndex, (toSarif([{ report }], allPolicies, ROOT, "0.1.0").runs[0].tool.driver.rules ?? []).findIndex((x) => x.id === r.ruleId));
        }
    });

    it("SARIF: a resource inside a component points at the component's source, at its constructor's super call", () => {
        const sources = componentSources(ROOT);
        const file = "components/compute/sigmaInstance.ts";
        const line = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").findIndex((l) => l.includes('super("sigma:compute:SigmaInstance"')) + 1;
        assert.ok(line > 0);
        const urn = "urn:pulumi:prod::sigma::sigma:compute:SigmaInstance$aws:ebs/volume:Volume::sigma-data";
        assert.deepStrictEqual(urnTypeChain(urn), ["sigma:compute:SigmaInstance", "aws:ebs/volume:Volume"]);
        assert.deepStrictEqual(physicalLocationOf(urn, "prod", sources), { artifactLocation: { uri: file, uriBaseId: "%SRCROOT%" }, region: { startLine: line } });
        // The nearest component wins; a resource of no known component points at the stack file.
        const nested = "urn:pulumi:prod::sigma::sigma:network:SigmaNetwork$sigma:compute:SigmaInstance$aws:ec2/instance:Instance::i";
        assert.strictEqual(physicalLocationOf(nested, "prod", sources).artifactLocation?.uri, file);
        assert.deepStrictEqual(physicalLocationOf("urn:pulumi:prod::sigma::aws:sns/topic:Topic::t", "prod", sources),
            { artifactLocation: { uri: "Pulumi.prod.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } });
        assert.deepStrictEqual(physicalLocationOf("", "dev", sources).artifactLocation?.uri, "Pulumi.dev.yaml");
    });

    it("controls: declared ones win, else the checkov and cdk-nag ids the description names", () => {
        const base = { name: "p", enforcementLevel: "mandatory" as const, validateResource: () => undefined };
        assert.deepStrictEqual(controlIdsOf({ ...base, description: "x (checkov CKV_AWS_8, CKV2_AWS_9; cdk-nag AwsSolutions-EC26, AwsSolutions-IAM5) CKV_AWS_8" }),
            ["CKV_AWS_8", "CKV2_AWS_9", "AwsSolutions-EC26", "AwsSolutions-IAM5"]);
        assert.deepStrictEqual(controlIdsOf({ ...base, description: "no ids here, CKV_GCP_1" }), []);
        assert.deepStrictEqual(controlIdsOf({ ...base, description: "CKV_AWS_1", controls: ["EC2.8"] } as never), ["EC2.8"]);
    });

    it("JUnit: parses; one suite per policy, one case per judged resource, failure on a mandatory violation, skipped when waived", () => {
        const xml = toJunit([{ report, configFile: "policy/config/test.json" }], allPolicies);
        const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "failure", "property"].includes(name) }).parse(xml);
        const suites: any[] = parsed.testsuites.testsuite;
        const suite = (policy: string) => suites.find((s) => s.name === `test/${policy}`);
        const enabled = allPolicies.filter((p) => report.policyLevels[p.name] !== "disabled").map((p) => `test/${p.name}`);
        assert.deepStrictEqual(suites.map((s) => s.name), [...enabled, `test/${WAIVER_RULE_ID}`]);
        const imds = suite("ec2-imdsv2-required");
        assert.deepStrictEqual([imds.tests, imds.failures, imds.skipped], ["2", "1", "1"]);
        const caseOf = (s: any, name: string) => s.testcase.find((c: any) => c.name.endsWith(`::${name}`));
        assert.match(caseOf(imds, "a").failure[0].message, /metadataOptions\.httpTokens is "optional"/);
        assert.strictEqual(caseOf(imds, "a").skipped, undefined);
        assert.strictEqual(caseOf(imds, "b").failure, undefined);
        assert.match(caseOf(imds, "b").skipped.message, /^waived until 2999-12-31: vendor AMI/);
        // Advisory violations do not fail a case; they are written to its system-out.
        const monitoring = suite("ec2-detailed-monitoring");
        assert.deepStrictEqual([monitoring.tests, monitoring.failures], ["2", "0"]);
        assert.match(caseOf(monitoring, "a")["system-out"], /\[advisory\]/);
        const waivers = suite(WAIVER_RULE_ID);
        assert.deepStrictEqual([waivers.tests, waivers.failures], ["2", "1"]);
        assert.strictEqual(waivers.testcase.find((c: any) => c.failure)?.failure[0].type, "expired-waiver");
        const totals = parsed.testsuites;
        assert.strictEqual(Number(totals.tests), suites.reduce((n, s) => n + Number(s.tests), 0));
        assert.strictEqual(Number(totals.failures), suites.reduce((n, s) => n + Number(s.failures), 0));
        assert.strictEqual(Number(totals.failures), 2);
    });

    it("JUnit: escapes what XML reserves, so any message parses back unchanged", () => {
        const nasty = `a<b & "c" 'd'>\u0001`;
        assert.strictEqual(xmlEscape(nasty), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        const back = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(`<x m="${xmlEscape(nasty)}"/>`);
        assert.strictEqual(back.x.m, `a<b & "c" 'd'>`);
    });
});

describe("policy check CLI: --format and --out", function () {
    this.timeout(120000);
    let dir: string;
    let devDoc: string;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-formats-"));
        devDoc = path.join(dir, "dev.json");
        const { synthesize } = await import("../../../offline/synth/synthesize");
        fs.writeFileSync(devDoc, JSON.stringify(await synthesize({ stack: "dev" })));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("--format sarif writes one schema-valid log for the stack on stdout; the exit code is the verdict's", async () => {
        const io = bufferedIo();
        const code = await main(["--from", devDoc, "--format", "sarif"], io);
        const log = JSON.parse(io.stdout.text) as Sarif.Log;
        assert.ok(sarifValidator()(log));
        assert.strictEqual(log.runs.length, 1);
        const errors = (log.runs[0].results ?? []).filter((r) => r.level === "error" && !r.suppressions);
        assert.strictEqual(code, errors.length > 0 ? 1 : 0, io.stderr.text);
        assert.strictEqual(log.runs[0].automationDetails?.id, "sigma-guard/dev/");
    });

    it("--format junit --out FILE writes parseable JUnit to the file and nothing to stdout", async () => {
        const out = path.join(dir, "dev.xml");
        const io = bufferedIo();
        await main(["--from", devDoc, "--format", "junit", "--out", out], io);
        assert.strictEqual(io.stdout.text, "");
        assert.match(io.stderr.text, /^wrote junit to .*dev\.xml; /);
        const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(fs.readFileSync(out, "utf8"));
        assert.strictEqual(parsed.testsuites.name, "sigma-guard");
        assert.ok(Number(parsed.testsuites.tests) > 0);
    });

    it("--all: json is one array of reports, text ends with the verdict line, sarif one run per stack", async () => {
        const project = tempProject({ dev: "copy" });
        try {
            const json = bufferedIo();
            const code = await main(["--all", "--format", "json"], json, { projectDir: project });
            const reports = JSON.parse(json.stdout.text) as PolicyReport[];
            assert.deepStrictEqual(reports.map((r) => r.stack), ["dev"]);
            assert.strictEqual(code, reportFails(reports[0]) ? 1 : 0);
            assert.match(json.stderr.text, reportFails(reports[0]) ? /^mandatory violations or invalid waivers in: dev/ : /^stack dev passes\n$/);
            const text = bufferedIo();
            await main(["--all"], text, { projectDir: project });
            assert.match(text.stdout.text, reportFails(reports[0]) ? /\nmandatory violations or invalid waivers in: dev \(\d+ mandatory, \d+ invalid waiver\(s\)\)\n$/ : /\nstack dev passes\n$/);
            const sarif = bufferedIo();
            await main(["--all", "--format", "sarif"], sarif, { projectDir: project });
            assert.deepStrictEqual((JSON.parse(sarif.stdout.text) as Sarif.Log).runs.map((r) => r.automationDetails?.id), ["sigma-guard/dev/"]);
        } finally {
            fs.rmSync(project, { recursive: true, force: true });
        }
    });

    it("--source-root points SARIF results into another checkout's components (the change, when the pack runs from the base)", async () => {
        const checkout = path.join(dir, "change");
        fs.mkdirSync(path.join(checkout, "components", "compute"), { recursive: true });
        fs.writeFileSync(path.join(checkout, "components", "compute", "moved.ts"), "// moved\nexport class SigmaInstance {\n    constructor() { super(\"sigma:compute:SigmaInstance\", name, {}, opts); }\n}\n");
        const io = bufferedIo();
        const config = path.join(dir, "strict.json");
        fs.writeFileSync(config, JSON.stringify({ all: "disabled", "ec2-detailed-monitoring": "mandatory", "ec2-termination-protection": { required: true } }));
        const doc = JSON.parse(fs.readFileSync(devDoc, "utf8"));
        doc.resources.filter((r: { type: string }) => r.type === INSTANCE).forEach((r: { inputs: Record<string, unknown> }) => { r.inputs.monitoring = false; });
        const file = path.join(dir, "dev-unmonitored.json");
        fs.writeFileSync(file, JSON.stringify(doc));
        assert.strictEqual(await main(["--from", file, "--config", config, "--format", "sarif", "--source-root", checkout], io), 1, io.stderr.text);
        const results = (JSON.parse(io.stdout.text) as Sarif.Log).runs[0].results ?? [];
        const monitoring = results.filter((r) => r.ruleId === "ec2-detailed-monitoring");
        assert.ok(monitoring.length > 0);
        for (const r of monitoring) {
            assert.deepStrictEqual(r.locations?.[0].physicalLocation, { artifactLocation: { uri: "components/compute/moved.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 3 } });
        }
    });

    it("sigma-offline check takes the same --format", async () => {
        const io = bufferedIo();
        await offlineMain(["check", "--from", devDoc, "--format", "junit"], io);
        assert.match(io.stdout.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="sigma-guard"/);
    });

    it("as a process (npm run policy:check): --format sarif --out writes a valid log, stdout stays empty, the exit code is the verdict", () => {
        const out = path.join(dir, "process.sarif");
        const run = spawnSync(process.execPath, ["-r", path.join(ROOT, "scripts", "transpileHook.js"), path.join(ROOT, "offline", "check", "cli.ts"),
            "--from", devDoc, "--format", "sarif", "--out", out], { cwd: ROOT, encoding: "utf8" });
        const log = JSON.parse(fs.readFileSync(out, "utf8")) as Sarif.Log;
        assert.ok(sarifValidator()(log));
        assert.strictEqual(run.stdout, "");
        const failing = (log.runs[0].results ?? []).some((r) => r.level === "error" && !r.suppressions);
        assert.strictEqual(run.status, failing ? 1 : 0, run.stderr);
        assert.match(run.stderr, failing ? /^wrote sarif to .*; mandatory violations/ : /^wrote sarif to .*; stack dev passes\n$/);
    });

    it("--json is --format json: the same report", async () => {
        const a = bufferedIo();
        const b = bufferedIo();
        await main(["--from", devDoc, "--json"], a);
        await main(["--from", devDoc, "--format", "json"], b);
        const strip = (t: string) => { const r = JSON.parse(t); delete r.today; return r; };
        assert.deepStrictEqual(strip(a.stdout.text), strip(b.stdout.text));
        assert.strictEqual(JSON.parse(a.stdout.text).stack, "dev");
    });
});
