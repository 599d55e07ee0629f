import * as assert from "assert";
import { arnPatternMatches, evaluatePolicies, IamPolicyDocument } from "../../model/iamPolicyEvaluation";

// Cases from the IAM User Guide pages model/iamPolicyEvaluation.ts cites: evaluation logic, the Resource element,
// condition operators, multivalued context keys and policy variables.
describe("IAM policy evaluation (model/iamPolicyEvaluation)", () => {
    const allow = (statement: Record<string, unknown>): IamPolicyDocument => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement } as any] });

    it("denies what no statement allows, and an explicit Deny wins over any Allow", () => {
        const policy: IamPolicyDocument = { Statement: [
            { Effect: "Allow", Action: "ec2:*", Resource: "*" },
            { Effect: "Deny", Action: "ec2:TerminateInstances", Resource: "*" },
        ] };
        assert.strictEqual(evaluatePolicies([policy], { action: "ec2:DescribeInstances", resource: "*" }), "allow");
        assert.strictEqual(evaluatePolicies([policy], { action: "ec2:TerminateInstances", resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1" }), "explicit-deny");
        assert.strictEqual(evaluatePolicies([policy], { action: "s3:GetObject", resource: "*" }), "implicit-deny");
    });

    it("matches action names case-insensitively, with NotAction as the complement", () => {
        assert.strictEqual(evaluatePolicies([allow({ Action: "IAM:listaccesskeys", Resource: "*" })], { action: "iam:ListAccessKeys", resource: "*" }), "allow");
        const notIam = allow({ NotAction: "iam:*", Resource: "*" });
        assert.strictEqual(evaluatePolicies([notIam], { action: "iam:CreateUser", resource: "*" }), "implicit-deny");
        assert.strictEqual(evaluatePolicies([notIam], { action: "s3:ListBucket", resource: "*" }), "allow");
    });

    it("matches ARNs component by component: * does not reach into another component", () => {
        assert.ok(arnPatternMatches("arn:aws:ec2:*::image/*", "arn:aws:ec2:ap-southeast-2::image/ami-1"));
        assert.ok(arnPatternMatches("arn:aws:kms:*:*:key/*", "arn:aws:kms:us-east-1:111122223333:key/1234"));
        assert.ok(!arnPatternMatches("arn:aws:ec2:us-east-1::image/*", "arn:aws:ec2:us-west-2::image/ami-1"));
        assert.ok(!arnPatternMatches("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:us-east-1:444455556666:instance/i-1"));
        assert.ok(arnPatternMatches("arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:x"));
        assert.ok(!arnPatternMatches("arn:aws:s3:::bucket/*", "arn:aws:s3:::other/key"));
    });

    it("ANDs the operators and keys of a condition and ORs a key's values", () => {
        const policy = allow({ Action: "kms:CreateGrant", Resource: "*", Condition: {
            Bool: { "kms:GrantIsForAWSResource": "true" },
            StringEquals: { "kms:ViaService": ["ec2.us-east-1.amazonaws.com", "backup.us-east-1.amazonaws.com"] },
        } });
        const grant = (context: Record<string, string>) => evaluatePolicies([policy], { action: "kms:CreateGrant", resource: "arn:aws:kms:us-east-1:1:key/k", context });
        assert.strictEqual(grant({ "kms:GrantIsForAWSResource": "true", "kms:ViaService": "backup.us-east-1.amazonaws.com" }), "allow");
        assert.strictEqual(grant({ "kms:GrantIsForAWSResource": "false", "kms:ViaService": "ec2.us-east-1.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(grant({ "kms:GrantIsForAWSResource": "true" }), "implicit-deny", "a missing key fails a positive operator");
    });

    it("holds ...IfExists and negated operators when the key is absent, and tests presence with Null", () => {
        const ifExists = allow({ Action: "ec2:RunInstances", Resource: "*", Condition: { StringEqualsIfExists: { "ec2:InstanceType": "t3.micro" } } });
        assert.strictEqual(evaluatePolicies([ifExists], { action: "ec2:RunInstances", resource: "*" }), "allow");
        assert.strictEqual(evaluatePolicies([ifExists], { action: "ec2:RunInstances", resource: "*", context: { "ec2:InstanceType": "m5.large" } }), "implicit-deny");
        const negated = allow({ Action: "s3:GetObject", Resource: "*", Condition: { StringNotLike: { "aws:PrincipalTag/team": "ops*" } } });
        assert.strictEqual(evaluatePolicies([negated], { action: "s3:GetObject", resource: "*" }), "allow");
        const tagged = allow({ Action: "ec2:DeleteSnapshot", Resource: "*", Condition: { Null: { "aws:ResourceTag/aws:backup:source-resource": "false" } } });
        assert.strictEqual(evaluatePolicies([tagged], { action: "ec2:DeleteSnapshot", resource: "*", context: { "aws:ResourceTag/aws:backup:source-resource": "x" } }), "allow");
        assert.strictEqual(evaluatePolicies([tagged], { action: "ec2:DeleteSnapshot", resource: "*" }), "implicit-deny");
    });

    it("compares multivalued keys with ForAnyValue and ForAllValues (an empty set satisfies ForAllValues)", () => {
        const any = allow({ Action: "kms:ReEncryptTo", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": "aws:ebs:id" } } });
        assert.strictEqual(evaluatePolicies([any], { action: "kms:ReEncryptTo", resource: "*", context: { "kms:EncryptionContextKeys": ["aws:ebs:id", "x"] } }), "allow");
        assert.strictEqual(evaluatePolicies([any], { action: "kms:ReEncryptTo", resource: "*", context: { "kms:EncryptionContextKeys": ["x"] } }), "implicit-deny");
        const all = allow({ Action: "ec2:CreateTags", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["aws:backup:source-resource"] } } });
        assert.strictEqual(evaluatePolicies([all], { action: "ec2:CreateTags", resource: "*", context: { "aws:TagKeys": ["aws:backup:source-resource"] } }), "allow");
        assert.strictEqual(evaluatePolicies([all], { action: "ec2:CreateTags", resource: "*", context: { "aws:TagKeys": ["aws:backup:source-resource", "Name"] } }), "implicit-deny");
        assert.strictEqual(evaluatePolicies([all], { action: "ec2:CreateTags", resource: "*", context: {} }), "allow");
    });

    it("substitutes policy variables from the request", () => {
        const policy = allow({ Action: "backup:TagResource", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } } });
        const tag = (resourceAccount: string) => evaluatePolicies([policy], { action: "backup:TagResource", resource: "*", context: { "aws:PrincipalAccount": "111122223333", "aws:ResourceAccount": resourceAccount } });
        assert.strictEqual(tag("111122223333"), "allow");
        assert.strictEqual(tag("444455556666"), "implicit-deny");
    });

    it("applies a resource policy's statement only to the principal it names", () => {
        const topic = allow({ Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "arn:aws:sns:us-east-1:1:t" });
        assert.strictEqual(evaluatePolicies([topic], { action: "sns:Publish", resource: "arn:aws:sns:us-east-1:1:t", principal: { Service: "events.amazonaws.com" } }), "allow");
        assert.strictEqual(evaluatePolicies([topic], { action: "sns:Publish", resource: "arn:aws:sns:us-east-1:1:t", principal: { Service: "s3.amazonaws.com" } }), "implicit-deny");
    });
});
