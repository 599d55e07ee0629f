import * as assert from "assert";
import {
    BackupSelectionInputs, partitionOf, readSelectionInputs, SelectionCandidate, selectionProblem, selectionSelects, selectionWildcardMatches,
} from "../../model/backupSelection";

const BY_TAG = [{ type: "STRINGEQUALS", key: "backup", value: "true" }];
const tagged = (tags: Record<string, string>): Partial<SelectionCandidate> => ({ tags });
const instance = (extra: Partial<SelectionCandidate> = {}): SelectionCandidate =>
    ({ kind: "ec2Instance", tags: { backup: "true", stage: "prod" }, region: "ap-southeast-1", ...extra });
const KNOWN_ARN = "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0";

describe("model: which resources a backup selection assigns", () => {
    // [row, selection, candidate overrides, selected?]; each row cites the documented example or rule it checks.
    const rows: Array<[string, BackupSelectionInputs, Partial<SelectionCandidate>, boolean]> = [
        ["selectionTags: a matching StringEquals tag", { selectionTags: BY_TAG }, {}, true],
        ["selectionTags: the value is compared case-sensitively", { selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "TRUE" }] }, {}, false],
        ["selectionTags: the key is compared case-sensitively", { selectionTags: [{ type: "STRINGEQUALS", key: "Backup", value: "true" }] }, {}, false],
        ["selectionTags are ORed: one of two matches (July or August)", { selectionTags: [...BY_TAG, { type: "STRINGEQUALS", key: "month", value: "July" }] }, tagged({ month: "July" }), true],
        ["selectionTags: only STRINGEQUALS is a selection tag type", { selectionTags: [{ type: "STRINGLIKE", key: "backup", value: "t*" }] }, {}, false],
        ["resources: * selects every resource", { resources: ["*"] }, tagged({}), true],
        ["resources: every instance by its type pattern, before its id is known", { resources: ["arn:aws:ec2:*:*:instance/*"] }, tagged({}), true],
        ["resources: the volume pattern does not name an instance", { resources: ["arn:aws:ec2:*:*:volume/*"] }, tagged({}), false],
        ["resources: a service-wide pattern (arn:aws:ec2:*)", { resources: ["arn:aws:ec2:*"] }, tagged({}), true],
        ["resources: a pattern for another Region's instances", { resources: ["arn:aws:ec2:us-east-1:*:instance/*"] }, tagged({}), false],
        ["resources: a literal ARN names a resource whose ARN is not known yet only by reference", { resources: [KNOWN_ARN] }, tagged({}), false],
        ["resources: a literal ARN matches the known ARN", { resources: [KNOWN_ARN] }, { tags: {}, arn: KNOWN_ARN }, true],
        ["resources: an id-shaped pattern counts only once the id is known", { resources: ["arn:aws:ec2:*:*:instance/i-*"] }, tagged({}), false],
        ["resources: the list holds the instance's own ARN output", { resources: [] }, { tags: {}, namedIn: ["resources"] }, true],
        ["resources OR selectionTags: the tag selects what the ARN list does not", { resources: ["arn:aws:fsx:*"], selectionTags: BY_TAG }, {}, true],
        ["resources OR selectionTags: a wildcard ARN list is not narrowed by a tag", { resources: ["*"], selectionTags: BY_TAG }, tagged({}), true],
        ["conditions: StringEquals on aws:ResourceTag/<key>", { resources: ["*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] }] }, {}, true],
        ["conditions: a key without aws:ResourceTag/ tests no tag", { resources: ["*"], conditions: [{ stringEquals: [{ key: "backup", value: "true" }] }] }, {}, false],
        ["conditions are ANDed: backup=true and stage=prod", { resources: ["*"], conditions: [{ stringEquals: [
            { key: "aws:ResourceTag/backup", value: "true" }, { key: "aws:ResourceTag/stage", value: "test" }] }] }, {}, false],
        ["conditions are ANDed across operators and blocks", { resources: ["*"], conditions: [
            { stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] }, { stringNotEquals: [{ key: "aws:ResourceTag/stage", value: "prod" }] }] }, {}, false],
        ["conditions: StringNotEquals holds when the tag is absent (backup:true but not stage:test)", { resources: ["*"], conditions: [{
            stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }], stringNotEquals: [{ key: "aws:ResourceTag/stage", value: "test" }] }] }, tagged({ backup: "true" }), true],
        ["conditions: StringLike include* (key1 begins with include)", { resources: ["*"], conditions: [{ stringLikes: [{ key: "aws:ResourceTag/key1", value: "include*" }] }] }, tagged({ key1: "include-me" }), true],
        ["conditions: StringLike *rod* matches production", { resources: ["*"], conditions: [{ stringLikes: [{ key: "aws:ResourceTag/stage", value: "*rod*" }] }] }, tagged({ stage: "production" }), true],
        ["conditions: StringLike is case-sensitive", { resources: ["*"], conditions: [{ stringLikes: [{ key: "aws:ResourceTag/stage", value: "PROD*" }] }] }, {}, false],
        ["conditions: StringLike ? is a literal, not a one-character wildcard", { resources: ["*"], conditions: [{ stringLikes: [{ key: "aws:ResourceTag/stage", value: "pr?d" }] }] }, {}, false],
        ["conditions: StringLike * on a missing tag does not hold (tag backup with any value)", { resources: ["*"], conditions: [{ stringLikes: [{ key: "aws:ResourceTag/backup", value: "*" }] }] }, tagged({}), false],
        ["conditions: StringNotLike *exclude* removes a matching value", { resources: ["*"], conditions: [{ stringNotLikes: [{ key: "aws:ResourceTag/key2", value: "*exclude*" }] }] }, tagged({ key2: "please-exclude-it" }), false],
        ["conditions: StringNotLike holds when the tag is absent", { resources: ["*"], conditions: [{ stringNotLikes: [{ key: "aws:ResourceTag/key2", value: "*exclude*" }] }] }, tagged({}), true],
        ["conditions: an operator AWS does not have holds for nothing", { resources: ["*"], conditions: [{ stringMatches: [{ key: "aws:ResourceTag/backup", value: "true" }] } as any] }, {}, false],
        ["conditions: an operator named like an Object method holds for nothing", { resources: ["*"], conditions: [{ toString: [{ key: "aws:ResourceTag/backup", value: "true" }] } as any] }, {}, false],
        ["conditions also filter what selectionTags select", { selectionTags: BY_TAG, conditions: [{ stringNotEquals: [{ key: "aws:ResourceTag/stage", value: "prod" }] }] }, {}, false],
        ["notResources: remove every EBS volume but keep instances", { resources: ["*"], notResources: ["arn:aws:ec2:*:*:volume/*"] }, {}, true],
        ["notResources: remove every instance", { resources: ["*"], notResources: ["arn:aws:ec2:*:*:instance/*"] }, {}, false],
        ["notResources: the list holds the instance's own ARN output", { selectionTags: BY_TAG }, { namedIn: ["notResources"] }, false],
        ["neither resources nor selectionTags: AWS refuses the selection, so it selects nothing", { conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] }] }, {}, false],
        ["neither resources nor selectionTags, only notResources", { notResources: ["arn:aws:ec2:*:*:volume/*"] }, {}, false],
        ["a selection in another Region", { selectionTags: BY_TAG, region: "ap-southeast-2" }, {}, false],
        ["a selection in the same Region", { selectionTags: BY_TAG, region: "ap-southeast-1" }, {}, true],
        ["a China Region instance is in the aws-cn partition", { resources: ["arn:aws-cn:ec2:*:*:instance/*"] }, { tags: {}, region: "cn-north-1" }, true],
        ["an aws-partition pattern does not name a China Region instance", { resources: ["arn:aws:ec2:*:*:instance/*"] }, { tags: {}, region: "cn-north-1" }, false],
    ];
    for (const [row, selection, candidate, selected] of rows) {
        it(`${row} -> ${selected ? "selected" : "not selected"}`, () => assert.strictEqual(selectionSelects(selection, instance(candidate)), selected));
    }

    it("names the volume kind by its own ARN shape", () => {
        const volume: SelectionCandidate = { kind: "ebsVolume", tags: {}, region: "ap-southeast-1" };
        assert.strictEqual(selectionSelects({ resources: ["arn:aws:ec2:*:*:volume/*"] }, volume), true);
        assert.strictEqual(selectionSelects({ resources: ["arn:aws:ec2:*:*:instance/*"] }, volume), false);
    });

    const wildcards: Array<[string, string, boolean]> = [
        ["*", "anything", true], ["*", "", true], ["prod*", "production", true], ["*rod*", "production", true], ["prod", "production", false],
        ["a.c", "abc", false], ["a?c", "abc", false], ["a?c", "a?c", true], ["*", "two words", false], ["two*", "two words", false],
    ];
    for (const [pattern, value, matches] of wildcards) {
        it(`wildcard ${JSON.stringify(pattern)} ${matches ? "matches" : "does not match"} ${JSON.stringify(value)}`, () =>
            assert.strictEqual(selectionWildcardMatches(pattern, value), matches));
    }

    const problems: Array<[BackupSelectionInputs, RegExp | undefined]> = [
        [{ selectionTags: BY_TAG }, undefined],
        [{ resources: ["*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] }] }, undefined],
        [{ conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] }] }, /neither resources nor selectionTags/],
        [{ selectionTags: [{ type: "STRINGLIKE", key: "backup", value: "t*" }] }, /only STRINGEQUALS/],
        [{ resources: ["*"], conditions: [{ stringEquals: [{ key: "backup", value: "true" }] }] }, /aws:ResourceTag\/<tag key>/],
    ];
    for (const [selection, problem] of problems) {
        it(`${JSON.stringify(selection)} ${problem ? `is refused: ${problem}` : "is a selection AWS takes"}`, () => {
            const found = selectionProblem(selection);
            if (problem) {
                assert.match(found ?? "", problem);
            } else {
                assert.strictEqual(found, undefined);
            }
        });
    }

    it("reads engine data: single objects as lists, malformed tags and ARNs dropped, malformed conditions kept to hold for nothing", () => {
        const read = readSelectionInputs({
            selectionTags: { type: "STRINGEQUALS", key: "backup", value: "true" },
            conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup" }], stringLikes: null }],
            resources: ["arn:aws:ec2:*:*:instance/*", 42],
            notResources: null,
        }, "ap-southeast-1");
        assert.deepStrictEqual(read, {
            selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "true" }],
            conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup" }] }],
            resources: ["arn:aws:ec2:*:*:instance/*"],
            notResources: [],
            region: "ap-southeast-1",
        });
        assert.strictEqual(selectionSelects(read, instance()), false, "a condition without a value holds for nothing");
    });

    it("knows the partitions of Regions", () => {
        assert.deepStrictEqual(["ap-southeast-1", "cn-northwest-1", "us-gov-west-1"].map(partitionOf), ["aws", "aws-cn", "aws-us-gov"]);
    });
});
