import * as assert from "assert";
import {
    IAM_PATH_MAX_LENGTH, INSTANCE_INPUT_EFFECTS, inputsSentForExisting, instanceInputEffect,
    instanceProfileNameFromArn, isIamPath, planInstanceUpdate,
} from "../../model/ec2Instance";

const base = { ami: "ami-0aaaaaaaaaaaaaaaa", instanceType: "t3.xlarge", userData: "#!/bin/bash\necho v1\n", iamInstanceProfile: "app-profile-1", userDataReplaceOnChange: false };

describe("model/ec2Instance: how an instance change reaches AWS", () => {
    describe("provider effects (terraform-provider-aws aws_instance)", () => {
        const rows: Array<[string, boolean, string]> = [
            ["ami", false, "replace"],
            ["subnetId", false, "replace"],
            ["keyName", false, "replace"],
            ["instanceType", false, "stop-start"],
            ["userData", false, "stop-start"],
            ["userData", true, "replace"],
            ["iamInstanceProfile", false, "in-place"],
            ["iamInstanceProfile", true, "in-place"],
            ["vpcSecurityGroupIds", false, "in-place"],
        ];
        for (const [input, replaceOnChange, effect] of rows) {
            it(`${input}${replaceOnChange ? " with userDataReplaceOnChange" : ""}: ${effect}`, () =>
                assert.strictEqual(instanceInputEffect(input, replaceOnChange), effect));
        }
        it("refuses to guess the effect of an input it has no source for", () => {
            assert.throws(() => instanceInputEffect("hibernation", false), /no sourced effect for a change to Instance input "hibernation"/);
            assert.ok(!("hibernation" in INSTANCE_INPUT_EFFECTS));
        });
    });

    describe("Pulumi's ignoreChanges: ignored properties keep the state's value", () => {
        it("takes ignored values from the old inputs and drops ignored properties the state never had", () => {
            const sent = inputsSentForExisting({ ami: "ami-old", userData: "old" }, { ami: "ami-new", userData: "new", keyName: "ops" }, ["ami", "keyName"]);
            assert.deepStrictEqual(sent, { ami: "ami-old", userData: "new" });
        });

        it("a newer image from the lookup changes nothing when ami is ignored", () => {
            const plan = planInstanceUpdate(base, { ...base, ami: "ami-0bbbbbbbbbbbbbbbb" }, { ignoreChanges: ["userData", "ami"] });
            assert.deepStrictEqual([plan.action, plan.changed], ["same", []]);
        });

        it("the same newer image replaces the instance when ami is not ignored", () => {
            const plan = planInstanceUpdate(base, { ...base, ami: "ami-0bbbbbbbbbbbbbbbb" }, { ignoreChanges: ["userData"] });
            assert.deepStrictEqual([plan.action, plan.changed], ["replace", ["ami"]]);
        });

        it("a user data edit stops and starts the instance unless ignored", () => {
            const edited = { ...base, userData: "#!/bin/bash\necho v2\n" };
            const applied = planInstanceUpdate(base, edited, { ignoreChanges: [] });
            assert.deepStrictEqual([applied.action, applied.stopStart], ["update", true]);
            const ignored = planInstanceUpdate(base, edited, { ignoreChanges: ["userData"] });
            assert.deepStrictEqual([ignored.action, ignored.stopStart], ["same", false]);
        });

        it("a user data edit replaces the instance with userDataReplaceOnChange", () => {
            const plan = planInstanceUpdate({ ...base, userDataReplaceOnChange: true }, { ...base, userDataReplaceOnChange: true, userData: "v2" }, { ignoreChanges: [] });
            assert.strictEqual(plan.action, "replace");
        });

        it("a replacement for another reason is still made with the ignored old values", () => {
            const plan = planInstanceUpdate(base, { ...base, ami: "ami-0cccccccccccccccc", userData: "v2" }, { ignoreChanges: ["userData"] });
            assert.strictEqual(plan.action, "replace");
            assert.strictEqual(plan.inputs.userData, base.userData);
        });

        it("pulumi up --replace with a pinned lookup AMI replaces onto the old image", () => {
            const plan = planInstanceUpdate(base, { ...base, ami: "ami-0bbbbbbbbbbbbbbbb" }, { ignoreChanges: ["userData", "ami"], replaceTargeted: true });
            assert.deepStrictEqual([plan.action, plan.inputs.ami], ["replace", base.ami]);
        });

        it("a new instance profile name is an in-place update without a stop", () => {
            const plan = planInstanceUpdate(base, { ...base, iamInstanceProfile: "app-profile-2" }, { ignoreChanges: ["userData"] });
            assert.deepStrictEqual([plan.action, plan.stopStart, plan.changed], ["update", false, ["iamInstanceProfile"]]);
        });

        it("compares nested values by content, not key order", () => {
            const plan = planInstanceUpdate({ ...base, tags: { a: "1", b: "2" } }, { ...base, tags: { b: "2", a: "1" } }, { ignoreChanges: [] });
            assert.strictEqual(plan.action, "same");
        });
    });

    describe("IAM paths", () => {
        // [label, path, accepted]
        const rows: Array<[string, unknown, boolean]> = [
            ["the root path", "/", true],
            ["one segment", "/sigma/", true],
            ["two segments", "/sigma/prod/", true],
            ["punctuation from ! to ~", "/a!~/", true],
            ["512 characters", `/${"a".repeat(IAM_PATH_MAX_LENGTH - 2)}/`, true],
            ["513 characters", `/${"a".repeat(IAM_PATH_MAX_LENGTH - 1)}/`, false],
            ["no leading slash", "sigma/", false],
            ["no trailing slash", "/sigma", false],
            ["an empty segment only", "//", false],
            ["a space", "/sig ma/", false],
            ["a non-ASCII letter", "/sigm\u00e4/", false],
            ["a newline", "/sigma/\n", false],
            ["the empty string", "", false],
            ["undefined", undefined, false],
        ];
        for (const [label, path, ok] of rows) {
            it(`${label}: ${ok ? "accepted" : "refused"}`, () => assert.strictEqual(isIamPath(path), ok));
        }
        it("the provider reads a profile with a path back as its bare name", () => {
            assert.strictEqual(instanceProfileNameFromArn("arn:aws:iam::123456789012:instance-profile/sigma/prod/sigma-profile-1a2b3c4"), "sigma-profile-1a2b3c4");
            assert.strictEqual(instanceProfileNameFromArn("arn:aws:iam::123456789012:instance-profile/sigma-profile"), "sigma-profile");
            assert.throws(() => instanceProfileNameFromArn("arn:aws:iam::123456789012:role/sigma/x"), /not an instance profile ARN/);
        });
    });
});
