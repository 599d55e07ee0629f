import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidation } from "@pulumi/policy";
import { ruleScheduleGap, vaultCustomerManagedKey } from "../../policy/backup";
import { isWorldCidr } from "../../policy/network";
import { TAGGABLE_TYPES, TYPES } from "../../policy/resourceTypes";
import { knownOr } from "../../policy/knownOr";
import { isUnscopedAction } from "../../policy/unscopedActions";

// The engine's preview-time markers for values not known until apply.
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy");

describe("policy helpers", () => {
    // Judged from a fixed instant, so rules that depend on the calendar read the same on every run.
    const now = new Date("2026-01-01T00:00:00Z");
    const schedules: Array<[string | undefined, number]> = [
        // The guide's three frequencies (components/backup/schedule.ts BACKUP_FREQUENCIES): the 12-hour one once read as 24.
        ["cron(0 */1 * * ? *)", 1], ["cron(0 0/12 * * ? *)", 12], ["cron(0 0 * * ? *)", 24],
        ["cron(0 5 ? * * *)", 24], ["cron(0 */12 * * ? *)", 12], ["cron(30 1,13 * * ? *)", 12], ["cron(0 5 ? * MON-FRI *)", 72],
        ["cron(0 5 ? * 1 *)", 168], ["cron(0 5 1 * ? *)", 744], ["cron(0 5 L * ? *)", 744],
        [undefined, 24],
    ];
    for (const [expression, hours] of schedules) {
        it(`${expression ?? "no schedule (AWS Backup's daily default)"} leaves at most ${hours} hours between backups`, () => {
            assert.deepStrictEqual(ruleScheduleGap(expression, now), { hours });
        });
    }
    const refused: Array<[string, RegExp]> = [
        ["cron(0 5 * *)", /has 4 cron fields/], ["cron(0 25 * * ? *)", /hours value "25" outside 0-23/], ["daily", /not an AWS cron expression/],
        ["cron(0 5 ? * FUNDAY *)", /day-of-week/], ["rate(12 hours)", /rate expression; an AWS Backup rule takes cron/],
        ["cron(*/30 * * * ? *)", /more than once an hour/], ["cron(0 5 1 1 ? 2020)", /never runs again/],
    ];
    for (const [bad, why] of refused) {
        it(`refuses schedule ${bad}`, () => {
            const gap = ruleScheduleGap(bad, now);
            assert.ok("problem" in gap, `${bad} was read as ${JSON.stringify(gap)}`);
            assert.match(gap.problem, why);
        });
    }

    const actions: Array<[string, boolean]> = [
        ["ssmmessages:OpenDataChannel", true], ["ssmmessages:*", true], ["ec2:DescribeInstances", true], ["ec2:Describe*", true],
        ["backup:ListBackupJobs", true], ["ec2:StopInstances", false], ["ec2:*", false], ["backup:List*", false],
        ["backup:ListRecoveryPointsByBackupVault", false], ["s3:GetObject", false], ["*", false],
    ];
    for (const [action, unscoped] of actions) {
        it(`${action} ${unscoped ? "supports no" : "supports"} resource scoping`, () => assert.strictEqual(isUnscopedAction(action), unscoped));
    }

    it("knows world CIDRs", () => {
        assert.deepStrictEqual(["0.0.0.0/0", "::/0", "10.0.0.0/8", "203.0.113.0/24"].map(isWorldCidr), [true, true, false, false]);
    });

    /** The @pulumi/aws declaration file of a type token, e.g. aws:ec2/instance:Instance -> ec2/instance.d.ts. */
    const declaration = (token: string) => {
        const [, modulePath, className] = /^aws:([a-zA-Z0-9]+\/[a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(token) ?? [];
        const text = fs.readFileSync(path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), `${modulePath}.d.ts`), "utf8");
        const args = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(text);
        assert.ok(args, `${token}: no ${className}Args in @pulumi/aws`);
        return args[1];
    };

    it("lists as taggable only types whose @pulumi/aws args take tags", () => {
        for (const token of TAGGABLE_TYPES) {
            assert.match(declaration(token), /\n\s+tags\?: /, `${token} has no tags input`);
        }
    });

    it("leaves out types that take no tags", () => {
        for (const token of [TYPES.rolePolicy, TYPES.volumeAttachment, TYPES.backupSelection, TYPES.backupVaultLock, TYPES.rolePolicyAttachment, TYPES.lambdaEventInvokeConfig]) {
            assert.doesNotMatch(declaration(token), /\n\s+tags\?: /, `${token} does take tags`);
            assert.ok(!TAGGABLE_TYPES.includes(token));
        }
    });

    /** The fields of a nested input type in @pulumi/aws (e.g. backup.PlanRule). */
    const inputFields = (namespace: string, name: string) => {
        const text = fs.readFileSync(path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), "types", "input.d.ts"), "utf8");
        const start = text.indexOf(`export declare namespace ${namespace} {`);
        const body = new RegExp(`\\n    interface ${name} \\{([\\s\\S]*?)\\n    \\}`).exec(text.slice(start));
        assert.ok(start >= 0 && body, `no ${namespace}.${name} in @pulumi/aws`);
        return body[1];
    };

    it("reads only input properties that exist in @pulumi/aws", () => {
        const topLevel: Array<[string, string[]]> = [
            [TYPES.instance, ["ami", "instanceType", "metadataOptions", "rootBlockDevice", "ebsBlockDevices", "monitoring", "associatePublicIpAddress", "disableApiTermination"]],
            [TYPES.launchTemplate, ["imageId", "instanceType", "metadataOptions", "blockDeviceMappings", "monitoring", "networkInterfaces"]],
            [TYPES.volume, ["encrypted"]], [TYPES.volumeAttachment, ["instanceId", "volumeId"]],
            [TYPES.securityGroup, ["description", "ingress", "egress"]],
            [TYPES.securityGroupRule, ["type", "protocol", "fromPort", "toPort", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "sourceSecurityGroupId", "self", "description"]],
            [TYPES.ingressRule, ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId", "description", "securityGroupId"]],
            [TYPES.loadBalancer, ["securityGroups"]], [TYPES.listener, ["protocol", "port", "sslPolicy", "defaultActions"]],
            [TYPES.backupVault, ["kmsKeyArn", "name"]], [TYPES.backupPlan, ["rules"]], [TYPES.backupVaultLock, ["backupVaultName"]],
            [TYPES.backupSelection, ["selectionTags", "resources", "notResources", "conditions"]],
            [TYPES.kmsKey, ["enableKeyRotation", "customerMasterKeySpec", "policy"]], [TYPES.kmsKeyPolicy, ["policy"]],
            [TYPES.snsTopic, ["kmsMasterKeyId"]], [TYPES.logGroup, ["retentionInDays"]], [TYPES.metricAlarm, ["alarmActions", "actionsEnabled"]],
            [TYPES.lambdaFunction, ["deadLetterConfig", "name"]], [TYPES.lambdaEventInvokeConfig, ["functionName", "destinationConfig"]],
            [TYPES.role, ["assumeRolePolicy", "inlinePolicies", "managedPolicyArns"]], [TYPES.rolePolicy, ["policy"]], [TYPES.managedPolicy, ["policy"]],
            [TYPES.rolePolicyAttachment, ["policyArn"]],
        ];
        for (const [token, properties] of topLevel) {
            const args = declaration(token);
            for (const property of properties) {
                assert.match(args, new RegExp(`\\n\\s+${property}\\??: `), `${token} has no input ${property}`);
            }
        }
        const nested: Array<[string, string, string[]]> = [
            ["backup", "PlanRule", ["schedule", "lifecycle", "copyActions", "ruleName"]], ["backup", "PlanRuleCopyAction", ["destinationVaultArn", "lifecycle"]],
            ["backup", "PlanRuleLifecycle", ["deleteAfter"]], ["backup", "SelectionSelectionTag", ["type", "key", "value"]],
            ["backup", "SelectionCondition", ["stringEquals", "stringNotEquals", "stringLikes", "stringNotLikes"]],
            ["ec2", "InstanceMetadataOptions", ["httpTokens", "httpEndpoint"]], ["ec2", "InstanceRootBlockDevice", ["encrypted"]],
            ["ec2", "SecurityGroupIngress", ["protocol", "fromPort", "toPort", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "securityGroups", "self", "description"]],
            ["lambda", "FunctionDeadLetterConfig", ["targetArn"]], ["lb", "ListenerDefaultAction", ["type", "redirect"]], ["lb", "ListenerDefaultActionRedirect", ["protocol"]],
        ];
        for (const [namespace, name, properties] of nested) {
            const fields = inputFields(namespace, name);
            for (const property of properties) {
                assert.match(fields, new RegExp(`\\n\\s+${property}\\??: `), `${namespace}.${name} has no ${property}`);
            }
        }
    });

    it("treats values unknown during a preview as the fallback", () => {
        const props = unknownCheckingProxy({ known: "a", later: unknownStringValue });
        assert.strictEqual(knownOr(() => props.known, "fallback"), "a");
        assert.strictEqual(knownOr(() => props.later, "fallback"), "fallback");
        assert.throws(() => knownOr(() => { throw new Error("real bug"); }, "fallback"), /real bug/);
    });

    it("accepts a vault whose key ARN is only known after apply", async () => {
        const reported: string[] = [];
        const validate = vaultCustomerManagedKey.validateResource as ResourceValidation;
        await validate({
            type: TYPES.backupVault, name: "vault", urn: "urn:vault", props: unknownCheckingProxy({ kmsKeyArn: unknownStringValue }),
            notApplicable: (reason?: string): never => { throw new Error(reason); },
        } as never, (message) => reported.push(message));
        assert.deepStrictEqual(reported, []);
    });
});
