import { ResourceValidationPolicy } from "@pulumi/policy";
import { effectiveTags, TAGGABLE_TYPES } from "./resourceTypes";

/** The standard tags stacks/tags.ts puts on every resource through the provider's default tags. */
export const STANDARD_TAG_KEYS = ["project", "stack", "environment", "managed-by"];

/** The required keys missing (or empty) in a resource's tags. */
export function missingTagKeys(tags: Record<string, string>, required: string[]): string[] {
    return required.filter((key) => typeof tags[key] !== "string" || tags[key].trim() === "");
}

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: "Taggable resources carry the required tag keys, counting the provider's default tags (tagsAll).",
    severity: "low",
    enforcementLevel: "mandatory",
    remediationSteps: "Create resources with the stack's explicit provider (sigmaProvider), whose defaultTags carry the standard tags, or add the missing keys to tags.",
    configSchema: {
        properties: {
            requiredTagKeys: { type: "array", items: { type: "string" }, default: STANDARD_TAG_KEYS, description: "Tag keys every taggable resource must have" },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!TAGGABLE_TYPES.includes(args.type)) {
            args.notApplicable(`${args.type} is not in the pack's list of taggable types`);
        }
        const { requiredTagKeys } = args.getConfig<{ requiredTagKeys: string[] }>();
        const missing = missingTagKeys(effectiveTags(args.props), requiredTagKeys);
        if (missing.length > 0) {
            reportViolation(`missing tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; use the stack's provider (default tags) or add them to tags`);
        }
    },
};

export const tagPolicies = [requiredTags];
