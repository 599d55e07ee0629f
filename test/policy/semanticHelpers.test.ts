import * as assert from "assert";
import { hopLimitProblem } from "../../policy/compute";
import { secretEnvironmentVariables } from "../../policy/functions";
import { parsePolicyDocument } from "../../policy/iamDocument";
import { actionPatternProblem, grantsOnlyUnscopable, managedPolicyProblem, passRoleLooseness, statementsGrant } from "../../policy/iam";
import { vaultLockProblems } from "../../policy/backup";
import { resourceStatementProblems } from "../../policy/resourcePolicies";
import { deniesInsecureTransport } from "../../policy/storage";
import { typeKnowledge, KNOWN_TYPES } from "../../policy/knownTypes";
import { packPolicies } from "../../policy/policies";
import { doc } from "./policyFixtures";

const statement = (s: object) => parsePolicyDocument(doc(s))[0];

describe("sigma-guard semantic helpers", () => {
    it("hop limit: the configured maximum passes, one more fails, unset and non-integers fail, a disabled endpoint passes", () => {
        assert.strictEqual(hopLimitProblem({ httpPutResponseHopLimit: 1 }, 1), undefined);
        assert.match(hopLimitProblem({ httpPutResponseHopLimit: 2 }, 1) ?? "", /travel 2 hops/);
        assert.strictEqual(hopLimitProblem({ httpPutResponseHopLimit: 2 }, 2), undefined);
        assert.strictEqual(hopLimitProblem({ httpPutResponseHopLimit: "1" }, 1), undefined);
        assert.match(hopLimitProblem({}, 1) ?? "", /is null/);
        assert.match(hopLimitProblem({ httpPutResponseHopLimit: 1.5 }, 1) ?? "", /1.5/);
        assert.strictEqual(hopLimitProblem({ httpEndpoint: "disabled" }, 1), undefined);
    });

    const actions: Array<[string, RegExp | undefined]> = [
        ["s3:GetObject", undefined], ["s3:Get*", undefined], ["ssmmessages:*", /every ssmmessages action/], ["s3:*", /every s3 action/],
        ["s3:*?", /every s3 action/], ["*", /every action of every service/], ["*:*", /every action of every service/], ["?*", /every action/],
        ["*3:GetObject", /matches actions of/], ["ec2:RunInstance", /not an action in AWS's catalog/], ["nosuch:Get*", /not in AWS's catalog/],
    ];
    for (const [action, problem] of actions) {
        it(`actionPatternProblem(${action}) ${problem ? `matches ${problem}` : "is none"}`, () => {
            const found = actionPatternProblem(action, []);
            if (problem) {
                assert.match(found ?? "", problem);
            } else {
                assert.strictEqual(found, undefined);
            }
        });
    }
    it("an allowed service wildcard is accepted", () => assert.strictEqual(actionPatternProblem("ssmmessages:*", ["ssmmessages"]), undefined));

    it("unscopable actions: Describe* and catalog wildcard-only actions, not RunInstances", () => {
        assert.ok(grantsOnlyUnscopable("ec2:Describe*"));
        assert.ok(grantsOnlyUnscopable("sts:GetCallerIdentity"));
        assert.ok(!grantsOnlyUnscopable("ec2:RunInstances"));
        assert.ok(!grantsOnlyUnscopable("ec2:*"));
    });

    it("PassRole: a role, or a role path, with a concrete service is pinned; anything wider is not", () => {
        const pinned = { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } };
        assert.deepStrictEqual(passRoleLooseness(statement({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/r", Condition: pinned })), []);
        assert.deepStrictEqual(passRoleLooseness(statement({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/sigma/*", Condition: pinned })), []);
        assert.strictEqual(passRoleLooseness(statement({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/*", Condition: pinned })).length, 1);
        assert.strictEqual(passRoleLooseness(statement({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/r" })).length, 1);
        assert.strictEqual(passRoleLooseness(statement({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:x", Condition: pinned })).length, 1);
    });

    it("statementsGrant: wildcards, NotAction, and PassRole only when loose", () => {
        const s = [statement({ Effect: "Allow", Action: ["iam:Put*"], Resource: "*" })];
        assert.ok(statementsGrant(s, "iam:PutRolePolicy") && !statementsGrant(s, "iam:AttachRolePolicy"));
        assert.ok(statementsGrant([statement({ Effect: "Allow", NotAction: "s3:*", Resource: "*" })], "iam:PutRolePolicy"));
        assert.ok(!statementsGrant([statement({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })], "iam:PutRolePolicy"));
        assert.ok(!statementsGrant([statement({ Effect: "Deny", Action: "iam:*", Resource: "*" })], "iam:PutRolePolicy"));
        assert.ok(!statementsGrant([statement({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/r", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } })], "iam:PassRole"));
    });

    it("managed policies: admin-equivalent ones and unknown AWS ones are problems, harmless and customer ones are not", () => {
        assert.match(managedPolicyProblem("arn:aws:iam::aws:policy/AdministratorAccess", []) ?? "", /admin-equivalent/);
        assert.match(managedPolicyProblem("arn:aws:iam::aws:policy/PowerUserAccess", []) ?? "", /admin-equivalent/);
        assert.match(managedPolicyProblem("arn:aws:iam::aws:policy/IAMFullAccess", []) ?? "", /admin-equivalent/);
        assert.match(managedPolicyProblem("arn:aws:iam::aws:policy/AmazonS3FullAccess", []) ?? "", /cannot be judged/);
        assert.strictEqual(managedPolicyProblem("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", []), undefined);
        assert.strictEqual(managedPolicyProblem("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", []), undefined);
        assert.strictEqual(managedPolicyProblem("arn:aws:iam::123456789012:policy/mine", []), undefined);
        assert.match(managedPolicyProblem("arn:aws:iam::123456789012:policy/mine", ["mine"]) ?? "", /forbids/);
    });

    it("vault lock: compliance mode and the minimum, at the boundary", () => {
        assert.deepStrictEqual(vaultLockProblems({ changeableForDays: 3, minRetentionDays: 14 }, true, 14), []);
        assert.strictEqual(vaultLockProblems({ changeableForDays: 3, minRetentionDays: 13 }, true, 14).length, 1);
        assert.strictEqual(vaultLockProblems({ minRetentionDays: 14 }, true, 14).length, 1);
        assert.deepStrictEqual(vaultLockProblems({ minRetentionDays: 14 }, false, 14), []);
        assert.strictEqual(vaultLockProblems({}, false, 1).length, 1);
    });

    it("resource statements: public unless pinned concretely; foreign unless trusted; Deny is never a grant", () => {
        assert.strictEqual(resourceStatementProblems(statement({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" }), []).length, 1);
        assert.deepStrictEqual(resourceStatementProblems(statement({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }), []), []);
        assert.strictEqual(resourceStatementProblems(statement({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }), []).length, 1);
        assert.deepStrictEqual(resourceStatementProblems(statement({ Effect: "Allow", Principal: { AWS: "123456789012" }, Action: "kms:Decrypt", Resource: "*" }), ["123456789012"]), []);
        assert.strictEqual(resourceStatementProblems(statement({ Effect: "Allow", Principal: { AWS: "123456789012" }, Action: "kms:Decrypt", Resource: "*" }), []).length, 1);
        assert.deepStrictEqual(resourceStatementProblems(statement({ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }), []), []);
    });

    it("TLS-only deny needs Deny, everyone, s3:* and SecureTransport false", () => {
        const deny = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
        assert.ok(deniesInsecureTransport(statement(deny)));
        assert.ok(deniesInsecureTransport(statement({ ...deny, Principal: { AWS: "*" } })));
        assert.ok(!deniesInsecureTransport(statement({ ...deny, Effect: "Allow" })));
        assert.ok(!deniesInsecureTransport(statement({ ...deny, Action: "s3:GetObject" })));
        assert.ok(!deniesInsecureTransport(statement({ ...deny, Principal: { AWS: "arn:aws:iam::1:root" } })));
        assert.ok(!deniesInsecureTransport(statement({ ...deny, Condition: { Bool: { "aws:SecureTransport": "true" } } })));
    });

    it("Lambda environment secrets: by value shape, or by name with a literal value", () => {
        assert.deepStrictEqual(secretEnvironmentVariables({ A: "AKIAIOSFODNN7EXAMPLE", DB_PASSWORD: "x", API_TOKEN: "/sigma/token", SECRET_ARN: "arn:aws:secretsmanager:ap-southeast-1:1:secret:x", PLAIN: "y", EMPTY_PASSWORD: "" }), ["A", "DB_PASSWORD"]);
    });

    it("known types: every policy a type names exists; project components are known; others are not", () => {
        const names = packPolicies.map((p) => p.name);
        for (const [type, knowledge] of Object.entries(KNOWN_TYPES)) {
            if ("judgedBy" in knowledge) {
                knowledge.judgedBy.forEach((p) => assert.ok(names.includes(p), `${type}: ${p}`));
                assert.ok(knowledge.judgedBy.length > 0, type);
            } else {
                assert.ok(knowledge.reason.length > 10, type);
            }
        }
        assert.ok(typeKnowledge("sigma:backup:SigmaBackupVault"));
        assert.strictEqual(typeKnowledge("sigmax:backup:Thing"), undefined);
        assert.strictEqual(typeKnowledge("aws:ec2/trafficMirrorSession:TrafficMirrorSession"), undefined);
    });
});
