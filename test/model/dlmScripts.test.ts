import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    DLM_SCRIPT_COMMANDS, DLM_SERVICE_ROLE_EC2_ACTIONS, DLM_SSM_DOCUMENT_ACTIONS, DLM_SSM_UNSCOPED_ACTIONS, dlmDocumentProblems, dlmPolicyArn, dlmRun, dlmScriptsProblems,
} from "../../model/dlmScripts";
import { lookupAction } from "../../model/iamActions";
import { CONSISTENT_SNAPSHOT_DEFAULTS, consistentSnapshotDocument, dlmRolePolicy, lockWaitSeconds } from "../../components/backup/sigmaConsistentSnapshots";
import { eventPatternMatches } from "../../model/eventPattern";
import { dlmPolicyErrorPattern } from "../../components/backup/sigmaConsistentSnapshots";

const fixture = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", file), "utf8"));
const sample = (id: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "model", "awsSampleEvents", `${id}.json`), "utf8")).event;

const GOOD = { executionHandler: "sigma-prod-mysql-consistent-snapshot", executionHandlerService: "AWS_SYSTEMS_MANAGER", executionTimeout: 60,
    maximumRetryCount: 1, executeOperationOnScriptFailure: true, stages: ["PRE", "POST"] };

describe("model/dlmScripts: DLM's pre and post script rules", () => {
    it("accepts a custom-document scripts block within DLM's ranges, and AWS's defaults", () => {
        assert.deepStrictEqual(dlmScriptsProblems(GOOD), []);
        assert.deepStrictEqual(dlmScriptsProblems({ executionHandler: "sigma-doc" }), [], "timeout 10, retries 0, PRE and POST by default");
        assert.deepStrictEqual(dlmScriptsProblems({ ...GOOD, executionTimeout: 10, maximumRetryCount: 0 }), []);
        assert.deepStrictEqual(dlmScriptsProblems({ ...GOOD, executionTimeout: 120, maximumRetryCount: 3 }), []);
        assert.deepStrictEqual(dlmScriptsProblems({ ...GOOD, executionHandler: "arn:aws:ssm:ap-southeast-1:123456789012:document/sigma-doc" }), []);
    });

    const bad: Array<[string, object, RegExp]> = [
        ["a timeout under 10 s", { executionTimeout: 9 }, /executionTimeout 9 must be a whole number of seconds from 10 to 120/],
        ["a timeout over 120 s", { executionTimeout: 121 }, /executionTimeout 121/],
        ["a fractional timeout", { executionTimeout: 30.5 }, /executionTimeout 30.5/],
        ["4 retries", { maximumRetryCount: 4 }, /maximumRetryCount 4 must be a whole number from 0 to 3/],
        ["negative retries", { maximumRetryCount: -1 }, /maximumRetryCount -1/],
        ["a pre script only", { stages: ["PRE"] }, /run only one half/],
        ["a post script only", { stages: ["POST"] }, /run only one half/],
        ["an unknown stage", { stages: ["PRE", "DURING"] }, /must be PRE, POST or both/],
        ["a stage twice", { stages: ["PRE", "PRE"] }, /each once/],
        ["no stages", { stages: [] }, /must be PRE, POST or both/],
        ["a handler with a space", { executionHandler: "my doc" }, /executionHandler "my doc"/],
        ["a handler of 2 characters", { executionHandler: "ab" }, /executionHandler "ab"/],
        ["another handler service", { executionHandlerService: "AWS_LAMBDA" }, /executionHandlerService "AWS_LAMBDA"/],
        ["a string for the fallback", { executeOperationOnScriptFailure: "true" }, /executeOperationOnScriptFailure "true" must be true or false/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what}`, () => {
            const problems = dlmScriptsProblems({ ...GOOD, ...change });
            assert.strictEqual(problems.length, 1, JSON.stringify(problems));
            assert.match(problems[0], message);
        });
    }

    it("a pre script that keeps failing: crash-consistent snapshot with the fallback, none without, never a post script", () => {
        assert.deepStrictEqual(dlmRun({ maximumRetryCount: 1, executeOperationOnScriptFailure: true }, undefined),
            { snapshot: true, applicationConsistent: false, postScriptRuns: false, preAttempts: 2 });
        assert.deepStrictEqual(dlmRun({ maximumRetryCount: 0, executeOperationOnScriptFailure: false }, undefined),
            { snapshot: false, applicationConsistent: false, postScriptRuns: false, preAttempts: 1 });
        assert.strictEqual(dlmRun({}, undefined).snapshot, true, "DLM's default falls back to crash-consistent");
    });

    it("a retry that succeeds is application-consistent; one beyond the retries is not", () => {
        assert.deepStrictEqual(dlmRun({ maximumRetryCount: 1 }, 2), { snapshot: true, applicationConsistent: true, postScriptRuns: true, preAttempts: 2 });
        assert.strictEqual(dlmRun({ maximumRetryCount: 1 }, 3).applicationConsistent, false);
        assert.strictEqual(dlmRun({ maximumRetryCount: 3 }, 4).applicationConsistent, true);
        assert.strictEqual(dlmRun({}, 1).applicationConsistent, true);
        assert.strictEqual(dlmRun({}, 0).applicationConsistent, false);
    });
});

describe("the Sigma pre/post document against DLM's rules", () => {
    const options = {
        dataMountPath: "/var/lib/mysql", mysqlService: "mysql.service", mysqlDefaultsFile: CONSISTENT_SNAPSHOT_DEFAULTS.mysqlDefaultsFile,
        stateDir: CONSISTENT_SNAPSHOT_DEFAULTS.stateDir, lockWaitSeconds: lockWaitSeconds(60), freezeLimitSeconds: 60,
    };
    const doc = consistentSnapshotDocument(options, 60);

    it("is a 2.2 Command document whose command parameter allows exactly pre-script, post-script and dry-run", () => {
        assert.deepStrictEqual(dlmDocumentProblems(doc), []);
        assert.strictEqual(doc.schemaVersion, "2.2");
        assert.deepStrictEqual(doc.parameters.command.allowedValues, [...DLM_SCRIPT_COMMANDS]);
        assert.strictEqual(doc.parameters.command.default, "dry-run", "run by hand without a command, it does nothing");
        assert.deepStrictEqual(Object.keys(doc.parameters).sort(), ["command", "executionId"]);
        assert.strictEqual(doc.mainSteps.length, 1);
        assert.deepStrictEqual(doc.mainSteps[0].precondition, { StringEquals: ["platformType", "Linux"] });
        assert.strictEqual(doc.mainSteps[0].inputs.timeoutSeconds, "60", "SSM stops the step at DLM's script timeout");
        assert.match(doc.mainSteps[0].inputs.runCommand.join("\n"), /^OPERATION="\{\{ command \}\}"$/m);
        assert.match(doc.mainSteps[0].inputs.runCommand.join("\n"), /^EXECUTION_ID="\{\{ executionId \}\}"$/m);
    });

    const broken: Array<[string, (d: any) => void, RegExp]> = [
        ["dry-run missing from allowedValues", (d) => { d.parameters.command.allowedValues = ["pre-script", "post-script"]; }, /missing dry-run/],
        ["schemaVersion 1.2", (d) => { d.schemaVersion = "1.2"; }, /schemaVersion "1.2"/],
        ["an executionId with another pattern", (d) => { d.parameters.executionId.allowedPattern = ".*"; }, /executionId/],
        ["a parameter DLM cannot pass", (d) => { d.parameters.dataDir = { type: "String" }; }, /parameter dataDir has no default/],
        ["a PowerShell step", (d) => { d.mainSteps[0].action = "aws:runPowerShellScript"; }, /aws:runShellScript/],
    ];
    for (const [what, change, message] of broken) {
        it(`the rules catch ${what}`, () => {
            const copy = JSON.parse(JSON.stringify(doc));
            change(copy);
            assert.ok(dlmDocumentProblems(copy).some((p) => message.test(p)), JSON.stringify(dlmDocumentProblems(copy)));
        });
    }
});

describe("DLM's role against AWS's managed policies (fixtures)", () => {
    const ssmManaged = fixture("fixtures/managedPolicies/AWSDataLifecycleManagerSSMFullAccess.json");
    const role = dlmRolePolicy({ partition: "aws", region: "ap-southeast-1", account: "123456789012" } as any, "sigma/prod",
        "arn:aws:ssm:ap-southeast-1:123456789012:document/sigma-prod-mysql-consistent-snapshot", ["ap-southeast-2"],
        ["arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"]);
    const granted = (role.Statement as Array<{ Action: string[] }>).flatMap((s) => s.Action);

    it("the SSM actions are those of AWSDataLifecycleManagerSSMFullAccess, no more", () => {
        const managed = new Set((ssmManaged.document.Statement as Array<{ Action: string[] }>).flatMap((s) => s.Action));
        assert.deepStrictEqual([...managed].sort(), [...new Set([...DLM_SSM_UNSCOPED_ACTIONS, ...DLM_SSM_DOCUMENT_ACTIONS])].sort());
        for (const action of granted.filter((a) => a.startsWith("ssm:"))) {
            assert.ok(managed.has(action), `${action} is not in the managed SSM policy`);
        }
    });

    it("the EC2 actions are a subset of AWSDataLifecycleManagerServiceRole's, and every action exists", () => {
        for (const action of granted.filter((a) => a.startsWith("ec2:"))) {
            assert.ok((DLM_SERVICE_ROLE_EC2_ACTIONS as readonly string[]).includes(action), `${action} is not in the managed service role policy`);
        }
        for (const action of granted) {
            assert.ok(lookupAction(action), `${action} is not in AWS's action catalogue`);
        }
    });

    it("the policy-error rule matches AWS's sample 'DLM Policy State Change' for its policy only, and not a script notification", () => {
        const event = sample("aws-sample-dlm-policy-state-change");
        assert.ok(eventPatternMatches(dlmPolicyErrorPattern(event.resources[0]), event));
        assert.ok(!eventPatternMatches(dlmPolicyErrorPattern("arn:aws:dlm:us-east-1:123456789012:policy/policy-other"), event));
        assert.ok(!eventPatternMatches(dlmPolicyErrorPattern(event.resources[0]), { ...event, detail: { ...event.detail, state: "ENABLED" } }));
        const script = sample("aws-sample-dlm-pre-post-script-notification");
        assert.ok(!eventPatternMatches(dlmPolicyErrorPattern(script.resources[0]), script));
    });
});

describe("model/dlmScripts: each rule names exactly its own problem", () => {
    const COMMAND = "parameter command must be a String allowing pre-script, post-script, dry-run";
    const EXECUTION_ID = "parameter executionId must be a String with AWS's template pattern (DLM passes the execution's id)";
    const STEPS = "mainSteps must be aws:runShellScript steps (the Linux templates' action)";
    const good = () => ({
        schemaVersion: "2.2",
        parameters: {
            command: { type: "String", allowedValues: [...DLM_SCRIPT_COMMANDS] },
            executionId: { type: "String", allowedPattern: "^(None|[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})$" },
        } as Record<string, { type?: unknown; default?: unknown; allowedValues?: unknown; allowedPattern?: unknown }>,
        mainSteps: [{ action: "aws:runShellScript", name: "run" }] as Array<{ action?: unknown; name?: unknown }>,
    });

    it("a document with exactly what DLM needs has no problem; an extra parameter with a default is fine", () => {
        assert.deepStrictEqual(dlmDocumentProblems(good()), []);
        const extra = good();
        extra.parameters.dataDir = { type: "String", default: "/var/lib/mysql" };
        assert.deepStrictEqual(dlmDocumentProblems(extra), []);
    });

    it("an empty document: every rule, no crash", () => {
        assert.deepStrictEqual(dlmDocumentProblems({}), ['schemaVersion undefined must be "2.2" (a Command document)', `${COMMAND} (missing pre-script, post-script, dry-run)`, EXECUTION_ID, STEPS]);
    });

    it("the command parameter: missing, not a String, or missing values, each alone", () => {
        const noCommand = good();
        delete noCommand.parameters.command;
        assert.deepStrictEqual(dlmDocumentProblems(noCommand), [`${COMMAND} (missing pre-script, post-script, dry-run)`]);
        const list = good();
        list.parameters.command.type = "StringList";
        assert.deepStrictEqual(dlmDocumentProblems(list), [COMMAND]);
        const noValues = good();
        delete noValues.parameters.command.allowedValues;
        assert.deepStrictEqual(dlmDocumentProblems(noValues), [`${COMMAND} (missing pre-script, post-script, dry-run)`]);
        const noDryRun = good();
        noDryRun.parameters.command.allowedValues = ["pre-script", "post-script"];
        assert.deepStrictEqual(dlmDocumentProblems(noDryRun), [`${COMMAND} (missing dry-run)`]);
    });

    it("the executionId parameter: missing, not a String, or another pattern, each alone", () => {
        const missing = good();
        delete missing.parameters.executionId;
        assert.deepStrictEqual(dlmDocumentProblems(missing), [EXECUTION_ID]);
        const list = good();
        list.parameters.executionId.type = "StringList";
        assert.deepStrictEqual(dlmDocumentProblems(list), [EXECUTION_ID]);
        const pattern = good();
        pattern.parameters.executionId.allowedPattern = ".*";
        assert.deepStrictEqual(dlmDocumentProblems(pattern), [EXECUTION_ID]);
    });

    it("a parameter DLM cannot pass is named; command and executionId need no default", () => {
        const extra = good();
        extra.parameters.dataDir = { type: "String" };
        assert.deepStrictEqual(dlmDocumentProblems(extra), ["parameter dataDir has no default, but DLM passes only command and executionId"]);
    });

    it("steps: none, or any one that is not a shell script", () => {
        const none = good();
        none.mainSteps = [];
        assert.deepStrictEqual(dlmDocumentProblems(none), [STEPS]);
        const mixed = good();
        mixed.mainSteps.push({ action: "aws:runPowerShellScript", name: "ps" });
        assert.deepStrictEqual(dlmDocumentProblems(mixed), [STEPS]);
        const two = good();
        two.mainSteps.push({ action: "aws:runShellScript", name: "again" });
        assert.deepStrictEqual(dlmDocumentProblems(two), []);
    });

    it("scripts: a missing handler, a fractional retry count", () => {
        assert.deepStrictEqual(dlmScriptsProblems({}), ["executionHandler undefined must name the SSM document (3-128 letters, digits, _ - .) or its ARN"]);
        assert.deepStrictEqual(dlmScriptsProblems({ executionHandler: "sigma-doc", maximumRetryCount: 1.5 }), ["maximumRetryCount 1.5 must be a whole number from 0 to 3"]);
    });

    it("a policy's ARN is the one DLM's events carry (AWS's sample 'DLM Policy State Change')", () => {
        const event = sample("aws-sample-dlm-policy-state-change");
        const [, partition, , region, account, resource] = event.resources[0].split(":");
        assert.strictEqual(dlmPolicyArn(partition, region, account, resource.replace("policy/", "")), event.resources[0]);
        assert.strictEqual(dlmPolicyArn("aws-cn", "cn-north-1", "123456789012", "policy-1"), "arn:aws-cn:dlm:cn-north-1:123456789012:policy/policy-1");
    });
});
