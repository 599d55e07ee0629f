import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    HTTPS_MIRRORS, httpsMirrorsScript, patchFailurePattern, patchGroupTags, patchInstancePolicy, patchRunbook, PATCHING_DEFAULTS,
    runbookRolePolicy, SigmaPatching, SigmaPatchingArgs, ubuntuApprovalRule, validatePatchingArgs, windowRolePolicy,
} from "../../../components/operations/sigmaPatching";
import { eventPatternMatches } from "../../../model/eventPattern";
import { lookupAction } from "../../../model/iamActions";
import { evaluatePolicies, IamPolicyDocument } from "../../../model/iamPolicyEvaluation";
import { BACKUP_JOB_FINAL_STATES } from "../../../model/patchManager";
import { registered, registeredOne, resolve, useMocks } from "../../helpers";

const TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms";
const ONCALL = "arn:aws:sns:ap-southeast-1:123456789012:oncall";
const VAULT_ARN = "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-test";
const BACKUP_ROLE = "arn:aws:iam::123456789012:role/sigma-backup-role";
const valid: SigmaPatchingArgs = {
    stackScope: "sigma/test",
    patchGroup: "sigma-test",
    schedule: "cron(0 18 ? 1,4,7,10 SAT#2 *)",
    backupVaultName: "SigmaBackupVault-test",
    backupVaultArn: VAULT_ARN,
    backupRoleArn: BACKUP_ROLE,
    backupRetentionDays: 14,
    instanceRoleNames: ["sigma-appdb-role"],
    alarmTopicArn: TOPIC,
    extraAlarmTopicArns: [ONCALL],
    windowName: "sigma-test",
};
const EVENTS = path.join(__dirname, "..", "..", "..", "model", "awsSampleEvents");
const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(EVENTS, name), "utf8")).event as Record<string, any>;
const withDetail = (event: Record<string, any>, detail: Record<string, unknown>) => ({ ...event, detail: { ...event.detail, ...detail } });

function problems(args: Partial<SigmaPatchingArgs>): string[] {
    try {
        validatePatchingArgs("test", { ...valid, ...args } as SigmaPatchingArgs);
    } catch (err) {
        return (err as Error).message.split("\n  - ").slice(1);
    }
    return [];
}

describe("SigmaPatching: args", () => {
    it("accepts the defaults and a quarterly window", () => {
        assert.deepStrictEqual(problems({}), []);
    });

    const rows: Array<[string, Partial<SigmaPatchingArgs>, string]> = [
        ["a window of no hours", { durationHours: 0 }, "durationHours 0 must be a whole number of hours from 1 to 24"],
        ["a window over a day", { durationHours: 25 }, "durationHours 25 must be a whole number of hours from 1 to 24"],
        ["a negative cutoff", { cutoffHours: -1 }, "cutoffHours -1 must be a whole number of hours from 0 to 23"],
        ["a cutoff as long as the window", { durationHours: 3, cutoffHours: 3 }, "cutoffHours 3 leaves no time to start a task in a 3-hour window"],
        ["a window that runs once", { schedule: "at(2027-01-09T18:00:00)" }, "schedule \"at(2027-01-09T18:00:00)\" runs once"],
        ["a five-field cron", { schedule: "cron(0 18 ? * SAT)" }, "schedule \"cron(0 18 ? * SAT)\""],
        ["runs closer than the window lasts", { schedule: "rate(3 hours)" }, "schedule \"rate(3 hours)\" starts runs 3 hours apart, inside the 4-hour window"],
        ["a zone abbreviation", { timezone: "SGT" }, "timezone \"SGT\" is not an IANA time zone"],
        ["an approval delay on Ubuntu", { approveAfterDays: 7 }, "approveAfterDays 7 cannot delay approval on UBUNTU"],
        ["a window name with spaces", { windowName: "sigma prod" }, "windowName \"sigma prod\" must be 3-100 letters"],
        ["an empty patch group", { patchGroup: "" }, "patchGroup \"\" must be 1-256"],
        ["a zero-day pre-patch backup", { backupRetentionDays: 0 }, "backupRetentionDays 0 must be a whole number of days, at least 1"],
        ["five extra topics", { extraAlarmTopicArns: [ONCALL, ONCALL, ONCALL, ONCALL, ONCALL] }, "extraAlarmTopicArns lists 5 topics"],
        ["a reserved tag", { tags: { "aws:owner": "x" } }, "tags key \"aws:owner\" uses the reserved \"aws:\" prefix"],
        ["a window name that is a number", { windowName: 12345 as unknown as string }, "windowName 12345 must be 3-100 letters"],
        ["a patch group that is a number", { patchGroup: 7 as unknown as string }, "patchGroup 7 must be 1-256"],
        ["instance roles that are not a list", { instanceRoleNames: "sigma-role" as unknown as string[] }, "instanceRoleNames \"sigma-role\" must be a list of the instances' role names"],
    ];
    for (const [label, args, expected] of rows) {
        it(`refuses ${label}`, () => {
            const found = problems(args);
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.ok(found[0].startsWith(expected), `${found[0]}\n  does not start with\n${expected}`);
        });
    }

    it("takes the boundaries: a 1-hour window with no cutoff, a 24-hour one with 23, runs exactly a window apart", () => {
        assert.deepStrictEqual(problems({ durationHours: 1, cutoffHours: 0 }), []);
        assert.deepStrictEqual(problems({ durationHours: 24, cutoffHours: 23, schedule: "rate(1 day)" }), []);
        assert.deepStrictEqual(problems({ schedule: "rate(4 hours)" }), []);
        assert.deepStrictEqual(problems({ backupRetentionDays: 1 }), []);
        assert.deepStrictEqual(problems({ extraAlarmTopicArns: [ONCALL, ONCALL, ONCALL, ONCALL] }), []);
    });

    it("lists every problem at once", () => {
        assert.strictEqual(problems({ durationHours: 0, timezone: "SGT", approveAfterDays: 3, windowName: "x" }).length, 4);
    });
});

describe("SigmaPatching: the baseline", () => {
    it("approves Ubuntu security updates of every priority, and sends no approval delay (Ubuntu takes none)", () => {
        const rule = ubuntuApprovalRule(0);
        assert.deepStrictEqual(rule, {
            patchFilters: [{ key: "PRIORITY", values: ["Required", "Important", "Standard", "Optional", "Extra"] }, { key: "SECTION", values: ["*"] }],
            complianceLevel: "HIGH",
            enableNonSecurity: false,
        });
        assert.ok(!("approveAfterDays" in rule));
        assert.throws(() => ubuntuApprovalRule(1), /approveAfterDays 1 cannot delay approval on UBUNTU/);
    });

    it("tags an instance into its patch group with the documented key", () => {
        assert.deepStrictEqual(patchGroupTags("sigma-prod"), { "Patch Group": "sigma-prod" });
    });
});

describe("SigmaPatching: the runbook", () => {
    const runbook = patchRunbook() as { schemaVersion: string; assumeRole: string; parameters: Record<string, unknown>; mainSteps: Array<Record<string, any>> };
    const step = (name: string) => runbook.mainSteps.find((s) => s.name === name)!;

    it("backs up, waits, asserts, switches mirrors and installs, in that order, aborting on any failure", () => {
        assert.strictEqual(runbook.schemaVersion, "0.3");
        assert.strictEqual(runbook.assumeRole, "{{AutomationAssumeRole}}");
        assert.deepStrictEqual(runbook.mainSteps.map((s) => `${s.name}:${s.action}`), [
            "getInstanceState:aws:executeAwsApi", "onlyRunningInstances:aws:branch", "startPrePatchBackup:aws:executeAwsApi",
            "waitForPrePatchBackup:aws:waitForAwsResourceProperty", "assertPrePatchBackupCompleted:aws:assertAwsResourceProperty",
            "useHttpsMirrors:aws:runCommand", "installPatches:aws:runCommand", "skipStoppedInstance:aws:sleep",
        ]);
        for (const name of ["startPrePatchBackup", "waitForPrePatchBackup", "assertPrePatchBackupCompleted", "useHttpsMirrors", "installPatches"]) {
            assert.strictEqual(step(name).onFailure, "Abort", name);
        }
        // The two ends: the install, and the skip of a stopped instance; nothing runs after either.
        assert.deepStrictEqual(runbook.mainSteps.filter((s) => s.isEnd).map((s) => s.name), ["installPatches", "skipStoppedInstance"]);
    });

    it("goes on to the backup only for a running instance", () => {
        assert.deepStrictEqual(step("onlyRunningInstances").inputs, {
            Choices: [{ NextStep: "startPrePatchBackup", Variable: "{{getInstanceState.State}}", StringEquals: "running" }], Default: "skipStoppedInstance",
        });
        assert.strictEqual(step("getInstanceState").outputs[0].Selector, "$.Reservations[0].Instances[0].State.Name");
    });

    it("starts an AWS Backup job of the instance into the vault with the backup role (StartBackupJob's fields)", () => {
        const inputs = step("startPrePatchBackup").inputs;
        assert.deepStrictEqual(inputs, {
            Service: "backup", Api: "StartBackupJob", BackupVaultName: "{{BackupVaultName}}",
            ResourceArn: "arn:{{global:AWS_PARTITION}}:ec2:{{global:REGION}}:{{global:ACCOUNT_ID}}:instance/{{InstanceId}}",
            IamRoleArn: "{{BackupRoleArn}}", IdempotencyToken: "{{automation:EXECUTION_ID}}",
            StartWindowMinutes: 60, CompleteWindowMinutes: PATCHING_DEFAULTS.backupTimeoutMinutes, Lifecycle: { DeleteAfterDays: "{{DeleteAfterDays}}" },
        });
        assert.strictEqual(step("startPrePatchBackup").outputs[0].Selector, "$.BackupJobId");
    });

    it("waits for a final job state, then requires COMPLETED", () => {
        const wait = step("waitForPrePatchBackup");
        assert.deepStrictEqual(wait.inputs.DesiredValues, ["ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL"]);
        assert.deepStrictEqual(wait.inputs.DesiredValues, [...BACKUP_JOB_FINAL_STATES]);
        assert.strictEqual(wait.inputs.BackupJobId, "{{startPrePatchBackup.BackupJobId}}");
        assert.strictEqual(wait.timeoutSeconds, PATCHING_DEFAULTS.backupTimeoutMinutes * 60);
        assert.deepStrictEqual(step("assertPrePatchBackupCompleted").inputs.DesiredValues, ["COMPLETED"]);
        assert.strictEqual(patchRunbook(30).mainSteps instanceof Array, true);
        assert.strictEqual((patchRunbook(30) as any).mainSteps[3].timeoutSeconds, 1800);
    });

    it("installs with AWS-RunPatchBaseline Operation=Install and the reboot option it is given", () => {
        assert.deepStrictEqual(step("installPatches").inputs, {
            DocumentName: "AWS-RunPatchBaseline", InstanceIds: ["{{InstanceId}}"], Parameters: { Operation: "Install", RebootOption: "{{RebootOption}}" },
        });
        assert.deepStrictEqual((runbook.parameters.RebootOption as any).allowedValues, ["RebootIfNeeded", "NoReboot"]);
        assert.strictEqual(step("useHttpsMirrors").inputs.DocumentName, "AWS-RunShellScript");
        assert.deepStrictEqual(step("useHttpsMirrors").inputs.Parameters.commands, httpsMirrorsScript().split("\n"));
    });
});

describe("SigmaPatching: the HTTPS mirrors script", function () {
    this.timeout(30000);
    let dir: string;
    const EC2_SOURCES = [
        "Types: deb", "URIs: http://ap-southeast-1.ec2.archive.ubuntu.com/ubuntu/", "Suites: noble noble-updates noble-backports",
        "Components: main restricted universe multiverse", "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg", "",
        "Types: deb", "URIs: http://security.ubuntu.com/ubuntu/", "Suites: noble-security",
        "Components: main restricted universe multiverse", "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg", "",
    ].join("\n");
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-mirrors-"));
        fs.mkdirSync(path.join(dir, "bin"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs the script on a sources file in `dir` with a stand-in apt-get that exits `aptExit`. */
    function run(sources: string | undefined, aptExit = 0): { status: number | null; sources?: string; backup?: string; out: string } {
        const file = path.join(dir, "ubuntu.sources");
        if (sources !== undefined) {
            fs.writeFileSync(file, sources);
        }
        fs.writeFileSync(path.join(dir, "bin", "apt-get"), `#!/bin/sh\necho "apt-get $*" >> ${dir}/apt.log\nexit ${aptExit}\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(dir, "script.sh"), httpsMirrorsScript(file));
        const result = spawnSync("bash", [path.join(dir, "script.sh")], { env: { ...process.env, PATH: `${dir}/bin:${process.env.PATH}` }, encoding: "utf8" });
        const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined);
        return { status: result.status, sources: read(file), backup: read(`${file}.sigma-http`), out: result.stdout + result.stderr };
    }

    it("passes shellcheck", () => {
        const file = path.join(dir, "script.sh");
        fs.writeFileSync(file, httpsMirrorsScript());
        execFileSync("shellcheck", [file]);
    });

    it("rewrites EC2's http archive and security mirrors to Ubuntu's HTTPS hosts, keeps the original, and checks with apt-get update", () => {
        const result = run(EC2_SOURCES);
        assert.strictEqual(result.status, 0, result.out);
        assert.deepStrictEqual(result.sources!.split("\n").filter((l) => l.startsWith("URIs:")), [`URIs: ${HTTPS_MIRRORS.archive}`, `URIs: ${HTTPS_MIRRORS.security}`]);
        assert.strictEqual(result.sources, EC2_SOURCES.replace("http://ap-southeast-1.ec2.archive.ubuntu.com/ubuntu/", HTTPS_MIRRORS.archive)
            .replace("http://security.ubuntu.com/ubuntu/", HTTPS_MIRRORS.security));
        assert.strictEqual(result.backup, EC2_SOURCES);
        assert.match(fs.readFileSync(path.join(dir, "apt.log"), "utf8"), /^apt-get update/);
    });

    it("rewrites archive.ubuntu.com and ports.ubuntu.com too", () => {
        const result = run("URIs: http://archive.ubuntu.com/ubuntu\nSuites: noble\n\nURIs: http://ports.ubuntu.com/ubuntu-ports/\nSuites: noble\n");
        assert.strictEqual(result.status, 0, result.out);
        assert.strictEqual(result.sources, `URIs: ${HTTPS_MIRRORS.archive}\nSuites: noble\n\nURIs: ${HTTPS_MIRRORS.ports}\nSuites: noble\n`);
    });

    it("changes nothing when apt already uses HTTPS, and calls no apt-get", () => {
        const https = EC2_SOURCES.replace("http://ap-southeast-1.ec2.archive.ubuntu.com/ubuntu/", HTTPS_MIRRORS.archive).replace("http://security.ubuntu.com/ubuntu/", HTTPS_MIRRORS.security);
        const result = run(https);
        assert.strictEqual(result.status, 0);
        assert.strictEqual(result.sources, https);
        assert.strictEqual(result.backup, undefined);
        assert.ok(!fs.existsSync(path.join(dir, "apt.log")));
    });

    it("restores the original and fails (before any install) for an http mirror it does not know", () => {
        const sources = "URIs: http://mirror.example.com/ubuntu/\nSuites: noble\n";
        const result = run(sources);
        assert.strictEqual(result.status, 1);
        assert.strictEqual(result.sources, sources);
        assert.match(result.out, /not an Ubuntu mirror this script knows/);
    });

    it("restores the original and fails when apt-get update over HTTPS fails", () => {
        const result = run(EC2_SOURCES, 100);
        assert.strictEqual(result.status, 1);
        assert.strictEqual(result.sources, EC2_SOURCES);
        assert.match(result.out, /apt-get update over HTTPS failed/);
    });

    it("leaves an instance without deb822 sources alone", () => {
        const result = run(undefined);
        assert.strictEqual(result.status, 0);
        assert.match(result.out, /apt left as it is/);
    });
});

describe("SigmaPatching: IAM", () => {
    const P = "aws";
    const R = "ap-southeast-1";
    const A = "123456789012";
    // Built inside each test (not when the suite is defined), so a mutation test sees them made by the code under test.
    const window = () => windowRolePolicy(P, R, A, "sigma-runbook-abc", "arn:aws:iam::123456789012:role/sigma-runbook");
    const runbook = () => runbookRolePolicy(P, R, A, { vaultArn: VAULT_ARN, backupRoleArn: BACKUP_ROLE, stackScope: "sigma/test" });
    const instance = () => patchInstancePolicy(P, R, A);
    const can = (doc: () => unknown, action: string, resource: string, context: Record<string, string> = {}) =>
        evaluatePolicies([doc() as IamPolicyDocument], { action, resource, context });

    it("names only actions AWS has", () => {
        for (const doc of [window(), runbook(), instance()]) {
            for (const statement of doc.Statement as Array<{ Action: string[] }>) {
                for (const action of statement.Action) {
                    assert.ok(lookupAction(action), `${action} is not in AWS's catalogue`);
                }
            }
        }
    });

    it("writes each document in the 2012-10-17 language with a distinct, named statement each", () => {
        for (const doc of [window(), runbook(), instance()]) {
            assert.strictEqual(doc.Version, "2012-10-17");
            const sids = (doc.Statement as Array<{ Sid?: string }>).map((s) => s.Sid ?? "");
            assert.ok(sids.every((sid) => /^[A-Za-z0-9]+$/.test(sid)), sids.join(", "));
            assert.strictEqual(new Set(sids).size, sids.length);
        }
    });

    it("lets the window and the runbook follow what they start: automation runs, backup jobs, commands, instance state", () => {
        assert.strictEqual(can(window, "ssm:GetAutomationExecution", "arn:aws:ssm:ap-southeast-1:123456789012:automation-execution/0123abcd-0123-0123-0123-0123456789ab"), "allow");
        assert.strictEqual(can(window, "ssm:GetAutomationExecution", "arn:aws:ssm:ap-southeast-2:123456789012:automation-execution/x"), "implicit-deny");
        assert.strictEqual(can(runbook, "ec2:DescribeInstances", "*"), "allow");
        assert.strictEqual(can(runbook, "backup:DescribeBackupJob", "*"), "allow");
        assert.strictEqual(can(runbook, "ssm:ListCommands", "*"), "allow");
        assert.strictEqual(can(runbook, "ssm:ListCommandInvocations", "*"), "allow");
        assert.strictEqual(can(runbook, "ec2:StopInstances", "*"), "implicit-deny");
    });

    it("the window may start only the patch runbook and pass only its role, to Systems Manager", () => {
        assert.strictEqual(can(window, "ssm:StartAutomationExecution", "arn:aws:ssm:ap-southeast-1:123456789012:automation-definition/sigma-runbook-abc:$DEFAULT"), "allow");
        assert.strictEqual(can(window, "ssm:StartAutomationExecution", "arn:aws:ssm:ap-southeast-1:123456789012:automation-definition/AWS-DeleteImage:$DEFAULT"), "implicit-deny");
        assert.strictEqual(can(window, "iam:PassRole", "arn:aws:iam::123456789012:role/sigma-runbook", { "iam:PassedToService": "ssm.amazonaws.com" }), "allow");
        assert.strictEqual(can(window, "iam:PassRole", "arn:aws:iam::123456789012:role/sigma-runbook", { "iam:PassedToService": "ec2.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(can(window, "iam:PassRole", "arn:aws:iam::123456789012:role/admin", { "iam:PassedToService": "ssm.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(can(window, "ssm:SendCommand", "arn:aws:ssm:ap-southeast-1::document/AWS-RunShellScript"), "implicit-deny");
    });

    it("the runbook backs up into the stack's vault only, passing the backup role to AWS Backup only", () => {
        assert.strictEqual(can(runbook, "backup:StartBackupJob", VAULT_ARN), "allow");
        assert.strictEqual(can(runbook, "backup:StartBackupJob", "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:Other"), "implicit-deny");
        assert.strictEqual(can(runbook, "iam:PassRole", BACKUP_ROLE, { "iam:PassedToService": "backup.amazonaws.com" }), "allow");
        assert.strictEqual(can(runbook, "iam:PassRole", BACKUP_ROLE, { "iam:PassedToService": "ec2.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(can(runbook, "backup:DeleteRecoveryPoint", VAULT_ARN), "implicit-deny");
    });

    it("the runbook sends the two AWS documents, to the stack's instances only", () => {
        const stackInstance = "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0";
        assert.strictEqual(can(runbook, "ssm:SendCommand", "arn:aws:ssm:ap-southeast-1::document/AWS-RunPatchBaseline"), "allow");
        assert.strictEqual(can(runbook, "ssm:SendCommand", "arn:aws:ssm:ap-southeast-1::document/AWS-RunShellScript"), "allow");
        assert.strictEqual(can(runbook, "ssm:SendCommand", "arn:aws:ssm:ap-southeast-1::document/AWS-RunPowerShellScript"), "implicit-deny");
        assert.strictEqual(can(runbook, "ssm:SendCommand", stackInstance, { "ssm:resourceTag/sigma:stack": "sigma/test" }), "allow");
        assert.strictEqual(can(runbook, "ssm:SendCommand", stackInstance, { "ssm:resourceTag/sigma:stack": "sigma/other" }), "implicit-deny");
        assert.strictEqual(can(runbook, "ssm:SendCommand", stackInstance), "implicit-deny");
    });

    it("the instance reads its patch snapshot and reports compliance, nothing more of SSM", () => {
        assert.strictEqual(can(instance, "ssm:GetDeployablePatchSnapshotForInstance", "*"), "allow");
        assert.strictEqual(can(instance, "ssm:PutComplianceItems", "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0"), "allow");
        assert.strictEqual(can(instance, "ssm:SendCommand", "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0"), "implicit-deny");
        assert.strictEqual(can(instance, "ec2messages:GetMessages", "*"), "allow");
    });
});

describe("SigmaPatching: failures reach the topic", () => {
    const WINDOW = "mw-0ed7251d3fcf6e0c2";
    const matches = (event: unknown) => eventPatternMatches(patchFailurePattern(WINDOW), event);
    const task = sample("aws-sample-ssm-maintenance-window-task-timed-out.json");
    const execution = sample("aws-sample-ssm-maintenance-window-execution-timed-out.json");
    const disabled = withDetail(sample("aws-sample-ssm-maintenance-window-disabled.json"), { "window-id": WINDOW });

    it("names the window, the three detail types and the failing statuses", () => {
        assert.deepStrictEqual(patchFailurePattern(WINDOW), {
            "source": ["aws.ssm"],
            "detail-type": ["Maintenance Window Execution State-change Notification", "Maintenance Window Task Execution State-change Notification",
                "Maintenance Window State-change Notification"],
            "detail": { "window-id": [WINDOW], "status": ["FAILED", "TIMED_OUT", "SKIPPED_OVERLAPPING", "DISABLED"] },
        });
    });

    it("matches AWS's sample task and window-run events of its window that time out or fail, and the window disabled", () => {
        assert.ok(matches(task));
        assert.ok(matches(execution));
        assert.ok(matches(withDetail(task, { status: "FAILED" })));
        assert.ok(matches(withDetail(execution, { status: "FAILED" })));
        assert.ok(matches(disabled));
        assert.ok(matches(withDetail(execution, { status: "SKIPPED_OVERLAPPING" })));
    });

    it("does not match success, progress, enabling, or another window", () => {
        for (const status of ["SUCCESS", "IN_PROGRESS", "PENDING"]) {
            assert.ok(!matches(withDetail(task, { status })), status);
        }
        assert.ok(!matches(withDetail(disabled, { status: "ENABLED" })));
        assert.ok(!matches(withDetail(task, { "window-id": "mw-11111111111111111" })));
        assert.ok(!matches({ ...task, source: "aws.backup" }));
    });
});

describe("SigmaPatching: the component", function () {
    this.timeout(60000);

    it("registers the baseline for the patch group, a window on the schedule, and one task over the stack's instances", async () => {
        const mocks = await useMocks();
        const patching = new SigmaPatching("test", { ...valid, rebootAllowed: false, timezone: "Asia/Singapore", durationHours: 3, cutoffHours: 0 });
        await resolve(patching.windowId);
        const baseline = await registeredOne(mocks, "aws:ssm/patchBaseline:PatchBaseline", "test-baseline");
        assert.strictEqual(baseline.inputs.operatingSystem, "UBUNTU");
        assert.strictEqual(baseline.inputs.name, "sigma-test-ubuntu-security");
        const group = await registeredOne(mocks, "aws:ssm/patchGroup:PatchGroup", "test-patch-group");
        assert.strictEqual(group.inputs.patchGroup, "sigma-test");
        const window = await registeredOne(mocks, "aws:ssm/maintenanceWindow:MaintenanceWindow", "test-window");
        assert.deepStrictEqual([window.inputs.schedule, window.inputs.scheduleTimezone, window.inputs.duration, window.inputs.cutoff, window.inputs.allowUnassociatedTargets],
            ["cron(0 18 ? 1,4,7,10 SAT#2 *)", "Asia/Singapore", 3, 0, false]);
        const target = await registeredOne(mocks, "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget", "test-instances");
        assert.deepStrictEqual(target.inputs.targets, [{ key: "tag:sigma:stack", values: ["sigma/test"] }]);
        const task = await registeredOne(mocks, "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask", "test-patch");
        assert.deepStrictEqual([task.inputs.taskType, task.inputs.maxConcurrency, task.inputs.maxErrors, task.inputs.cutoffBehavior], ["AUTOMATION", "1", "0", "CANCEL_TASK"]);
        const parameters = Object.fromEntries((task.inputs.taskInvocationParameters.automationParameters.parameters as Array<{ name: string; values: string[] }>)
            .map((p) => [p.name, p.values]));
        assert.deepStrictEqual(parameters.InstanceId, ["{{RESOURCE_ID}}"]);
        assert.deepStrictEqual(parameters.DeleteAfterDays, ["14"]);
        assert.deepStrictEqual(parameters.RebootOption, ["NoReboot"]);
        assert.deepStrictEqual(parameters.BackupVaultName, ["SigmaBackupVault-test"]);
        assert.deepStrictEqual(parameters.BackupRoleArn, [BACKUP_ROLE]);
    });

    it("reboots when needed by default, and tells both topics", async () => {
        const mocks = await useMocks();
        const patching = new SigmaPatching("defaults", valid);
        await resolve(patching.failureRuleName);
        const task = await registeredOne(mocks, "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask", "defaults-patch");
        const reboot = (task.inputs.taskInvocationParameters.automationParameters.parameters as Array<{ name: string; values: string[] }>).find((p) => p.name === "RebootOption");
        assert.deepStrictEqual(reboot!.values, ["RebootIfNeeded"]);
        const window = await registeredOne(mocks, "aws:ssm/maintenanceWindow:MaintenanceWindow", "defaults-window");
        assert.deepStrictEqual([window.inputs.scheduleTimezone, window.inputs.duration, window.inputs.cutoff], ["UTC", 4, 1]);
        const targets = (await registered(mocks, "aws:cloudwatch/eventTarget:EventTarget")).filter((t) => t.name.startsWith("defaults-failed"));
        assert.deepStrictEqual(targets.map((t) => t.inputs.arn).sort(), [ONCALL, TOPIC].sort());
        const document = await registeredOne(mocks, "aws:ssm/document:Document", "defaults-runbook");
        assert.strictEqual(document.inputs.documentType, "Automation");
        assert.deepStrictEqual(JSON.parse(document.inputs.content), patchRunbook());
        const policies = (await registered(mocks, "aws:iam/rolePolicy:RolePolicy")).filter((p) => p.name.startsWith("defaults-instance-"));
        assert.deepStrictEqual(policies.map((p) => p.inputs.role), ["sigma-appdb-role"]);
    });

    it("creates nothing when the args are bad", async () => {
        const mocks = await useMocks();
        assert.throws(() => new SigmaPatching("bad", { ...valid, approveAfterDays: 7 }), /SigmaPatching "bad" has invalid args/);
        assert.deepStrictEqual((await registered(mocks)).filter((r) => r.name.startsWith("bad")), []);
    });
});
