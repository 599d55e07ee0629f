import * as assert from "assert";
import { actionPatternMatches, actionsOfService, expandActionPattern, isKnownService, lookupAction } from "../../model/iamActions";

describe("model: IAM action patterns", () => {
    // [pattern, action, matches]: reference_policies_elements_action.html (case-insensitive names, * and ? wildcards)
    const rows: Array<[string, string, boolean]> = [
        ["iam:PassRole", "iam:PassRole", true],
        ["IAM:passrole", "iam:PassRole", true],
        ["iam:Pass*", "iam:PassRole", true],
        ["iam:Pass?ole", "iam:PassRole", true],
        ["iam:Pass?Role", "iam:PassRole", false],
        ["iam:*AccessKey*", "iam:ListAccessKeys", true],
        ["*", "s3:GetObject", true],
        ["s3:*", "s3:GetObject", true],
        ["s3:*", "s3express:CreateSession", false],
        ["iam:Get*", "iam:PassRole", false],
        ["ec2:Describe.Instances", "ec2:DescribeXInstances", false],
        ["iam:PassRole", "iam:PassRoles", false],
    ];
    for (const [pattern, action, matches] of rows) {
        it(`${pattern} ${matches ? "matches" : "does not match"} ${action}`, () => assert.strictEqual(actionPatternMatches(pattern, action), matches));
    }
});

describe("model: IAM action catalog lookups (expanded once per pattern, parsed once per service)", () => {
    it("an expansion is a fresh list each time: changing one does not change the next", () => {
        const first = expandActionPattern("backup:Start*");
        assert.ok(first.length > 3, `${first.length}`);
        const count = first.length;
        first.splice(0);
        assert.strictEqual(expandActionPattern("backup:Start*").length, count);
        assert.notStrictEqual(expandActionPattern("backup:Start*"), expandActionPattern("backup:Start*"));
    });

    it("the same compiled pattern answers many names alike, case-insensitively, and another pattern is not confused with it", () => {
        assert.ok(actionPatternMatches("ec2:Describe*", "ec2:DescribeInstances"));
        assert.ok(actionPatternMatches("ec2:Describe*", "EC2:describeVolumes"));
        assert.ok(!actionPatternMatches("ec2:Describe*", "ec2:RunInstances"));
        assert.ok(!actionPatternMatches("ec2:Describe?", "ec2:DescribeInstances"));
    });

    it("looks an action up in any case, and not a name of another service, a prototype name or a pattern", () => {
        assert.strictEqual(lookupAction("IAM:passrole")?.action, "iam:PassRole");
        assert.strictEqual(lookupAction("iam:PassRole")?.accessLevel, "Write");
        assert.strictEqual(lookupAction("s3:PassRole"), undefined);
        assert.strictEqual(lookupAction("constructor:toString"), undefined);
        assert.strictEqual(lookupAction("iam:constructor"), undefined);
        assert.strictEqual(lookupAction("iam:Pass*"), undefined);
        assert.ok(isKnownService("EC2") && !isKnownService("hasOwnProperty") && !isKnownService("nosuchservice"));
        assert.ok(actionsOfService("Backup").some((a) => a.action === "backup:StartRestoreJob"));
        assert.deepStrictEqual(actionsOfService("__proto__"), []);
    });
});
