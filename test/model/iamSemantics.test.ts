import * as assert from "assert";
import { AWS_MANAGED_POLICY_DOCUMENTS } from "../../model/awsManagedPolicies";
import { actionsOfService, expandActionPattern, isKnownService, lookupAction } from "../../model/iamActions";
import { IAM_ACTION_CATALOG_SIZE, IAM_ACTION_CATALOG_VERSION } from "../../model/iamActionCatalogData";
import {
    arnFields, conditionPins, isEveryonePrincipal, isWildcardConditionValue, principalAccounts, principalServices, resourcePatternBreadth,
} from "../../model/iamPolicyAnalysis";
import { escalationMethods, PRIVILEGE_ESCALATION_METHODS } from "../../model/iamPrivilegeEscalation";

describe("model/iamActions: the action catalog", () => {
    it("is the generated iam-data catalog, with its version and a realistic size", () => {
        assert.match(IAM_ACTION_CATALOG_VERSION, /^\d+\.\d+\.\d+$/);
        assert.ok(IAM_ACTION_CATALOG_SIZE > 15000, String(IAM_ACTION_CATALOG_SIZE));
    });

    it("looks actions up case-insensitively with their access level and resource support", () => {
        assert.deepStrictEqual(lookupAction("IAM:passrole"), { action: "iam:PassRole", service: "iam", accessLevel: "Write", wildcardOnly: false });
        assert.strictEqual(lookupAction("ec2:DescribeInstances")?.wildcardOnly, true);
        assert.strictEqual(lookupAction("iam:PutRolePolicy")?.accessLevel, "Permissions management");
        assert.strictEqual(lookupAction("ec2:RunInstance"), undefined);
        assert.strictEqual(lookupAction("ec2:Run*"), undefined);
        assert.strictEqual(lookupAction("nonsense"), undefined);
    });

    it("expands wildcards as IAM matches them", () => {
        const put = expandActionPattern("iam:Put*").map((a) => a.action);
        assert.ok(put.includes("iam:PutRolePolicy") && put.includes("iam:PutUserPolicy"));
        assert.ok(put.every((a) => a.startsWith("iam:Put")));
        assert.strictEqual(expandActionPattern("s3:*").length, actionsOfService("s3").length);
        assert.strictEqual(expandActionPattern("S3:*").length, actionsOfService("s3").length);
        assert.deepStrictEqual(expandActionPattern("iam:PassRol?").map((a) => a.action), ["iam:PassRole"]);
        assert.ok(new Set(expandActionPattern("*:Get*").map((a) => a.service)).size > 100);
        assert.deepStrictEqual(expandActionPattern("nosuchservice:*"), []);
        assert.ok(isKnownService("EC2") && !isKnownService("nosuchservice"));
    });
});

describe("model/iamPolicyAnalysis", () => {
    const breadth: Array<[string, ReturnType<typeof resourcePatternBreadth>]> = [
        ["*", "everything"], ["*foo", "everything"], ["arn:aws:s3:::*", "everything"], ["arn:aws:iam::123456789012:*", "everything"],
        ["arn:aws:*:ap-southeast-1:123456789012:thing", "everything"], ["arn:aws:ec2:ap-southeast-1:123456789012:*/*", "everything"],
        ["arn:aws:kms:*:*:key/*", "any-account"], ["arn:aws:iam::*:role/x", "any-account"],
        ["arn:aws:iam::123456789012:role/*", "type"], ["arn:aws:kms:ap-southeast-1:123456789012:key/*", "type"],
        ["arn:aws:iam::123456789012:role/sigma/*", "scoped"], ["arn:aws:ec2:ap-southeast-1::image/*", "type"],
        ["arn:aws:s3:::bucket/*", "scoped"], ["arn:aws:iam::123456789012:role/sigma-restore", "scoped"],
    ];
    for (const [pattern, expected] of breadth) {
        it(`resourcePatternBreadth(${pattern}) = ${expected}`, () => assert.strictEqual(resourcePatternBreadth(pattern), expected));
    }

    it("principals: everyone, accounts, services", () => {
        assert.ok(isEveryonePrincipal("*") && isEveryonePrincipal({ AWS: "*" }) && isEveryonePrincipal({ AWS: ["arn:x", "*"] }));
        assert.ok(!isEveryonePrincipal({ Service: "*" }) && !isEveryonePrincipal({ AWS: "arn:aws:iam::123456789012:root" }));
        assert.deepStrictEqual(principalAccounts({ AWS: ["123456789012", "arn:aws:iam::210987654321:role/x", "*"] }), ["123456789012", "210987654321"]);
        assert.deepStrictEqual(principalServices({ Service: ["a.amazonaws.com"] }), ["a.amazonaws.com"]);
        assert.deepStrictEqual(arnFields("arn:aws:s3:::b/k:1"), { partition: "aws", service: "s3", region: "", account: "", resource: "b/k:1" });
        assert.strictEqual(arnFields("nope"), undefined);
    });

    it("conditions pin only with concrete values under positive operators", () => {
        assert.ok(conditionPins({ StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } }, "iam:passedtoservice"));
        assert.ok(!conditionPins({ StringLike: { "iam:PassedToService": "*" } }, "iam:PassedToService"));
        assert.ok(!conditionPins({ StringLike: { "iam:PassedToService": ["ec2.amazonaws.com", "**"] } }, "iam:PassedToService"));
        assert.ok(conditionPins({ StringLike: { "iam:PassedToService": "ec2.*" } }, "iam:PassedToService"));
        assert.ok(!conditionPins({ StringNotEquals: { "aws:SourceAccount": "123456789012" } }, "aws:SourceAccount"));
        assert.ok(!conditionPins({ Null: { "aws:SourceAccount": "false" } }, "aws:SourceAccount"));
        assert.ok(!conditionPins({}, "aws:SourceAccount"));
        assert.ok(isWildcardConditionValue("ForAnyValue:StringLikeIfExists", "*"));
        assert.ok(!isWildcardConditionValue("StringEquals", "*"), "StringEquals compares * literally");
    });
});

describe("model/iamPrivilegeEscalation", () => {
    it("a method needs every one of its actions", () => {
        const granted = (set: string[]) => (action: string) => set.includes(action);
        assert.deepStrictEqual(escalationMethods(granted(["iam:PassRole"])), []);
        assert.deepStrictEqual(escalationMethods(granted(["iam:PassRole", "ec2:RunInstances"])), ["CreateEC2WithExistingIP"]);
        assert.ok(escalationMethods(granted(["iam:PutRolePolicy"])).includes("PutRolePolicy"));
    });

    it("every action of every method exists in AWS's catalog", () => {
        for (const [method, actions] of Object.entries(PRIVILEGE_ESCALATION_METHODS)) {
            actions.forEach((a) => assert.ok(lookupAction(a), `${method}: ${a}`));
        }
    });

    it("the copied AWS managed policies name only catalog actions", () => {
        for (const [name, { document }] of Object.entries(AWS_MANAGED_POLICY_DOCUMENTS)) {
            for (const statement of document.Statement as Array<{ Action?: string | string[]; NotAction?: string | string[] }>) {
                [statement.Action ?? [], statement.NotAction ?? []].flat().filter((a) => !a.includes("*")).forEach((a) => assert.ok(lookupAction(a), `${name}: ${a}`));
            }
        }
    });
});
