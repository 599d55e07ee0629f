import * as assert from "assert";
import { actionPatternProblem, grantsOnlyUnscopable, managedPolicyProblem, passRoleLooseness, permissionDocuments, statementsGrant, trustPolicyProblems } from "../../policy/iam";
import { parsePolicyDocument, statementLabel } from "../../policy/iamDocument";
import { lambdaPermissionProblems, resourceStatementProblems } from "../../policy/resourcePolicies";
import { TYPES } from "../../policy/resourceTypes";
import { actionPatternMatches, actionPatternRegex, actionsOfService, expandActionPattern, isKnownService, lookupAction } from "../../model/iamActions";
import {
    arnFields, conditionPins, conditionValues, isEveryonePrincipal, isWildcardConditionValue, principalAccounts, principalServices, resourcePatternBreadth,
} from "../../model/iamPolicyAnalysis";
import { allowingStatements, arnPatternMatches, evaluatePolicies, IamPolicyDocument, IamRequest, statementApplies } from "../../model/iamPolicyEvaluation";
import { escalationMethods, PRIVILEGE_ESCALATION_METHODS } from "../../model/iamPrivilegeEscalation";
import { doc, fixtureUrn, trust } from "../policy/policyFixtures";
import { messagesOf, res, violationsOf } from "./policyHarness";

// Each branch of each IAM and resource-policy rule, passing and failing, with the exact message users read (issue 18).

const ACCOUNT = "123456789012";
const FOREIGN = "210987654321";
const statement = (s: object) => parsePolicyDocument(doc(s))[0];
const rolePolicy = (...statements: object[]) => res(TYPES.rolePolicy, "p", { role: "r", policy: doc(...statements) });
const pinnedToBackup = { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } };
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/backup-restore`;

describe("policy iam-passrole-restricted", () => {
    const policy = "iam-passrole-restricted";
    const loose = [
        "policy statement 0 lets the holder pass any role (*); name the role ARN or a role path",
        "policy statement 0 grants iam:PassRole without an iam:PassedToService condition naming the service (a wildcard value counts as none)",
    ];
    it("iam:PassRole listed with other actions does not escape the policy", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["s3:GetObject", "iam:PassRole", "ec2:RunInstances"], Resource: "*" })]), loose);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["ec2:RunInstances", "IAM:passrole"], Resource: "*" })]), loose);
    });
    it("a pinned grant passes; a statement without PassRole is not judged", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["iam:PassRole", "iam:GetRole"], Resource: ROLE_ARN, Condition: pinnedToBackup })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["s3:GetObject", "ec2:RunInstances"], Resource: "*" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" })]), []);
    });
    it("NotAction that leaves PassRole granted is judged; NotAction that excludes it is not", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Sid: "Most", Effect: "Allow", NotAction: ["s3:*"], Resource: "*" })]), [
            "policy statement \"Most\" lets the holder pass any role (*); name the role ARN or a role path",
            "policy statement \"Most\" grants iam:PassRole without an iam:PassedToService condition naming the service (a wildcard value counts as none)",
        ]);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", NotAction: ["iam:Pass*"], Resource: "*" })]), []);
    });
    it("a wildcard service value, NotResource and a missing Resource are loose", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: "iam:PassRole", Resource: ROLE_ARN, Condition: { StringLike: { "iam:PassedToService": "*" } } })]),
            [loose[1]]);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: "iam:PassRole", NotResource: ROLE_ARN, Condition: pinnedToBackup })]),
            [`policy statement 0 lets the holder pass any role (${ROLE_ARN}); name the role ARN or a role path`]);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: "iam:PassRole", Condition: pinnedToBackup })]),
            ["policy statement 0 lets the holder pass any role (no Resource); name the role ARN or a role path"]);
        assert.deepStrictEqual(passRoleLooseness(statement({ Effect: "Allow", Action: "iam:PassRole", Resource: [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/*`], Condition: pinnedToBackup })),
            [`lets the holder pass any role (arn:aws:iam::${ACCOUNT}:role/*); name the role ARN or a role path`]);
    });
    it("inline policies of a role are judged with their position", async () => {
        const role = res(TYPES.role, "role", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), inlinePolicies: [{ name: "none" }, { name: "x", policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: pinnedToBackup }) }] });
        assert.deepStrictEqual(await messagesOf(policy, [role]), ["inlinePolicies[1].policy statement 0 lets the holder pass any role (*); name the role ARN or a role path"]);
    });
});

describe("policy iam-no-wildcard-action", () => {
    const policy = "iam-no-wildcard-action";
    it("reports NotAction and every bad action of an Allow statement, with where", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Sid: "Bad", Effect: "Allow", NotAction: ["iam:*", "kms:*"], Action: ["s3:*", "ec2:RunInstance", "s3:GetObject"], Resource: "*" })]), [
            "policy statement \"Bad\" allows everything except NotAction [iam:*, kms:*]; list the allowed actions instead",
            `policy statement "Bad" allows every s3 action ("s3:*" matches all ${actionsOfService("s3").length}); list the actions the role needs`,
            "policy statement \"Bad\" names \"ec2:RunInstance\", which is not an action in AWS's catalog; use the exact action name",
        ]);
    });
    it("managed, user and group policies are judged; an allowed service wildcard passes", async () => {
        for (const type of [TYPES.managedPolicy, TYPES.userPolicy, TYPES.groupPolicy]) {
            assert.deepStrictEqual(await messagesOf(policy, [res(type, "p", { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) })]),
                ["policy statement 0 allows every action of every service (\"*\")"], type);
        }
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: "ssmmessages:*", Resource: "*" })], { allowedServiceWildcards: ["ssmmessages"] }), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.rolePolicy, "p", { role: "r" })]), []);
    });
    it("actionPatternProblem: exact wording of each kind of problem", () => {
        assert.strictEqual(actionPatternProblem("*", []), "allows every action of every service (\"*\")");
        assert.strictEqual(actionPatternProblem("*:*", []), "allows every action of every service (\"*:*\")");
        assert.strictEqual(actionPatternProblem("?:", []), "allows every action of every service (\"?:\")");
        assert.strictEqual(actionPatternProblem("nosuch:Get*", []), "\"nosuch:Get*\" names service \"nosuch\", which is not in AWS's catalog");
        assert.strictEqual(actionPatternProblem("s3:GetObject", []), undefined);
        assert.strictEqual(actionPatternProblem("S3:getobject", []), undefined);
        assert.strictEqual(actionPatternProblem("s3:NoSuchThing", []), "names \"s3:NoSuchThing\", which is not an action in AWS's catalog; use the exact action name");
        assert.match(actionPatternProblem("s?:GetObject", []) ?? "", /^"s\?:GetObject" matches actions of \d+ services; name the service$/);
        assert.strictEqual(actionPatternProblem("*3:GetObject", []), "\"*3:GetObject\" matches actions of 1 services; name the service");
        assert.strictEqual(actionPatternProblem("s3:Get*", ["s3"]), undefined);
        assert.strictEqual(actionPatternProblem("S3:*", ["s3"]), undefined);
        assert.strictEqual(actionPatternProblem("ssmmessages:*", ["ssm"]), `allows every ssmmessages action ("ssmmessages:*" matches all ${actionsOfService("ssmmessages").length}); list the actions the role needs`);
    });
});

describe("policy iam-no-wildcard-resource", () => {
    const policy = "iam-no-wildcard-resource";
    it("one scopable action on * is named with 'it supports', several with 'they support'", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:StopInstances"], Resource: ["*", "arn:aws:ec2:*:123456789012:instance/i-1"] })]),
            ["policy statement 0 grants ec2:StopInstances on * (a whole service or any account) although it supports resource-level permissions; name the ARNs"]);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt"], Resource: "arn:aws:kms:*:*:key/*" })]),
            ["policy statement 0 grants kms:Decrypt, kms:Encrypt on arn:aws:kms:*:*:key/* (a whole service or any account) although they support resource-level permissions; name the ARNs"]);
    });
    it("NotResource is reported; scoped and type-wide resources pass; unscopable actions pass on *; Deny is not judged", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: ["arn:aws:s3:::private/*"] })]),
            ["policy statement 0 allows every resource except NotResource [arn:aws:s3:::private/*]; list the resources instead"]);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: "ec2:StopInstances", Resource: `arn:aws:ec2:ap-southeast-1:${ACCOUNT}:instance/*` })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Allow", Action: ["ec2:Describe*", "sts:GetCallerIdentity"], Resource: "*" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [rolePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*" })]), []);
    });
    it("grantsOnlyUnscopable: catalog wildcard-only actions, not an unknown or empty expansion", () => {
        assert.strictEqual(grantsOnlyUnscopable("ec2:DescribeInstances"), true);
        assert.strictEqual(grantsOnlyUnscopable("sts:GetCallerIdentity"), true);
        assert.strictEqual(grantsOnlyUnscopable("nosuch:Thing"), false);
        assert.strictEqual(grantsOnlyUnscopable("s3:List*"), false);
        assert.strictEqual(grantsOnlyUnscopable("s3:ListAllMyBuckets"), true);
    });
});

describe("policy iam-no-privilege-escalation", () => {
    const policy = "iam-no-privilege-escalation";
    it("a role's inline policy granting iam:PutRolePolicy escalates, reported on the role", async () => {
        const role = res(TYPES.role, "app", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" }) }] });
        assert.deepStrictEqual(await violationsOf(policy, [role]), [{ urn: fixtureUrn(TYPES.role, "app"), message: "role \"app\" can escalate its privileges: PutRolePolicy" }]);
    });
    it("PassRole in one policy and RunInstances in another of the same role add up; pinned PassRole does not count", async () => {
        const role = res(TYPES.role, "app", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) });
        const pass = (condition?: object) => res(TYPES.rolePolicy, "pass", { role: "app-1", policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: condition ? ROLE_ARN : "*", ...(condition ? { Condition: condition } : {}) }) }, { deps: { role: ["app"] } });
        const run = res(TYPES.managedPolicy, "run", { policy: doc({ Effect: "Allow", Action: ["ec2:RunInstances", "ec2:RequestSpotInstances"], Resource: "*" }) });
        const attach = res(TYPES.rolePolicyAttachment, "attach", { role: "app-1", policyArn: "arn:aws:iam::123456789012:policy/run" }, { deps: { role: ["app"], policyArn: ["run"] } });
        assert.deepStrictEqual(await violationsOf(policy, [role, pass(), run, attach]), [
            { urn: fixtureUrn(TYPES.role, "app"), message: "role \"app\" can escalate its privileges: CreateEC2WithExistingIP, PassExistingRoleToNewEC2SpotInstance" },
        ]);
        assert.deepStrictEqual(await violationsOf(policy, [role, pass(pinnedToBackup), run, attach]), []);
    });
    it("a policy without an owner in the stack is judged alone, named by its role name; a managed policy by itself", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [res(TYPES.userPolicy, "up", { user: "alice", policy: doc({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }) })]),
            [{ urn: "", message: "UserPolicy owner of \"up\" can escalate its privileges: CreateAccessKey" }]);
        assert.deepStrictEqual(await violationsOf(policy, [res(TYPES.groupPolicy, "gp", { group: "ops", policy: doc({ Effect: "Allow", Action: "iam:AddUserToGroup", Resource: "*" }) })]),
            [{ urn: "", message: "GroupPolicy owner of \"gp\" can escalate its privileges: AddUserToGroup" }]);
        assert.deepStrictEqual(await violationsOf(policy, [res(TYPES.managedPolicy, "mp", { policy: doc({ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" }) })]),
            [{ urn: fixtureUrn(TYPES.managedPolicy, "mp"), message: "policy \"mp\" can escalate its privileges: EditExistingLambdaFunctionWithRole" }]);
    });
    it("an attachment of a policy the stack defines counts for its principal; of an outside ARN adds nothing", async () => {
        const mp = res(TYPES.managedPolicy, "mp", { policy: doc({ Effect: "Allow", Action: "iam:UpdateLoginProfile", Resource: "*" }) });
        const attach = res(TYPES.rolePolicyAttachment, "a", { role: "x", policyArn: "arn:aws:iam::123456789012:policy/mp" }, { deps: { policyArn: ["mp"] } });
        assert.deepStrictEqual(await violationsOf(policy, [mp, attach]), [
            { urn: fixtureUrn(TYPES.managedPolicy, "mp"), message: "policy \"mp\" can escalate its privileges: UpdateLoginProfile" },
            { urn: fixtureUrn(TYPES.rolePolicyAttachment, "a"), message: "the principal of \"a\" can escalate its privileges: UpdateLoginProfile" },
        ]);
        assert.deepStrictEqual(await violationsOf(policy, [res(TYPES.rolePolicyAttachment, "b", { role: "x", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })]), []);
    });
    it("statementsGrant: PassRole counts only loose; NotAction grants what it does not list", () => {
        const pinned = statement({ Effect: "Allow", Action: "iam:PassRole", Resource: ROLE_ARN, Condition: pinnedToBackup });
        assert.strictEqual(statementsGrant([pinned], "iam:PassRole"), false);
        assert.strictEqual(statementsGrant([pinned], "IAM:PASSROLE"), false);
        assert.strictEqual(statementsGrant([statement({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })], "iam:PassRole"), true);
        assert.strictEqual(statementsGrant([pinned], "iam:GetRole"), false);
        assert.strictEqual(statementsGrant([statement({ Effect: "Allow", NotAction: "iam:PassRole", Resource: "*" })], "iam:PassRole"), false);
        assert.strictEqual(statementsGrant([statement({ Effect: "Allow", NotAction: [], Action: [], Resource: "*" })], "s3:GetObject"), false);
    });
    it("escalationMethods: a method needs every one of its actions", () => {
        assert.deepStrictEqual(escalationMethods((a) => a === "iam:PassRole"), []);
        assert.deepStrictEqual(escalationMethods((a) => ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"].includes(a)), ["PassExistingRoleToNewLambdaThenInvoke"]);
        assert.deepStrictEqual(escalationMethods(() => true), Object.keys(PRIVILEGE_ESCALATION_METHODS));
    });
});

describe("policy iam-no-administrator-access", () => {
    const policy = "iam-no-administrator-access";
    it("attachments of every kind and a role's managedPolicyArns are judged; non-strings are skipped", async () => {
        for (const type of [TYPES.rolePolicyAttachment, TYPES.userPolicyAttachment, TYPES.groupPolicyAttachment, TYPES.policyAttachment]) {
            assert.deepStrictEqual(await messagesOf(policy, [res(type, "a", { policyArn: "arn:aws:iam::123456789012:policy/Mine" })], { forbiddenManagedPolicies: ["Mine"] }),
                ["attaches arn:aws:iam::123456789012:policy/Mine, which the policy config forbids; grant the least privilege the workload needs"], type);
        }
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), managedPolicyArns: [7, "arn:aws:iam::aws:policy/AmazonS3FullAccess"] })]),
            ["attaches AWS managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess, which the pack has no document for, so it cannot be judged (unknown means no); grant a least-privilege inline policy instead; grant the least privilege the workload needs"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) })]), []);
    });
    it("managedPolicyProblem: what makes a documented AWS policy admin-equivalent", () => {
        assert.strictEqual(managedPolicyProblem("arn:aws:iam::aws:policy/PowerUserAccess", []),
            "attaches arn:aws:iam::aws:policy/PowerUserAccess, which is admin-equivalent (whole-service wildcards, UpdateExistingGlueDevEndpoint, EditExistingLambdaFunctionWithRole, ModifyExistingEC2LaunchTemplate, ModifyEC2InstanceUserDataThenRestart)");
        assert.strictEqual(managedPolicyProblem("arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", []), undefined);
        assert.strictEqual(managedPolicyProblem("arn:aws:iam::aws:policy/AdministratorAccess", ["AdministratorAccess"]), "attaches arn:aws:iam::aws:policy/AdministratorAccess, which the policy config forbids");
        assert.match(managedPolicyProblem("arn:aws:iam::aws:policy/IAMFullAccess", []) ?? "", /^attaches arn:aws:iam::aws:policy\/IAMFullAccess, which is admin-equivalent \(whole-service wildcards, CreateAccessKey, /);
    });
});

describe("policy iam-trust-service-principals-only", () => {
    const policy = "iam-trust-service-principals-only";
    it("each kind of principal, with where and why", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: doc({ Sid: "Any", Effect: "Allow", Action: "sts:AssumeRole" }) })]),
            ["assumeRolePolicy statement \"Any\" trusts null; name the AWS service that assumes the role"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ AWS: [`arn:aws:iam::${FOREIGN}:root`, ACCOUNT], Federated: "cognito-identity.amazonaws.com" }) })]), [
            `assumeRolePolicy statement 0 trusts AWS principal(s) arn:aws:iam::${FOREIGN}:root, ${ACCOUNT}; only AWS service principals may assume Sigma roles`,
            "assumeRolePolicy statement 0 trusts Federated principal(s) cognito-identity.amazonaws.com; only AWS service principals may assume Sigma roles",
        ]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: ["ec2.amazonaws.com", "evil.example.com", "x.amazonaws.com.evil"] }) })]), [
            "assumeRolePolicy statement 0 trusts service principal \"evil.example.com\", which is not an AWS service",
            "assumeRolePolicy statement 0 trusts service principal \"x.amazonaws.com.evil\", which is not an AWS service",
        ]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: "states.amazonaws.com" }) })], { allowedServicePrincipals: ["lambda.amazonaws.com", "backup.amazonaws.com"] }),
            ["assumeRolePolicy statement 0 trusts service principal \"states.amazonaws.com\", which is not one of lambda.amazonaws.com, backup.amazonaws.com"]);
    });
    it("AWS service principals (China's too) pass, and so do Deny statements", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: ["ec2.amazonaws.com.cn", "backup.amazonaws.com"] }) })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: "backup.amazonaws.com" }) })], { allowedServicePrincipals: ["backup.amazonaws.com"] }), []);
        assert.deepStrictEqual(trustPolicyProblems(parsePolicyDocument(doc({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" })), []), []);
    });
});

describe("policy iam-trust-confused-deputy", () => {
    const policy = "iam-trust-confused-deputy";
    const role = (statementOverrides: object) => res(TYPES.role, "r", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"] }, Action: "sts:AssumeRole", ...statementOverrides }) });
    it("a service principal without a concrete source condition fails (EC2, which sends none, is left out of the message)", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [role({})]),
            ["assumeRolePolicy statement 0 lets lambda.amazonaws.com assume the role for any account; pin aws:SourceAccount or aws:SourceArn"]);
        assert.deepStrictEqual(await messagesOf(policy, [role({ Condition: { ArnLike: { "aws:SourceArn": "*" } } })]).then((m) => m.length), 1);
    });
    it("pinned by account, ARN or organisation passes; EC2 alone passes; Deny passes", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [role({ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [role({ Condition: { ArnLike: { "aws:SourceArn": `arn:aws:lambda:*:${ACCOUNT}:function:*` } } })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [role({ Condition: { StringEquals: { "aws:SourceOrgID": "o-abc" } } })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [role({ Effect: "Deny" })]), []);
    });
});

describe("policy resource-policy-principals", () => {
    const policy = "resource-policy-principals";
    it("a topic policy open to everyone fails; pinned to the organisation passes", async () => {
        const topic = (condition?: object) => res(TYPES.snsTopicPolicy, "tp", { arn: "arn:x", policy: doc({ Sid: "Pub", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*", ...(condition ? { Condition: condition } : {}) }) });
        assert.deepStrictEqual(await violationsOf(policy, [topic()]), [{ urn: fixtureUrn(TYPES.snsTopicPolicy, "tp"),
            message: "TopicPolicy \"tp\" policy statement \"Pub\" allows everyone (Principal \"*\") without a condition pinning a concrete account, organisation or source" }]);
        assert.deepStrictEqual(await messagesOf(policy, [topic({ StringEquals: { "aws:PrincipalOrgID": "o-abc" } })]), []);
    });
    it("foreign accounts are named, singular and plural; trusted ones pass", async () => {
        const key = (principal: object) => res(TYPES.kmsKey, "key", { policy: doc({ Effect: "Allow", Principal: principal, Action: "kms:Decrypt", Resource: "*" }) });
        assert.deepStrictEqual(await messagesOf(policy, [key({ AWS: `arn:aws:iam::${FOREIGN}:root` })]),
            [`Key "key" policy statement 0 grants account ${FOREIGN}, not in trustedAccountIds`]);
        assert.deepStrictEqual(await messagesOf(policy, [key({ AWS: [FOREIGN, "111122223333"] })], { trustedAccountIds: [ACCOUNT] }),
            [`Key "key" policy statement 0 grants accounts ${FOREIGN}, 111122223333, not in trustedAccountIds`]);
        assert.deepStrictEqual(await messagesOf(policy, [key({ AWS: `arn:aws:iam::${ACCOUNT}:role/x` })], { trustedAccountIds: [ACCOUNT] }), []);
    });
    it("a policy that is not a document is unknown, so refused; an empty or missing one is skipped", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.backupVaultPolicy, "vp", { policy: "{\"Version\":\"2012-10-17\"}" })]),
            ["VaultPolicy \"vp\" policy cannot be read (not an IAM policy document (no Statement): \"{\\\"Version\\\":\\\"2012-10-17\\\"}\"); unknown means no"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.bucketPolicy, "bp", { policy: "" }), res(TYPES.snsTopic, "t", {}), res(TYPES.instance, "i", { policy: "junk" })]), []);
    });
    it("the ELB log delivery account of the bucket's region may only put objects", async () => {
        const elb = "114774131450";
        const bucketPolicy = (actions: string[]) => res(TYPES.bucketPolicy, "logs", { policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${elb}:root` }, Action: actions, Resource: "arn:aws:s3:::logs/*" }) });
        assert.deepStrictEqual(await messagesOf(policy, [bucketPolicy(["s3:PutObject"])]), []);
        assert.deepStrictEqual(await messagesOf(policy, [bucketPolicy(["s3:PutObject", "s3:GetObject"])]),
            [`BucketPolicy "logs" policy statement 0 grants account ${elb}, not in trustedAccountIds`]);
        assert.deepStrictEqual(await messagesOf(policy, [bucketPolicy(["s3:PutObject"])], {}, "ap-southeast-2"),
            [`BucketPolicy "logs" policy statement 0 grants account ${elb}, not in trustedAccountIds`]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.snsTopicPolicy, "t", { policy: doc({ Effect: "Allow", Principal: { AWS: elb }, Action: "s3:PutObject", Resource: "*" }) })]),
            [`TopicPolicy "t" policy statement 0 grants account ${elb}, not in trustedAccountIds`]);
    });
    it("Lambda permissions: each principal kind and the function URL", async () => {
        const permission = (inputs: Record<string, unknown>) => res(TYPES.lambdaPermission, "perm", { action: "lambda:InvokeFunction", function: "f", ...inputs });
        assert.deepStrictEqual(await violationsOf(policy, [permission({ principal: "*" })]), [{ urn: fixtureUrn(TYPES.lambdaPermission, "perm"),
            message: "Lambda permission \"perm\" lets everyone (principal \"*\") invoke the function with no sourceAccount or principalOrgId pinning the caller" }]);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: "*", sourceAccount: ACCOUNT })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: "*", principalOrgId: "o-abc" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: FOREIGN })]),
            [`Lambda permission "perm" lets account ${FOREIGN} invoke the function, which is not in trustedAccountIds`]);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: `arn:aws:iam::${FOREIGN}:role/caller` })], { trustedAccountIds: [ACCOUNT] }),
            [`Lambda permission "perm" lets account ${FOREIGN} invoke the function, which is not in trustedAccountIds`]);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: `arn:aws:iam::${ACCOUNT}:role/caller` })], { trustedAccountIds: [ACCOUNT] }), []);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: ACCOUNT })], { trustedAccountIds: [ACCOUNT] }), []);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: "events.amazonaws.com" })]),
            ["Lambda permission \"perm\" lets events.amazonaws.com invoke the function on behalf of any account; set sourceArn (the rule, bucket or topic) or sourceAccount"]);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: "events.amazonaws.com", sourceArn: "arn:aws:events:ap-southeast-1:123456789012:rule/r" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: "events.amazonaws.com", sourceAccount: ACCOUNT })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: ACCOUNT, functionUrlAuthType: "none" })], { trustedAccountIds: [ACCOUNT] }),
            ["Lambda permission \"perm\" opens the function URL without authentication (functionUrlAuthType NONE); use AWS_IAM"]);
        assert.deepStrictEqual(await messagesOf(policy, [permission({ principal: ACCOUNT, functionUrlAuthType: "AWS_IAM" })], { trustedAccountIds: [ACCOUNT] }), []);
    });
    it("lambdaPermissionProblems reads a principal that is neither account, ARN nor service as no problem", () => {
        assert.deepStrictEqual(lambdaPermissionProblems({ props: { principal: "12345" } } as never, []), []);
        assert.deepStrictEqual(lambdaPermissionProblems({ props: {} } as never, []), []);
    });
    it("resourceStatementProblems: everyone and a foreign account in one statement are two problems", () => {
        assert.deepStrictEqual(resourceStatementProblems(statement({ Effect: "Allow", Principal: { AWS: ["*", FOREIGN] }, Action: "kms:Decrypt", Resource: "*" }), []), [
            "allows everyone (Principal \"*\") without a condition pinning a concrete account, organisation or source",
            `grants account ${FOREIGN}, not in trustedAccountIds`,
        ]);
    });
});

describe("IAM documents and their analysis (model/iamPolicyAnalysis)", () => {
    it("parsePolicyDocument normalises each element; refuses text without Statement, naming it", () => {
        assert.deepStrictEqual(parsePolicyDocument({ Statement: { Sid: "S", Effect: "Allow", Action: "s3:GetObject", NotAction: ["a", "b"], Resource: 7, Principal: "*" } }), [{
            sid: "S", effect: "Allow", actions: ["s3:GetObject"], notActions: ["a", "b"], resources: ["7"], notResources: [], principal: "*", condition: {},
        }]);
        assert.deepStrictEqual(parsePolicyDocument(doc({ Effect: "Deny", NotResource: null, Condition: { Bool: { x: "true" } } }))[0],
            { sid: undefined, effect: "Deny", actions: [], notActions: [], resources: [], notResources: [], principal: undefined, condition: { Bool: { x: "true" } } });
        assert.throws(() => parsePolicyDocument({ Version: "2012-10-17" }), { message: "not an IAM policy document (no Statement): {\"Version\":\"2012-10-17\"}" });
        assert.throws(() => parsePolicyDocument(null), { message: "not an IAM policy document (no Statement): null" });
        assert.throws(() => parsePolicyDocument("x".repeat(300)), (err: Error) => err instanceof SyntaxError);
        assert.throws(() => parsePolicyDocument(JSON.stringify("y".repeat(300))), { message: `not an IAM policy document (no Statement): ${JSON.stringify(JSON.stringify("y".repeat(300))).slice(0, 120)}` });
        assert.deepStrictEqual([statementLabel(statement({ Sid: "A", Effect: "Allow" }), 3), statementLabel(statement({ Effect: "Allow" }), 3)], ["statement \"A\"", "statement 3"]);
    });
    it("permissionDocuments: only permission documents, each with its property", () => {
        assert.deepStrictEqual(permissionDocuments(TYPES.rolePolicy, {}), []);
        assert.deepStrictEqual(permissionDocuments(TYPES.role, {}), []);
        assert.deepStrictEqual(permissionDocuments(TYPES.kmsKey, { policy: doc({ Effect: "Allow" }) }), []);
        assert.deepStrictEqual(permissionDocuments(TYPES.role, { inlinePolicies: [{ policy: doc({ Effect: "Allow", Action: "s3:GetObject" }) }] }).map((d) => [d.property, d.statements[0].actions]),
            [["inlinePolicies[0].policy", ["s3:GetObject"]]]);
    });
    it("principals: everyone, accounts and services", () => {
        assert.deepStrictEqual(["*", { AWS: "*" }, { AWS: ["1", "*"] }, { CanonicalUser: "*" }, { Service: "*" }, { AWS: ACCOUNT }, null, undefined, "x"].map(isEveryonePrincipal),
            [true, true, true, true, false, false, false, false, false]);
        assert.deepStrictEqual(principalAccounts({ AWS: [ACCOUNT, `arn:aws:iam::${FOREIGN}:user/u`, "*", "1234567890123", "arn:aws:iam:::root", `x${ACCOUNT}`] }), [ACCOUNT, FOREIGN]);
        assert.deepStrictEqual(principalAccounts({ AWS: `${ACCOUNT}1` }), []);
        assert.deepStrictEqual(principalAccounts("*"), []);
        assert.deepStrictEqual(principalAccounts(null), []);
        assert.deepStrictEqual(principalAccounts({ Service: "ec2.amazonaws.com" }), []);
        assert.deepStrictEqual(principalServices({ Service: ["a.amazonaws.com", "b.amazonaws.com"] }), ["a.amazonaws.com", "b.amazonaws.com"]);
        assert.deepStrictEqual(principalServices({ AWS: ACCOUNT }), []);
        assert.deepStrictEqual(principalServices("*"), []);
        assert.deepStrictEqual(principalServices(null), []);
    });
    it("ARN fields: the resource keeps its colons; fewer than six fields or no arn: prefix is no ARN", () => {
        assert.deepStrictEqual(arnFields("arn:aws:logs:us-east-1:1:log-group:/x:*"), { partition: "aws", service: "logs", region: "us-east-1", account: "1", resource: "log-group:/x:*" });
        assert.strictEqual(arnFields("arn:aws:s3::bucket"), undefined);
        assert.strictEqual(arnFields("nra:aws:s3:::bucket"), undefined);
        assert.deepStrictEqual(arnFields("arn:aws:s3:::bucket")?.resource, "bucket");
    });
    it("resource breadth: everything, any account, one type, scoped", () => {
        const cases: Array<[string, string]> = [
            ["*", "everything"], ["*bucket", "everything"], ["arn:aws:*:us-east-1:1:x", "everything"], ["arn:aws:s3:::*", "everything"], ["arn:aws:iam::1:*", "everything"],
            ["arn:aws:ec2:us-east-1:1:", "everything"], ["arn:aws:iam::1:?ole/x", "everything"], ["some?thing", "everything"], ["name", "scoped"],
            ["arn:aws:kms:*:*:key/*", "any-account"], ["arn:aws:kms:us-east-1:?:key/k", "any-account"], ["arn:aws:s3:::bucket/*", "scoped"],
            ["arn:aws:iam::1:role/*", "type"], ["arn:aws:logs:us-east-1:1:log-group:*", "type"], ["arn:aws:iam::1:role/sigma/*", "scoped"],
            ["arn:aws:iam::1:role/r", "scoped"], ["arn:aws:iam::1:role/*x", "scoped"],
        ];
        for (const [pattern, breadth] of cases) {
            assert.strictEqual(resourcePatternBreadth(pattern), breadth, pattern);
        }
    });
    it("condition values: Like operators with only wildcards are no pin; negated and Null operators are no pin", () => {
        assert.strictEqual(isWildcardConditionValue("StringLike", "*"), true);
        assert.strictEqual(isWildcardConditionValue("ForAnyValue:StringLikeIfExists", ["a", " ?* "]), true);
        assert.strictEqual(isWildcardConditionValue("ArnLike", "arn:*"), false);
        assert.strictEqual(isWildcardConditionValue("StringEquals", "*"), false);
        assert.strictEqual(isWildcardConditionValue("StringLike", "??"), false);
        assert.strictEqual(isWildcardConditionValue("StringLike", "x*"), false);
        assert.strictEqual(isWildcardConditionValue("StringLike", "*x"), false);
        assert.deepStrictEqual(conditionValues({ StringEquals: { "AWS:SourceAccount": [ACCOUNT, FOREIGN] }, StringNotEquals: { "aws:SourceAccount": "x" }, Null: { "aws:SourceAccount": "false" } }, "aws:sourceaccount"),
            { values: [ACCOUNT, FOREIGN], wildcard: false });
        assert.deepStrictEqual(conditionValues({ "ForAnyValue:StringNotLike": { k: "a" }, "ForAllValues:StringEquals": { k: "b" } }, "k"), { values: ["b"], wildcard: false });
        assert.deepStrictEqual(conditionValues({ StringLike: { k: ["a", "*"] } }, "k"), { values: ["a", "*"], wildcard: true });
        assert.deepStrictEqual(conditionValues({ StringEquals: { k: [] } }, "k"), { values: [], wildcard: true });
        assert.deepStrictEqual(conditionValues(undefined, "k"), { values: [], wildcard: false });
        assert.deepStrictEqual(conditionValues({ StringEquals: null as never }, "k"), { values: [], wildcard: false });
        assert.strictEqual(conditionPins({ StringEquals: { k: "v" } }, "K"), true);
        assert.strictEqual(conditionPins({ StringEquals: { k: "v" }, StringLike: { k: "*" } }, "k"), false);
        assert.strictEqual(conditionPins({ StringEquals: { other: "v" } }, "k"), false);
        assert.strictEqual(conditionPins({ NotIpAddress: { k: "v" } }, "k"), false);
    });
});

describe("IAM action matching and catalog (model/iamActions)", () => {
    it("matches case-insensitively with * and ?, and treats other characters literally", () => {
        assert.strictEqual(actionPatternMatches("s3:Get*", "S3:GETOBJECT"), true);
        assert.strictEqual(actionPatternMatches("s3:Get?bject", "s3:GetObject"), true);
        assert.strictEqual(actionPatternMatches("s3:Get?", "s3:GetObject"), false);
        assert.strictEqual(actionPatternMatches("s3.Get", "s3:Get"), false);
        assert.strictEqual(actionPatternMatches("s3:(Get)", "s3:(Get)"), true);
        assert.strictEqual(actionPatternMatches("s3:Get", "xs3:Getx"), false);
        assert.strictEqual(actionPatternRegex("a*").source, "^a.*$");
    });
    it("expands patterns against the catalog; looks up exact names only", () => {
        assert.deepStrictEqual(expandActionPattern("sts:GetCallerIdentity"), [{ action: "sts:GetCallerIdentity", service: "sts", accessLevel: "Read", wildcardOnly: true }]);
        assert.deepStrictEqual(expandActionPattern("nosuch:*"), []);
        assert.ok(expandActionPattern("*:GetCallerIdentity").some((a) => a.action === "sts:GetCallerIdentity"));
        assert.strictEqual(expandActionPattern("iam").length, 0);
        assert.deepStrictEqual(lookupAction("IAM:passrole"), { action: "iam:PassRole", service: "iam", accessLevel: "Write", wildcardOnly: false });
        assert.strictEqual(lookupAction("iam:Pass*"), undefined);
        assert.strictEqual(lookupAction("iam"), undefined);
        assert.strictEqual(lookupAction("nosuch:Thing"), undefined);
        assert.strictEqual(isKnownService("IAM"), true);
        assert.strictEqual(isKnownService("nosuch"), false);
        assert.deepStrictEqual(actionsOfService("nosuch"), []);
        assert.ok(actionsOfService("S3").length > 100);
    });
});

describe("IAM policy evaluation: each operator and element (model/iamPolicyEvaluation)", () => {
    const request = (context: Record<string, string | string[]> = {}, extra: Partial<IamRequest> = {}): IamRequest => ({ action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context, ...extra });
    const holds = (operator: string, policyValue: string | string[], context: Record<string, string | string[]>) =>
        statementApplies({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { [operator]: { k: policyValue } } }, request(context));

    it("string operators: equality, case, wildcards and negation", () => {
        assert.deepStrictEqual(["abc", "ABC", "abd"].map((v) => holds("StringEquals", "abc", { k: v })), [true, false, false]);
        assert.deepStrictEqual(["abc", "ABC", "abd"].map((v) => holds("StringNotEquals", "abc", { k: v })), [false, true, true]);
        assert.deepStrictEqual(["abc", "ABC", "abd"].map((v) => holds("StringEqualsIgnoreCase", "abc", { k: v })), [true, true, false]);
        assert.deepStrictEqual(["abc", "ABC", "abd"].map((v) => holds("StringNotEqualsIgnoreCase", "aBc", { k: v })), [false, false, true]);
        assert.deepStrictEqual(["abc", "ab", "xabc"].map((v) => holds("StringLike", "ab?", { k: v })), [true, false, false]);
        assert.deepStrictEqual(["abc", "ab", "xabc"].map((v) => holds("StringNotLike", "ab*", { k: v })), [false, false, true]);
        assert.deepStrictEqual(["true", "TRUE", "false"].map((v) => holds("Bool", "true", { k: v })), [true, true, false]);
    });
    it("ARN operators match component by component, and negate", () => {
        const arn = "arn:aws:sns:us-east-1:1:t";
        assert.strictEqual(holds("ArnEquals", "arn:aws:sns:*:1:t", { k: arn }), true);
        assert.strictEqual(holds("ArnLike", "arn:aws:sns:us-east-1:2:*", { k: arn }), false);
        assert.strictEqual(holds("ArnNotEquals", "arn:aws:sns:us-east-1:1:t", { k: arn }), false);
        assert.strictEqual(holds("ArnNotLike", "arn:aws:sns:us-east-1:2:*", { k: arn }), true);
        assert.strictEqual(arnPatternMatches("*", "anything"), true);
        assert.strictEqual(arnPatternMatches("arn:aws:s3:::b", "b"), false);
        assert.strictEqual(arnPatternMatches("b", "arn:aws:s3:::b"), false);
        assert.strictEqual(arnPatternMatches("arn:aws:s3:::b*", "arn:aws:s3:::b/k:v"), true);
        assert.strictEqual(arnPatternMatches("arn:aws:s3:::b.k", "arn:aws:s3:::bxk"), false);
    });
    it("numeric operators at their boundaries", () => {
        const at = (operator: string) => ["4", "5", "6"].map((v) => holds(operator, "5", { k: v }));
        assert.deepStrictEqual(at("NumericEquals"), [false, true, false]);
        assert.deepStrictEqual(at("NumericNotEquals"), [true, false, true]);
        assert.deepStrictEqual(at("NumericLessThan"), [true, false, false]);
        assert.deepStrictEqual(at("NumericLessThanEquals"), [true, true, false]);
        assert.deepStrictEqual(at("NumericGreaterThan"), [false, false, true]);
        assert.deepStrictEqual(at("NumericGreaterThanEquals"), [false, true, true]);
    });
    it("an operator the model does not know is an error naming it, never a silent answer", () => {
        assert.throws(() => holds("DateGreaterThan", "2020-01-01", { k: "2021-01-01" }), { message: "condition operator DateGreaterThan is not modelled" });
    });
    it("absent keys: positive operators fail, IfExists, negated and ForAllValues hold; Null tests presence (an empty list is absent)", () => {
        assert.strictEqual(holds("StringEquals", "a", {}), false);
        assert.strictEqual(holds("StringEqualsIfExists", "a", {}), true);
        assert.strictEqual(holds("StringNotEquals", "a", {}), true);
        assert.strictEqual(holds("ForAllValues:StringEquals", "a", {}), true);
        assert.strictEqual(holds("ForAnyValue:StringEquals", "a", {}), false);
        assert.strictEqual(holds("Null", "true", {}), true);
        assert.strictEqual(holds("Null", "TRUE", { k: [] }), true);
        assert.strictEqual(holds("Null", "false", {}), false);
        assert.strictEqual(holds("Null", "false", { k: "x" }), true);
        assert.strictEqual(holds("Null", ["true", "false"], { k: "x" }), true);
    });
    it("multivalued keys: ForAllValues and ForAnyValue, positive and negated", () => {
        assert.strictEqual(holds("ForAllValues:StringEquals", ["a", "b"], { k: ["a", "b"] }), true);
        assert.strictEqual(holds("ForAllValues:StringEquals", ["a"], { k: ["a", "c"] }), false);
        assert.strictEqual(holds("ForAllValues:StringNotEquals", ["a"], { k: ["b", "c"] }), true);
        assert.strictEqual(holds("ForAllValues:StringNotEquals", ["a"], { k: ["a", "c"] }), false);
        assert.strictEqual(holds("ForAnyValue:StringNotEquals", ["a"], { k: ["a", "c"] }), true);
        assert.strictEqual(holds("ForAnyValue:StringNotEquals", ["a"], { k: ["a", "a"] }), false);
        assert.strictEqual(holds("ForAnyValue:StringEquals", ["c"], { k: ["a", "c"] }), true);
        assert.strictEqual(holds("StringNotEquals", ["a"], { k: ["a", "c"] }), false);
        assert.strictEqual(holds("StringNotEquals", ["b"], { k: ["a", "c"] }), true);
    });
    it("every key of a block must hold; key names are case-insensitive; policy variables resolve, unknown ones match nothing", () => {
        const s = { Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { a: "1", b: "2" } } };
        assert.strictEqual(statementApplies(s, request({ A: "1", B: "2" })), true);
        assert.strictEqual(statementApplies(s, request({ a: "1", b: "3" })), false);
        assert.strictEqual(holds("StringEquals", "${aws:username}-x", { k: "alice-x", "aws:UserName": "alice" }), true);
        assert.strictEqual(holds("StringEquals", "${nosuch}", { k: "${nosuch}" }), false);
        assert.strictEqual(holds("StringEquals", "${list}", { k: "a", list: ["a"] }), false);
        assert.strictEqual(holds("StringLike", "${*}", { k: "*" }), true);
        assert.strictEqual(holds("StringEquals", "${?}${$}", { k: "?$" }), true);
        assert.strictEqual(statementApplies({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::${aws:username}/*" }, request({ "aws:username": "b" })), true);
        assert.strictEqual(statementApplies({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::${aws:username}/*" }, request({ "aws:username": "c" })), false);
    });
    it("elements: Action, NotAction, Resource, NotResource, or neither (every resource)", () => {
        const applies = (s: object, extra: Partial<IamRequest> = {}) => statementApplies({ Effect: "Allow", ...s } as never, request({}, extra));
        assert.strictEqual(applies({ Action: ["s3:PutObject", "s3:GetObject"], Resource: "*" }), true);
        assert.strictEqual(applies({ NotAction: ["s3:PutObject", "s3:GetObject"], Resource: "*" }), false);
        assert.strictEqual(applies({ NotAction: ["s3:PutObject"], Resource: "*" }), true);
        assert.strictEqual(applies({ Action: "s3:GetObject", Resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] }), true);
        assert.strictEqual(applies({ Action: "s3:GetObject", Resource: ["arn:aws:s3:::a/*"] }), false);
        assert.strictEqual(applies({ Action: "s3:GetObject", NotResource: ["arn:aws:s3:::a/*"] }), true);
        assert.strictEqual(applies({ Action: "s3:GetObject", NotResource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] }), false);
        assert.strictEqual(applies({ Action: "s3:GetObject" }), true);
        assert.strictEqual(applies({ Action: "s3:GetObject", Resource: [] }), false);
    });
    it("principals: none is an identity policy; * is everyone; a named principal must match the caller's kind and id", () => {
        const applies = (principal: unknown, caller?: IamRequest["principal"]) => statementApplies({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Principal: principal } as never, request({}, { principal: caller }));
        assert.strictEqual(applies(undefined, { Service: "x.amazonaws.com" }), true);
        assert.strictEqual(applies("*", undefined), true);
        assert.strictEqual(applies("*", { AWS: ACCOUNT }), true);
        assert.strictEqual(applies({ AWS: ACCOUNT }, undefined), false);
        assert.strictEqual(applies({ AWS: [FOREIGN, ACCOUNT] }, { AWS: ACCOUNT }), true);
        assert.strictEqual(applies({ AWS: "*" }, { AWS: ACCOUNT }), true);
        assert.strictEqual(applies({ AWS: ACCOUNT }, { Service: ACCOUNT }), false);
        assert.strictEqual(applies({ Service: "a.amazonaws.com", AWS: ACCOUNT }, { AWS: ACCOUNT }), true);
        assert.strictEqual(applies({ AWS: FOREIGN }, { AWS: ACCOUNT }), false);
    });
    it("decisions across documents, and which statements allow", () => {
        const allow: IamPolicyDocument = { Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Allow", Action: "ec2:*", Resource: "*" }] };
        const deny: IamPolicyDocument = { Statement: { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" } };
        assert.strictEqual(evaluatePolicies([allow], request()), "allow");
        assert.strictEqual(evaluatePolicies([allow, deny], request()), "explicit-deny");
        assert.strictEqual(evaluatePolicies([deny], request()), "explicit-deny");
        assert.strictEqual(evaluatePolicies([], request()), "implicit-deny");
        assert.deepStrictEqual(allowingStatements([allow, deny], request()), ["Read", "#1"]);
        assert.deepStrictEqual(allowingStatements([deny], request()), []);
    });
});

describe("IAM rules: principals, owners and unknown values at the edges", () => {
    const UNKNOWN: string = require("@pulumi/policy/proxy").unknownStringValue;
    const escalation = "iam-no-privilege-escalation";

    it("policies of one user (or group) named the same way add up when the stack does not define the user", async () => {
        const up = (name: string, action: string) => res(TYPES.userPolicy, name, { user: "alice", policy: doc({ Effect: "Allow", Action: action, Resource: "*" }) });
        assert.deepStrictEqual(await messagesOf(escalation, [up("pass", "iam:PassRole"), up("run", "ec2:RunInstances")]),
            ["UserPolicy owner of \"pass\" can escalate its privileges: CreateEC2WithExistingIP"]);
        const bob = res(TYPES.userPolicy, "bob-run", { user: "bob", policy: doc({ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }) });
        assert.deepStrictEqual(await messagesOf(escalation, [up("pass", "iam:PassRole"), bob]), []);
        const gp = (name: string, group: string, action: string) => res(TYPES.groupPolicy, name, { group, policy: doc({ Effect: "Allow", Action: action, Resource: "*" }) });
        assert.deepStrictEqual(await messagesOf(escalation, [gp("pass", "ops", "iam:PassRole"), gp("run", "dev", "ec2:RunInstances")]), []);
        assert.deepStrictEqual(await messagesOf(escalation, [gp("pass", "ops", "iam:PassRole"), gp("run", "ops", "ec2:RunInstances")]),
            ["GroupPolicy owner of \"pass\" can escalate its privileges: CreateEC2WithExistingIP"]);
    });
    it("attachments to a user or group the stack defines count for that principal", async () => {
        const mp = res(TYPES.managedPolicy, "run", { policy: doc({ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }) });
        for (const [type, property] of [[TYPES.userPolicyAttachment, "user"], [TYPES.groupPolicyAttachment, "group"]] as const) {
            const owner = res(property === "user" ? "aws:iam/user:User" : "aws:iam/group:Group", "owner", {});
            const pass = res(property === "user" ? TYPES.userPolicy : TYPES.groupPolicy, "pass", { [property]: "owner-1", policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) }, { deps: { [property]: ["owner"] } });
            const attach = res(type, "attach", { [property]: "owner-1", policyArn: "arn:aws:iam::123456789012:policy/run" }, { deps: { [property]: ["owner"], policyArn: ["run"] } });
            const found = await violationsOf(escalation, [owner, pass, mp, attach]);
            assert.deepStrictEqual(found.map((v) => v.message), [`${type === TYPES.userPolicyAttachment ? "UserPolicy" : "GroupPolicy"} owner of "pass" can escalate its privileges: CreateEC2WithExistingIP`], type);
        }
    });
    it("an attachment whose policyArn comes from something other than a managed policy adds nothing, and does not crash", async () => {
        const role = res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), inlinePolicies: [{ name: "p", policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) }] });
        assert.deepStrictEqual(await messagesOf(escalation, [role, res(TYPES.rolePolicyAttachment, "a", { role: "r", policyArn: "x" }, { deps: { role: ["r"], policyArn: ["r"] } })]), []);
    });
    it("documents unknown in a preview are skipped, not a crash", async () => {
        assert.deepStrictEqual(await messagesOf(escalation, [res(TYPES.rolePolicy, "p", { role: "r", policy: UNKNOWN })]), []);
        const mp = res(TYPES.managedPolicy, "mp", { policy: UNKNOWN });
        assert.deepStrictEqual(await messagesOf(escalation, [mp, res(TYPES.rolePolicyAttachment, "a", { role: "x", policyArn: "arn" }, { deps: { policyArn: ["mp"] } })]), []);
        assert.deepStrictEqual(await messagesOf(escalation, [res(TYPES.userPolicy, "up", { user: UNKNOWN, policy: doc({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }) })]),
            ["UserPolicy owner of \"up\" can escalate its privileges: CreateAccessKey"]);
    });
    it("several NotResource entries, broad resources and confused-deputy services are listed with commas", async () => {
        assert.deepStrictEqual(await messagesOf("iam-no-wildcard-resource", [rolePolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] })]),
            ["policy statement 0 allows every resource except NotResource [arn:aws:s3:::a/*, arn:aws:s3:::b/*]; list the resources instead"]);
        assert.deepStrictEqual(await messagesOf("iam-no-wildcard-resource", [rolePolicy({ Effect: "Allow", Action: "s3:GetObject", Resource: ["*", "arn:aws:s3:::*"] })]),
            ["policy statement 0 grants s3:GetObject on *, arn:aws:s3:::* (a whole service or any account) although it supports resource-level permissions; name the ARNs"]);
        assert.deepStrictEqual(await messagesOf("iam-trust-confused-deputy", [res(TYPES.role, "r", { assumeRolePolicy: trust({ Service: ["lambda.amazonaws.com", "states.amazonaws.com"] }) })]),
            ["assumeRolePolicy statement 0 lets lambda.amazonaws.com, states.amazonaws.com assume the role for any account; pin aws:SourceAccount or aws:SourceArn"]);
    });
    it("a pattern matching several services says how many", () => {
        const pattern = "*:ListTagsForResource";
        const services = new Set(expandActionPattern(pattern).map((a) => a.service)).size;
        assert.ok(services > 10, `${services}`);
        assert.strictEqual(actionPatternProblem(pattern, []), `"${pattern}" matches actions of ${services} services; name the service`);
    });
    it("a null or malformed trust principal is refused by name; only permission documents of the listed types are read", () => {
        assert.deepStrictEqual(trustPolicyProblems(parsePolicyDocument(doc({ Effect: "Allow", Principal: null, Action: "sts:AssumeRole" })), []),
            ["statement 0 trusts null; name the AWS service that assumes the role"]);
        assert.deepStrictEqual(trustPolicyProblems(parsePolicyDocument(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })), []),
            ["statement 0 trusts \"*\"; name the AWS service that assumes the role"]);
        assert.deepStrictEqual(trustPolicyProblems(parsePolicyDocument(doc({ Effect: "Allow", Principal: { Service: "x ec2.amazonaws.com" }, Action: "sts:AssumeRole" })), []),
            ["statement 0 trusts service principal \"x ec2.amazonaws.com\", which is not an AWS service"]);
        assert.deepStrictEqual(permissionDocuments(TYPES.kmsKey, { inlinePolicies: [{ policy: doc({ Effect: "Allow", Action: "s3:GetObject" }) }] }), []);
    });
    it("resource policies: a null document is skipped; an account id is exactly 12 digits, also inside an ARN", async () => {
        assert.deepStrictEqual(await messagesOf("resource-policy-principals", [res(TYPES.kmsKey, "k", { policy: null })]), []);
        assert.deepStrictEqual(lambdaPermissionProblems({ props: { principal: `arn:aws:iam::${FOREIGN}:role/a${ACCOUNT}` } } as never, [ACCOUNT]),
            [`lets account ${FOREIGN} invoke the function, which is not in trustedAccountIds`]);
        assert.deepStrictEqual(lambdaPermissionProblems({ props: { principal: `${ACCOUNT}0` } } as never, []), []);
        assert.deepStrictEqual(lambdaPermissionProblems({ props: { principal: `x${ACCOUNT}` } } as never, []), []);
    });
    it("analysis: only \"*\" itself or a non-service principal listing \"*\" is everyone; accounts need an arn: prefix; a null value is no pin", () => {
        assert.strictEqual(isEveryonePrincipal("x*"), false);
        assert.strictEqual(isEveryonePrincipal({ Service: "ec2.amazonaws.com", AWS: "*" }), true);
        assert.deepStrictEqual(principalAccounts({ AWS: `x:y:z:w:${ACCOUNT}:v` }), []);
        assert.deepStrictEqual(conditionValues({ StringEquals: { k: null } }, "k"), { values: [], wildcard: true });
    });
    it("evaluation: unresolved variables, escaped regex characters, newlines, short ARNs, principals of another kind, unknown effects", () => {
        const holds = (operator: string, policyValue: string, value: string) =>
            statementApplies({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { [operator]: { k: policyValue } } }, { action: "s3:GetObject", resource: "*", context: { k: value } });
        assert.strictEqual(holds("StringEquals", "x${nosuch}", "x"), false);
        assert.strictEqual(holds("StringLike", "a.b", "a.b"), true);
        assert.strictEqual(holds("StringLike", "a.b", "axb"), false);
        assert.strictEqual(holds("StringLike", "a*", "a\nb"), true);
        assert.strictEqual(arnPatternMatches("x:y", "x:y"), false);
        assert.strictEqual(arnPatternMatches("arn:aws:logs:r:1:ab:c", "arn:aws:logs:r:1:a:bc"), false);
        assert.strictEqual(statementApplies({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Principal: { AWS: "*" } }, { action: "s3:GetObject", resource: "*", principal: { Service: "x.amazonaws.com" } }), false);
        assert.strictEqual(evaluatePolicies([{ Statement: [{ Effect: "allow" as never, Action: "s3:GetObject", Resource: "*" }] }], { action: "s3:GetObject", resource: "*" }), "implicit-deny");
    });
});
