import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { eventPatternMatches } from "../../model/eventPattern";
import {
    EC2_OVERRIDABLE_KEYS, ec2OverrideProblems, ModelServiceError, putMetricDataProblem, restoreTestCompletedPattern, RestoreTestingWorld,
    selectionNameProblem, validationWindowProblem,
} from "../../model/restoreTesting";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "model", "awsSampleEvents", name), "utf8"));
const PLAN = "arn:aws:backup:ap-southeast-1:123456789012:restore-testing-plan:sigma_prod_restore_test";

describe("model/restoreTesting: EC2 restore metadata overrides", () => {
    it("accepts the overrides SigmaRestoreTesting sends, with keys in any case", () => {
        assert.deepStrictEqual(ec2OverrideProblems({
            requireImdsV2: "true", subnetId: "subnet-0123456789abcdef0", securityGroupIds: '["sg-0123456789abcdef0"]', instanceType: "t3.xlarge",
        }), []);
        assert.deepStrictEqual(ec2OverrideProblems({ SubnetId: "subnet-0123456789abcdef0", IAMINSTANCEPROFILENAME: "UseBackedUpValue" }), []);
        assert.deepStrictEqual([...EC2_OVERRIDABLE_KEYS].sort(), ["iamInstanceProfileName", "instanceType", "requireImdsV2", "securityGroupIds", "subnetId"]);
    });

    // One row per rule of restore-testing-inferred-metadata.html (and the value shapes those keys take).
    const rows: Array<[string, Record<string, string | undefined>, RegExp]> = [
        ["a key AWS does not let restore tests override (placement)", { Placement: '{"AvailabilityZone":"ap-southeast-1a"}' }, /key "Placement" cannot be overridden for EC2 restore tests; AWS Backup accepts only iamInstanceProfileName, instanceType, requireImdsV2, securityGroupIds, subnetId/],
        ["a key AWS does not let restore tests override (network interfaces)", { NetworkInterfaces: "[]" }, /key "NetworkInterfaces" cannot be overridden/],
        ["the same key twice in different case", { subnetId: "subnet-0123456789abcdef0", SUBNETID: "subnet-0123456789abcdef1" }, /keys "subnetId" and "SUBNETID" are the same key/],
        ["a new instance profile", { iamInstanceProfileName: "sigma-restored-instance-profile" }, /iamInstanceProfileName "sigma-restored-instance-profile" is neither null nor UseBackedUpValue/],
        ["an instance type that is not one", { instanceType: "xlarge" }, /instanceType "xlarge" is not an EC2 instance type/],
        ["IMDSv2 as yes", { requireImdsV2: "yes" }, /requireImdsV2 "yes" must be "true" or "false"/],
        ["a subnet that is a group id", { subnetId: "sg-0123456789abcdef0" }, /subnetId "sg-0123456789abcdef0" is not a subnet id/],
        ["groups as a comma list", { securityGroupIds: "sg-0123456789abcdef0,sg-0123456789abcdef1" }, /securityGroupIds .* is not a JSON array/],
        ["an empty group list", { securityGroupIds: "[]" }, /securityGroupIds "\[\]" is not a non-empty JSON array/],
        ["a group listed twice", { securityGroupIds: '["sg-0123456789abcdef0","sg-0123456789abcdef0"]' }, /lists a group twice/],
        ["six groups", { securityGroupIds: JSON.stringify([0, 1, 2, 3, 4, 5].map((i) => `sg-0123456789abcdef${i}`)) }, /lists 6 groups; a network interface takes at most 5/],
    ];
    for (const [label, overrides, message] of rows) {
        it(`refuses ${label}`, () => {
            const problems = ec2OverrideProblems(overrides);
            assert.strictEqual(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], message);
        });
    }

    it("checks only the key of a value not known yet", () => {
        assert.deepStrictEqual(ec2OverrideProblems({ subnetId: undefined, securityGroupIds: undefined }), []);
        assert.strictEqual(ec2OverrideProblems({ VpcId: undefined }).length, 1);
    });
});

describe("model/restoreTesting: selection settings", () => {
    const windows: Array<[unknown, boolean]> = [[0, false], [1, true], [2, true], [168, true], [169, false], [1.5, false], ["2", false]];
    for (const [hours, ok] of windows) {
        it(`validation window ${JSON.stringify(hours)} h is ${ok ? "accepted" : "refused"} (1 to 168)`, () => {
            assert.strictEqual(validationWindowProblem(hours) === undefined, ok);
        });
    }
    const names: Array<[string, boolean]> = [["sigma_prod_restore_test_ec2", true], ["a", true], ["sigma_", false], ["-sigma", false], ["x".repeat(51), false], ["has space", false]];
    for (const [name, ok] of names) {
        it(`selection name ${JSON.stringify(name)} is ${ok ? "accepted" : "refused"}`, () => {
            assert.strictEqual(selectionNameProblem(name) === undefined, ok);
        });
    }
});

describe("model/restoreTesting: the restore-test completed event", () => {
    const pattern = restoreTestCompletedPattern(PLAN, "EC2");

    it("has the shape of the validation guide's example, filled in", () => {
        const guide = fixture("restore-testing-validation-guide-pattern.json").pattern;
        assert.deepStrictEqual(Object.keys(pattern).sort(), Object.keys(guide).sort());
        assert.deepStrictEqual(Object.keys(pattern.detail as object).sort(), Object.keys(guide.detail).sort());
        assert.deepStrictEqual((pattern.detail as Record<string, unknown>).status, guide.detail.status);
    });

    it("matches a completed EC2 restore job of the plan", () => {
        assert.ok(eventPatternMatches(pattern, fixture("restore-testing-ec2-completed.json").event));
    });

    it("does not match AWS's completed sample, which no restore testing plan started", () => {
        assert.ok(!eventPatternMatches(pattern, fixture("aws-sample-restore-job-completed.json").event));
    });

    it("does not match AWS's failed, running or pending samples", () => {
        for (const name of ["aws-sample-restore-job-failed.json", "aws-sample-restore-job-running.json", "aws-sample-restore-job-pending.json"]) {
            assert.ok(!eventPatternMatches(pattern, fixture(name).event), name);
        }
    });

    it("does not match a completed job of another plan, nor a failed job of this one", () => {
        const event = fixture("restore-testing-ec2-completed.json").event;
        assert.ok(!eventPatternMatches(pattern, { ...event, detail: { ...event.detail, restoreTestingPlanArn: `${PLAN}_other` } }));
        assert.ok(!eventPatternMatches(pattern, { ...event, detail: { ...event.detail, status: "FAILED" } }));
    });
});

describe("model/restoreTesting: RestoreTestingWorld answers as the API references say", () => {
    const job = (overrides: object = {}) => ({
        RestoreJobId: "job-1", Status: "COMPLETED" as const, ResourceType: "EC2", CreationDate: new Date("2026-11-22T03:10:00Z"),
        CompletionDate: new Date("2026-11-22T03:20:00Z"), CreatedResourceArn: "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0bbbbbbbbbbbbbbb2",
        CreatedBy: { RestoreTestingPlanArn: PLAN }, ...overrides,
    });
    const refusal = (world: RestoreTestingWorld, input: object, code: string, message?: RegExp) =>
        assert.throws(() => world.putRestoreValidationResult(input), (err: ModelServiceError) =>
            err.name === code && err.$metadata.httpStatusCode === 400 && (message === undefined || message.test(err.message)));

    it("DescribeRestoreJob: an unknown job is ResourceNotFoundException", () => {
        assert.throws(() => new RestoreTestingWorld().describeRestoreJob({ RestoreJobId: "nope" }), { name: "ResourceNotFoundException" });
    });

    it("PutRestoreValidationResult: records a result once; a set status cannot be changed", () => {
        const world = new RestoreTestingWorld();
        world.addJob(job());
        world.putRestoreValidationResult({ RestoreJobId: "job-1", ValidationStatus: "SUCCESSFUL", ValidationStatusMessage: "ok" });
        assert.strictEqual(world.describeRestoreJob({ RestoreJobId: "job-1" }).ValidationStatus, "SUCCESSFUL");
        refusal(world, { RestoreJobId: "job-1", ValidationStatus: "FAILED" }, "InvalidRequestException", /cannot be changed/);
    });

    const rows: Array<[string, object, object, string]> = [
        ["a status outside the enum", job(), { RestoreJobId: "job-1", ValidationStatus: "PASSED" }, "InvalidParameterValueException"],
        ["no status", job(), { RestoreJobId: "job-1" }, "MissingParameterValueException"],
        ["an unknown job", job(), { RestoreJobId: "job-2", ValidationStatus: "SUCCESSFUL" }, "ResourceNotFoundException"],
        ["a job no restore testing plan started (assumed)", job({ CreatedBy: undefined }), { RestoreJobId: "job-1", ValidationStatus: "SUCCESSFUL" }, "InvalidRequestException"],
        ["a job still RUNNING (assumed)", job({ Status: "RUNNING" }), { RestoreJobId: "job-1", ValidationStatus: "SUCCESSFUL" }, "InvalidRequestException"],
    ];
    for (const [label, stored, input, code] of rows) {
        it(`PutRestoreValidationResult refuses ${label} with ${code}`, () => {
            const world = new RestoreTestingWorld();
            world.addJob(stored as ReturnType<typeof job>);
            refusal(world, input, code);
            assert.deepStrictEqual(world.validations, []);
        });
    }

    it("PutRestoreValidationResult refuses a job whose validation window closed (assumed)", () => {
        const world = new RestoreTestingWorld();
        world.addJob(job());
        world.closeValidationWindow("job-1");
        refusal(world, { RestoreJobId: "job-1", ValidationStatus: "SUCCESSFUL" }, "InvalidRequestException", /window has closed/);
    });

    it("DescribeInstances: an unknown id is InvalidInstanceID.NotFound, a malformed one InvalidInstanceID.Malformed", () => {
        const world = new RestoreTestingWorld();
        assert.throws(() => world.describeInstances({ InstanceIds: ["i-0bbbbbbbbbbbbbbb2"] }), { name: "InvalidInstanceID.NotFound" });
        assert.throws(() => world.describeInstances({ InstanceIds: ["i-xyz"] }), { name: "InvalidInstanceID.Malformed" });
    });

    it("PutMetricData refuses an AWS/ namespace and values CloudWatch cannot store", () => {
        assert.match(putMetricDataProblem("AWS/Backup", [{ MetricName: "x", Value: 1 }])!, /reserved/);
        assert.match(putMetricDataProblem("Sigma/RestoreTesting", [{ MetricName: "x", Value: Number.NaN }])!, /outside/);
        assert.match(putMetricDataProblem("Sigma/RestoreTesting", [{ MetricName: "x", Value: 2 ** 361 }])!, /outside/);
        assert.strictEqual(putMetricDataProblem("Sigma/RestoreTesting", [{ MetricName: "x", Value: 0 }, { MetricName: "y", Value: 612.5 }]), undefined);
        const world = new RestoreTestingWorld();
        assert.throws(() => world.putMetricData({ Namespace: "AWS/Lambda", MetricData: [{ MetricName: "x", Value: 1 }] }), { name: "InvalidParameterValue" });
        assert.deepStrictEqual(world.metrics, []);
    });

    it("plays injected faults first, then answers", () => {
        const world = new RestoreTestingWorld();
        world.addJob(job());
        world.failNext("DescribeRestoreJob", new ModelServiceError("ThrottlingException", "Rate exceeded", 400));
        assert.throws(() => world.describeRestoreJob({ RestoreJobId: "job-1" }), { name: "ThrottlingException" });
        assert.strictEqual(world.describeRestoreJob({ RestoreJobId: "job-1" }).Status, "COMPLETED");
    });
});
