// Reading IAM policy elements for what they let through, not for how they are spelled.
// - Principal: "*" and {"AWS": "*"} are everyone; an AWS principal is an account id, an account root ARN or an IAM
//   ARN whose fifth field is the account (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
// - ARNs: arn:partition:service:region:account-id:resource; S3 bucket ARNs have no region or account
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
// - Condition values: String*Like and ArnLike take * and ? wildcards, so "*" matches every value
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
// - Confused deputy: a service principal acting for the account is pinned with aws:SourceAccount, aws:SourceArn or
//   aws:SourceOrgID (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).

/** Everyone: "*" or an AWS (or CanonicalUser/Federated) principal that lists "*". */
export function isEveryonePrincipal(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    if (principal && typeof principal === "object") {
        return Object.entries(principal as Record<string, unknown>).some(([kind, v]) => kind !== "Service" && (v === "*" || (Array.isArray(v) && v.includes("*"))));
    }
    return false;
}

const asList = (value: unknown): string[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** The AWS account ids an AWS principal names (bare ids, account roots, users and roles); "*" is not an account. */
export function principalAccounts(principal: unknown): string[] {
    if (!principal || typeof principal !== "object") {
        return [];
    }
    return asList((principal as Record<string, unknown>).AWS).flatMap((p) => {
        if (/^\d{12}$/.test(p)) {
            return [p];
        }
        const account = p.split(":")[4];
        return p.startsWith("arn:") && account ? [account] : [];
    });
}

/** Service principals (e.g. events.amazonaws.com) a statement names. */
export function principalServices(principal: unknown): string[] {
    return principal && typeof principal === "object" ? asList((principal as Record<string, unknown>).Service) : [];
}

/** The six fields of an ARN (the resource keeps its own colons), or undefined when it is not an ARN pattern. */
export function arnFields(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(":") };
}

const wild = (text: string) => /[*?]/.test(text);

/** Services whose ARNs never carry an account id (S3 buckets and objects). */
const ACCOUNTLESS_SERVICES = ["s3"];

/**
 * How much a Resource pattern covers: "everything" ("*", a wildcard service or a resource part that starts with a
 * wildcard, e.g. arn:aws:s3:::*, arn:aws:iam::111122223333:*), "any-account" (a wildcard account where the service
 * has accounts, e.g. arn:aws:kms:*:*:key/*), "type" (every resource of one type in one account, e.g. role/*), or
 * "scoped" (names resources, or a name or path prefix of them, e.g. role/sigma/*).
 */
export function resourcePatternBreadth(pattern: string): "everything" | "any-account" | "type" | "scoped" {
    if (pattern === "*" || pattern.startsWith("*")) {
        return "everything";
    }
    const fields = arnFields(pattern);
    if (!fields) {
        return wild(pattern) ? "everything" : "scoped";
    }
    if (wild(fields.service) || fields.resource === "" || /^[*?]/.test(fields.resource)) {
        return "everything";
    }
    // An empty account is how AWS writes account-less ARNs (S3 buckets, public EC2 images and snapshots); a wildcard is any account.
    if (!ACCOUNTLESS_SERVICES.includes(fields.service) && wild(fields.account)) {
        return "any-account";
    }
    // role/*, key/*, instance/* (with or without a path): one resource type, any name.
    // (For S3 the first part is a bucket name, so bucket/* names one bucket's objects.)
    if (!ACCOUNTLESS_SERVICES.includes(fields.service) && /^[^*?/:]+[/:]\*$/.test(fields.resource)) {
        return "type";
    }
    return "scoped";
}

/** True when a condition value matches every value under its operator: "*" (or only wildcards) for a Like operator. */
export function isWildcardConditionValue(operator: string, value: unknown): boolean {
    const base = operator.replace(/^For(Any|All)Value:/i, "").replace(/IfExists$/i, "").toLowerCase();
    const likes = ["stringlike", "arnlike"];
    return asList(value).some((v) => likes.includes(base) && /^[*?]*\*[*?]*$/.test(v.trim()));
}

/** The values a condition gives `key` under positive (non-negated) operators, and whether any of them is a wildcard. */
export function conditionValues(condition: Record<string, Record<string, unknown>> | undefined, key: string): { values: string[]; wildcard: boolean } {
    const values: string[] = [];
    let wildcard = false;
    for (const [operator, block] of Object.entries(condition ?? {})) {
        if (/Not|^Null$/i.test(operator.replace(/^For(Any|All)Value:/i, ""))) {
            continue;
        }
        for (const [k, v] of Object.entries(block ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) {
                values.push(...asList(v));
                wildcard = wildcard || isWildcardConditionValue(operator, v) || asList(v).length === 0;
            }
        }
    }
    return { values, wildcard };
}

/** True when the condition pins `key` to concrete values (present under a positive operator, no value a wildcard). */
export function conditionPins(condition: Record<string, Record<string, unknown>> | undefined, key: string): boolean {
    const { values, wildcard } = conditionValues(condition, key);
    return values.length > 0 && !wildcard;
}

/** Condition keys that pin a service principal to the account it acts for (confused-deputy protection). */
export const CONFUSED_DEPUTY_KEYS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"];

/** Condition keys that pin any principal ("*") to one account or organisation. */
export const ACCOUNT_PINNING_KEYS = ["aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalArn", "kms:CallerAccount", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner", "aws:SourceVpce", "aws:SourceVpc"];
