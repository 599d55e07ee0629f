import * as assert from "assert";
import { actionPatternMatches } from "../../model/iamActions";

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
