import * as assert from "assert";
import { ConfigError, mapConfigSource, parseConfig, PrimaryConfig } from "../../stacks/config";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";
import { dlmDocumentProblems, dlmScriptsProblems, DLM_METRICS, DLM_SCRIPTS_ACCESS_TAG } from "../../model/dlmScripts";
import { evaluatePolicies, IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import { lookupAction } from "../../model/iamActions";
import { BACKUP_FREQUENCIES } from "../../components";
import { refusedProblems, SINGLE_AZ_CONFIG } from "./configFixture";

const DLM = "aws:dlm/lifecyclePolicy:LifecyclePolicy";
const base = SINGLE_AZ_CONFIG;
const parse = (values: Record<string, string>) => parseConfig(mapConfigSource({ ...base, ...values }, { stack: "dev" })) as PrimaryConfig;
const problems = (values: Record<string, string>): string[] => refusedProblems(() => parse(values), ConfigError);

describe("sigma:backup.consistency", () => {
    it("is crash by default: AWS Backup's recovery points only", () => {
        const cfg = parse({});
        assert.ok(cfg.backup.enabled && cfg.backup.consistency === "crash");
    });

    it("reads application from YAML and from --path strings", () => {
        const cfg = parse({ "sigma:backup": JSON.stringify({ consistency: "application" }) });
        assert.ok(cfg.backup.enabled && cfg.backup.consistency === "application");
    });

    const bad: Array<[string, Record<string, string>, RegExp]> = [
        ["a misspelt value, with the nearest", { "sigma:backup": JSON.stringify({ consistency: "applicaton" }) },
            /^sigma:backup\.consistency "applicaton" is not supported; did you mean application\? use one of crash, application$/],
        ["another word", { "sigma:backup": JSON.stringify({ consistency: "app-consistent" }) }, /^sigma:backup\.consistency "app-consistent" is not supported; .*use one of crash, application$/],
        ["a boolean", { "sigma:backup": JSON.stringify({ consistency: true }) }, /^sigma:backup\.consistency true is not supported; use one of crash, application$/],
        ["with backups off", { "sigma:backup": JSON.stringify({ enabled: false, consistency: "application" }) },
            /^sigma:backup\.consistency "application" has no effect: sigma:backup\.enabled is false/],
    ];
    for (const [what, values, message] of bad) {
        it(`refuses ${what}, naming the key, the value and the fix`, () => {
            const found = problems(values);
            assert.ok(found.some((p) => message.test(p)), JSON.stringify(found));
        });
    }
});

const withConsistency = (stack: string, backup: Record<string, unknown>) => synthesize({ stack, configOverrides: { "sigma:backup": backup } });
const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type) as Array<{ name: string; inputs: Record<string, any> }>;

describe("synth: consistent snapshots in dev and prod", function () {
    this.timeout(300000);
    const synths = new Map<string, SynthResult>();
    before(async () => {
        synths.set("dev-crash", await synthesize({ stack: "dev" }));
        synths.set("dev-application", await withConsistency("dev", { consistency: "application" }));
        synths.set("prod-crash", await synthesize({ stack: "prod" }));
        synths.set("prod-application", await withConsistency("prod", {
            frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, consistency: "application",
            copyToVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr",
        }));
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}, crash (the default): no DLM policy, no pre/post document`, () => {
            const synth = synths.get(`${stack}-crash`)!;
            assert.strictEqual(ofType(synth, DLM).length, 0);
            assert.ok(!ofType(synth, "aws:ssm/document:Document").some((d) => String(d.inputs.content).includes("pre-script")));
        });
    }

    for (const [stack, frequency, retention] of [["dev", "daily", 7], ["prod", "hourly", 14]] as const) {
        it(`${stack}, application: one instance policy on the stack's scope tag, the backup schedule and retention, PRE and POST scripts`, () => {
            const synth = synths.get(`${stack}-application`)!;
            const [policy] = ofType(synth, DLM);
            assert.ok(policy, "a DLM policy");
            const details = policy.inputs.policyDetails;
            assert.deepStrictEqual(details.resourceTypes, ["INSTANCE"]);
            assert.deepStrictEqual(details.targetTags, { "sigma:stack": `sigma/${stack}` });
            assert.strictEqual(details.parameters.excludeBootVolume, true);
            const [schedule] = details.schedules;
            assert.strictEqual(schedule.createRule.cronExpression, BACKUP_FREQUENCIES[frequency]);
            assert.deepStrictEqual(schedule.retainRule, { interval: retention, intervalUnit: "DAYS" });
            assert.strictEqual(schedule.copyTags, true);
            const scripts = schedule.createRule.scripts;
            assert.deepStrictEqual(dlmScriptsProblems(scripts), []);
            assert.deepStrictEqual(scripts.stages, ["PRE", "POST"]);
            assert.strictEqual(scripts.executeOperationOnScriptFailure, true);
            const [document] = ofType(synth, "aws:ssm/document:Document").filter((d) => String(d.inputs.content).includes("pre-script"));
            assert.strictEqual(scripts.executionHandler, `sigma-${stack}-mysql-consistent-snapshot`);
            assert.strictEqual(document.inputs.name, scripts.executionHandler, "DLM runs the stack's own document");
            assert.deepStrictEqual(dlmDocumentProblems(JSON.parse(document.inputs.content)), []);
            assert.strictEqual(document.inputs.documentType, "Command");
            assert.strictEqual(document.inputs.tags[DLM_SCRIPTS_ACCESS_TAG.key], DLM_SCRIPTS_ACCESS_TAG.value);
            const alarms = ofType(synth, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === DLM_METRICS.namespace);
            const expected = [DLM_METRICS.preScriptFailed, DLM_METRICS.postScriptFailed, DLM_METRICS.snapshotsCreateFailed,
                ...(stack === "prod" ? [DLM_METRICS.snapshotsCopiedRegionFailed] : [])];
            assert.deepStrictEqual(alarms.map((a) => a.inputs.metricName).sort(), [...expected].sort());
            for (const alarm of alarms) {
                assert.ok(DLM_METRICS.dimension in alarm.inputs.dimensions, `${alarm.name} watches one policy`);
                assert.strictEqual(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
                assert.strictEqual(alarm.inputs.threshold, 0);
            }
        });
    }

    it("prod, application: copies to the DR region encrypted, kept as long as the backup copies", () => {
        const [policy] = ofType(synths.get("prod-application")!, DLM);
        const [rule] = policy.inputs.policyDetails.schedules[0].crossRegionCopyRules;
        assert.strictEqual(rule.target, "ap-southeast-2");
        assert.strictEqual(rule.encrypted, true);
        assert.deepStrictEqual(rule.retainRule, { interval: 30, intervalUnit: "DAYS" });
        assert.strictEqual(ofType(synths.get("dev-application")!, DLM)[0].inputs.policyDetails.schedules[0].crossRegionCopyRules, undefined);
    });

    it("prod, application: DLM's role snapshots only this stack, runs only its document, and uses the EBS key only through EC2", () => {
        const synth = synths.get("prod-application")!;
        const policies = ofType(synth, "aws:iam/rolePolicy:RolePolicy").map((p) => JSON.parse(p.inputs.policy) as IamPolicyDocument);
        const dlm = policies.find((p) => JSON.stringify(p).includes("RunOnlyThePrePostDocument"))!;
        assert.ok(dlm, "the DLM role's policy");
        const [document] = ofType(synth, "aws:ssm/document:Document").filter((d) => String(d.inputs.content).includes("pre-script"));
        const account = "123456789012";
        const docArn = JSON.stringify(dlm).match(/arn:aws:ssm:ap-southeast-1:\d+:document\/[^"]+/)![0];
        assert.ok(docArn.endsWith(`/${document.inputs.name}`), docArn);
        const instance = `arn:aws:ec2:ap-southeast-1:${account}:instance/i-0123456789abcdef0`;
        const ours = { "aws:ResourceTag/sigma:stack": "sigma/prod" };
        const decide = (action: string, resource: string, context: Record<string, string> = {}) => evaluatePolicies([dlm], { action, resource, context });
        assert.strictEqual(decide("ec2:CreateSnapshots", instance, ours), "allow");
        assert.strictEqual(decide("ec2:CreateSnapshots", instance, { "aws:ResourceTag/sigma:stack": "sigma/dev" }), "implicit-deny");
        assert.strictEqual(decide("ec2:CreateSnapshots", instance), "implicit-deny");
        assert.strictEqual(decide("ec2:DeleteSnapshot", "arn:aws:ec2:ap-southeast-2::snapshot/snap-0123456789abcdef0", ours), "allow");
        assert.strictEqual(decide("ec2:DeleteSnapshot", "arn:aws:ec2:ap-southeast-1::snapshot/snap-0123456789abcdef0", { "aws:ResourceTag/sigma:stack": "sigma/dev" }), "implicit-deny");
        assert.strictEqual(decide("ec2:DeleteSnapshot", "arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0", ours), "implicit-deny");
        assert.strictEqual(decide("ssm:SendCommand", docArn), "allow");
        assert.strictEqual(decide("ssm:SendCommand", `arn:aws:ssm:ap-southeast-1:${account}:document/AWS-RunShellScript`), "implicit-deny");
        assert.strictEqual(decide("ssm:SendCommand", instance), "allow");
        assert.strictEqual(decide("ec2:ModifySnapshotAttribute", "arn:aws:ec2:ap-southeast-1::snapshot/snap-0123456789abcdef0", ours), "implicit-deny", "no sharing");
        const keyArn = JSON.stringify(dlm).match(/"(arn:aws:kms:[^"]+)"/);
        assert.ok(keyArn, "prod's EBS key is named");
        assert.strictEqual(decide("kms:CreateGrant", keyArn![1], { "kms:GrantIsForAWSResource": "true", "kms:ViaService": "ec2.ap-southeast-1.amazonaws.com" }), "allow");
        assert.strictEqual(decide("kms:CreateGrant", keyArn![1], { "kms:GrantIsForAWSResource": "true", "kms:ViaService": "lambda.ap-southeast-1.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(decide("kms:Decrypt", keyArn![1]), "implicit-deny", "never directly");
        for (const statement of dlm.Statement as Array<{ Action: string[] }>) {
            for (const action of statement.Action) {
                assert.ok(lookupAction(action), `${action} is in AWS's catalogue`);
            }
        }
    });
});
