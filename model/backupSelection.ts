/**
 * Which resources an AWS Backup selection assigns to its plan, from the selection's inputs as aws.backup.Selection
 * takes them (@pulumi/aws types/input.d.ts, backup.SelectionSelectionTag and backup.SelectionCondition*) and a
 * resource's tags and ARN. The one definition of "is backed up" for the policy pack and the offline plan.
 *
 * AWS's rules, from https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html and the JSON
 * examples in https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html:
 * - `resources` (Resources) patterns are ORed, `selectionTags` (ListOfTags) are ORed, and the two lists are ORed with
 *   each other ("Select all FSx file systems, the Aurora cluster ..., and all resources tagged with backup:true").
 * - `conditions` (Conditions) are ANDed: every operator entry must hold. `notResources` (NotResources) are ORed and
 *   remove what they match.
 */

// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Condition.html: ListOfTags takes only STRINGEQUALS.
export const SELECTION_TAG_TYPE = "STRINGEQUALS";

// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html: Conditions keys are written
// aws:ResourceTag/<tag key>, while ListOfTags names the bare tag key.
const RESOURCE_TAG_PREFIX = "aws:ResourceTag/";

/** One tag test of a selection's `conditions`. */
export interface TagCondition {
    key: string;
    value: string;
}

/** One entry of a selection's `selectionTags` (`type` is STRINGEQUALS, the only type AWS takes). */
export interface SelectionTag extends TagCondition {
    type: string;
}

/** One `conditions` block of aws.backup.Selection. */
export interface SelectionConditions {
    stringEquals?: readonly TagCondition[];
    stringLikes?: readonly TagCondition[];
    stringNotEquals?: readonly TagCondition[];
    stringNotLikes?: readonly TagCondition[];
}

/** The inputs of aws.backup.Selection that decide what it selects, as plain data. */
export interface BackupSelectionInputs {
    selectionTags?: readonly SelectionTag[];
    conditions?: readonly SelectionConditions[];
    resources?: readonly string[];
    notResources?: readonly string[];
    /** The Region the selection (and its plan) lives in, when known. */
    region?: string;
}

// ARN formats: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html#amazonec2-resources-for-iam-policies
// instance: arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}; volume: arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}
export const BACKUP_RESOURCE_ARNS = {
    ec2Instance: { service: "ec2", resourcePrefix: "instance/" },
    ebsVolume: { service: "ec2", resourcePrefix: "volume/" },
} as const;

export type BackupResourceKind = keyof typeof BACKUP_RESOURCE_ARNS;

/** A resource as a backup selection judges it. */
export interface SelectionCandidate {
    kind: BackupResourceKind;
    /** Its effective tags, as AWS sees them: the provider's default tags merged under the resource's own. */
    tags: Readonly<Record<string, string>>;
    /** The Region it lives in, when known. */
    region?: string;
    /** Its ARN when known; otherwise it is built from kind, region, account and id, and unknown parts match only a `*`. */
    arn?: string;
    account?: string;
    id?: string;
    /**
     * Lists of the selection that hold this resource's own ARN as a reference whose text is not known yet (a
     * preview's `instance.arn`): such an entry names the resource whatever its value turns out to be.
     */
    namedIn?: ReadonlyArray<"resources" | "notResources">;
}

// https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html: China Regions are in
// aws-cn, GovCloud (US) Regions in aws-us-gov, the others in aws.
export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** Stands for a part of an ARN not known until the resource exists; no literal character of a pattern matches it. */
const UNKNOWN_PART = "\u0000";

/**
 * A selection wildcard match, case-sensitive ("Condition operators are case sensitive", API_BackupSelection.html):
 * "The wildcard * represents zero or more non-whitespace characters" (assigning-resources-json.html); every other
 * character, `?` included, is literal.
 */
export function selectionWildcardMatches(pattern: string, value: string): boolean {
    const regex = pattern.split("*").map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\S*");
    return new RegExp(`^${regex}$`).test(value);
}

/** The candidate's ARN, with unknown parts as UNKNOWN_PART (a `*` in a pattern covers them, whatever they turn out to be). */
function candidateArn(candidate: SelectionCandidate): string {
    if (candidate.arn !== undefined) {
        return candidate.arn;
    }
    const shape = BACKUP_RESOURCE_ARNS[candidate.kind];
    const region = candidate.region ?? UNKNOWN_PART;
    const partition = candidate.region !== undefined ? partitionOf(candidate.region) : UNKNOWN_PART;
    return `arn:${partition}:${shape.service}:${region}:${candidate.account ?? UNKNOWN_PART}:${shape.resourcePrefix}${candidate.id ?? UNKNOWN_PART}`;
}

/** True when one of the ARN patterns names the candidate. */
export function arnPatternsMatch(patterns: readonly string[] | undefined, candidate: SelectionCandidate): boolean {
    const arn = candidateArn(candidate);
    return (patterns ?? []).some((pattern) => typeof pattern === "string" && selectionWildcardMatches(pattern, arn));
}

/** The tag key a condition tests: `aws:ResourceTag/<key>` in `conditions`; anything else names no tag. */
function conditionTagKey(key: string): string | undefined {
    return key.startsWith(RESOURCE_TAG_PREFIX) ? key.slice(RESOURCE_TAG_PREFIX.length) : undefined;
}

/**
 * The tests of the condition operators on a tag's value (undefined when the resource lacks the tag). As in IAM, the
 * negated operators hold when the tag is absent ("tagged with backup:true but not stage:test" keeps untagged ones).
 */
const CONDITION_TESTS: Record<keyof SelectionConditions, (actual: string | undefined, value: string) => boolean> = {
    stringEquals: (actual, value) => actual === value,
    stringNotEquals: (actual, value) => actual !== value,
    stringLikes: (actual, value) => actual !== undefined && selectionWildcardMatches(value, actual),
    stringNotLikes: (actual, value) => actual === undefined || !selectionWildcardMatches(value, actual),
};

/** True when one `selectionTags` entry (STRINGEQUALS, bare key) matches the tags: the list is ORed. */
export function selectionTagsMatch(selectionTags: readonly SelectionTag[] | undefined, tags: Readonly<Record<string, string>>): boolean {
    return (selectionTags ?? []).some((tag) => tag?.type === SELECTION_TAG_TYPE && Object.prototype.hasOwnProperty.call(tags, tag.key) && tags[tag.key] === tag.value);
}

/** True when every condition of every `conditions` block holds for the tags (ANDed); an unknown operator or key holds for nothing. */
export function conditionsHold(conditions: readonly SelectionConditions[] | undefined, tags: Readonly<Record<string, string>>): boolean {
    return (conditions ?? []).every((block) => Object.entries(block ?? {}).every(([operator, entries]) => {
        if (entries === undefined || entries === null) {
            return true;
        }
        const test = Object.prototype.hasOwnProperty.call(CONDITION_TESTS, operator) ? CONDITION_TESTS[operator as keyof SelectionConditions] : undefined;
        return test !== undefined && Array.isArray(entries) && entries.every((entry: TagCondition) => {
            const key = conditionTagKey(String(entry?.key));
            const actual = key !== undefined && Object.prototype.hasOwnProperty.call(tags, key) ? tags[key] : undefined;
            return key !== undefined && test(actual, String(entry.value));
        });
    }));
}

/**
 * True when the selection assigns the candidate to its plan: (a `resources` pattern OR a `selectionTags` entry
 * matches) AND every condition holds AND no `notResources` pattern matches. A selection backs up resources of its
 * own Region only (a plan is a Regional resource; other Regions get copies through copy actions:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html). A selection with neither
 * `resources` nor `selectionTags` selects nothing: AWS refuses it ("Invalid backup selection. Either 'ListOfTags' or
 * 'Resources' section must be non-empty.", https://github.com/hashicorp/terraform-provider-aws/issues/24235).
 */
export function selectionSelects(selection: BackupSelectionInputs, candidate: SelectionCandidate): boolean {
    if (selection.region !== undefined && candidate.region !== undefined && selection.region !== candidate.region) {
        return false;
    }
    const named = (list: "resources" | "notResources") => (candidate.namedIn ?? []).includes(list);
    const included = named("resources") || arnPatternsMatch(selection.resources, candidate) || selectionTagsMatch(selection.selectionTags, candidate.tags);
    return included && conditionsHold(selection.conditions, candidate.tags) && !named("notResources") && !arnPatternsMatch(selection.notResources, candidate);
}

/** Why AWS would refuse the selection's inputs, or undefined. */
export function selectionProblem(selection: BackupSelectionInputs): string | undefined {
    if ((selection.resources ?? []).length === 0 && (selection.selectionTags ?? []).length === 0) {
        return "has neither resources nor selectionTags; AWS refuses it (\"Either 'ListOfTags' or 'Resources' section must be non-empty\") and it selects nothing";
    }
    const badTag = (selection.selectionTags ?? []).find((tag) => tag?.type !== SELECTION_TAG_TYPE);
    if (badTag) {
        return `has selectionTags type ${JSON.stringify(badTag.type)}; AWS takes only ${SELECTION_TAG_TYPE} there (use conditions for the other operators)`;
    }
    const badKey = (selection.conditions ?? []).flatMap((block) => Object.values(block ?? {}).flatMap((entries) => (Array.isArray(entries) ? entries : [])))
        .find((entry: TagCondition) => conditionTagKey(String(entry?.key)) === undefined);
    if (badKey) {
        return `has condition key ${JSON.stringify(badKey.key)}; condition keys are written ${RESOURCE_TAG_PREFIX}<tag key>`;
    }
    return undefined;
}

/**
 * The selection's inputs read from engine data, where lists may be missing, null or (in older synth documents) a single
 * object. Malformed selectionTags and ARN entries are dropped (they select nothing); malformed conditions are kept, and
 * hold for nothing.
 */
export function readSelectionInputs(inputs: Readonly<Record<string, unknown>>, region?: string): BackupSelectionInputs {
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
    const strings = (value: unknown) => list(value).filter((item): item is string => typeof item === "string");
    const keyValue = (item: unknown): item is TagCondition =>
        typeof item === "object" && item !== null && typeof (item as TagCondition).key === "string" && typeof (item as TagCondition).value === "string";
    return {
        selectionTags: list(inputs.selectionTags).filter((item): item is SelectionTag => keyValue(item) && typeof (item as SelectionTag).type === "string"),
        conditions: list(inputs.conditions).filter((block): block is Record<string, unknown> => typeof block === "object" && block !== null)
            .map((block) => Object.fromEntries(Object.entries(block).filter(([, entries]) => entries !== undefined && entries !== null)
                .map(([operator, entries]) => [operator, list(entries)]))),
        resources: strings(inputs.resources),
        notResources: strings(inputs.notResources),
        region,
    };
}
