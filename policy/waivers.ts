import {
    Policies, Policy, PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationArgs,
    ResourceValidationPolicy, StackValidation, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";

/**
 * One per-resource waiver, as it lives in its policy's own entry of the policy config (Pulumi keys policy config by
 * policy name, so `pulumi preview --policy-pack` hands each policy only its own waivers):
 * `"<policy>": { "waivers": [{ "resource": "<URN or glob>", "reason": "...", "expires": "YYYY-MM-DD" }] }`.
 */
export interface Waiver {
    policy: string;
    /** A resource URN, or a glob over URNs (`*` any run of characters, `?` one character). */
    resource: string;
    reason: string;
    /** The last day (UTC) the waiver holds, YYYY-MM-DD. */
    expires: string;
}

/** The config setting every policy gets through `withWaivers`. */
export const WAIVERS_SETTING = "waivers";

/** JSON schema of the `waivers` setting; field checks are the pack's (waiverProblems) so a bad waiver is a violation, not a load error. */
export const WAIVERS_SCHEMA = {
    type: "array" as const,
    default: [],
    description: "Per-resource waivers: [{ resource: URN or glob, reason, expires: YYYY-MM-DD }]; an expired waiver or one without a reason is a violation",
    items: {
        type: "object" as const,
        properties: {
            resource: { type: "string" as const, description: "The waived resource's URN, or a glob over URNs (* and ?)" },
            reason: { type: "string" as const, description: "Why the violation is accepted, and who accepted it" },
            expires: { type: "string" as const, description: "Last day the waiver holds (UTC), YYYY-MM-DD" },
            policy: { type: "string" as const, description: "Optional; when given it must name the policy whose entry holds the waiver" },
        },
    },
};

const text = (value: unknown): string => (typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value));

/** The waivers of one policy's config entry (its `waivers` list), each stamped with the policy's name. */
export function waiversOfEntry(policy: string, entry: unknown): Waiver[] {
    const list = entry && typeof entry === "object" && !Array.isArray(entry) ? (entry as Record<string, unknown>)[WAIVERS_SETTING] : undefined;
    if (!Array.isArray(list)) {
        return [];
    }
    return list.map((raw) => {
        const item = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
        const named = text(item.policy);
        return {
            // A waiver that names another policy than the entry holding it is kept under that name so waiverProblems reports it.
            policy: named !== "" && named !== policy ? `${policy} (names ${named})` : policy,
            resource: text(item.resource), reason: text(item.reason), expires: text(item.expires),
        };
    });
}

/** Every waiver of a whole policy-config JSON (the file `--policy-pack-config` takes), in file order. */
export function waiversOf(config: Record<string, unknown>): Waiver[] {
    return Object.entries(config ?? {}).filter(([key]) => key !== "all").flatMap(([policy, entry]) => waiversOfEntry(policy, entry));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC calendar date of `when` as YYYY-MM-DD. */
export const isoDay = (when: Date): string => when.toISOString().slice(0, 10);

/** Why a waiver cannot suppress anything (empty when it is valid on `today`): no resource, no reason, a bad or past date. */
export function waiverProblems(w: Waiver, today: Date): string[] {
    const problems: string[] = [];
    if (/\(names /.test(w.policy)) {
        problems.push(`waiver for ${JSON.stringify(w.resource)} sits under ${w.policy}; move it to the entry of the policy it names`);
    }
    if (w.resource.trim() === "") {
        problems.push("waiver has no resource; give the resource's URN (or a glob over URNs)");
    } else if (w.resource.trim() === "*") {
        problems.push("waiver resource \"*\" waives the policy for every resource; disable the policy in the config instead, or name the resources");
    }
    if (w.reason.trim() === "") {
        problems.push(`waiver for ${JSON.stringify(w.resource)} has no reason; say why the violation is accepted and who accepted it`);
    }
    const match = DATE.exec(w.expires);
    const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!match || !parsed || isoDay(parsed) !== w.expires) {
        problems.push(`waiver for ${JSON.stringify(w.resource)} has expires ${JSON.stringify(w.expires)}, which is not a date YYYY-MM-DD; set the last day it holds, e.g. ${isoDay(new Date(today.getTime() + 30 * 86400000))}`);
    } else if (w.expires < isoDay(today)) {
        problems.push(`waiver for ${JSON.stringify(w.resource)} expired on ${w.expires}; fix the violation, or renew the waiver with a new reason and date`);
    }
    return problems;
}

/** True when the waiver's resource is the URN, or a glob (`*`, `?`) matching the whole URN. */
export function waiverMatches(w: Waiver, urn: string): boolean {
    const pattern = w.resource.trim();
    if (pattern === "" || urn === "") {
        return false;
    }
    let regex = waiverPatterns.get(pattern);
    if (regex === undefined) {
        regex = new RegExp(`^${[...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`, "s");
        waiverPatterns.set(pattern, regex);
    }
    return regex.test(urn);
}

/** Compiled waiver globs by pattern (the regexes have no global flag, so test() keeps no state between calls). */
const waiverPatterns = new Map<string, RegExp>();

/** The waivers in a policy's resolved config (the `waivers` setting withWaivers adds). */
function configuredWaivers(policy: string, getConfig: () => object): Waiver[] {
    return waiversOfEntry(policy, getConfig());
}

/** The policy with `waivers` in its config schema: a valid waiver matching the violation's resource suppresses it. */
export function withWaivers<P extends Policy>(policy: P, today: () => Date): P {
    const configSchema: PolicyConfigSchema = {
        ...(policy.configSchema ?? {}),
        properties: { ...(policy.configSchema?.properties ?? {}), [WAIVERS_SETTING]: WAIVERS_SCHEMA },
    };
    const sort = (waivers: Waiver[]) => {
        const now = today();
        const valid = waivers.filter((w) => waiverProblems(w, now).length === 0);
        const invalid = waivers.map((w) => ({ w, problems: waiverProblems(w, now) })).filter((x) => x.problems.length > 0);
        return { valid, invalid };
    };
    const stated = (x: { problems: string[] }) => `invalid waiver: ${x.problems.join("; ")}`;

    if ("validateResource" in policy && policy.validateResource !== undefined) {
        const resourcePolicy = policy as unknown as ResourceValidationPolicy;
        const validations: ResourceValidation[] = Array.isArray(resourcePolicy.validateResource) ? resourcePolicy.validateResource : [resourcePolicy.validateResource as ResourceValidation];
        const wrap = (validate: ResourceValidation): ResourceValidation => async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            // The waivers are read once the policy has run (or thrown): most calls end in "not applicable" with nothing
            // found, and then no waiver matters.
            let sorted: ReturnType<typeof sort> | undefined;
            const waivers = () => (sorted ??= sort(configuredWaivers(policy.name, () => args.getConfig<object>())));
            const found: Array<[string, string | undefined]> = [];
            const flush = () => {
                if (found.length > 0 && !waivers().valid.some((w) => waiverMatches(w, args.urn))) {
                    found.forEach(([message, urn]) => reportViolation(message, urn));
                }
            };
            try {
                await validate(args, (message, urn) => found.push([message, urn]));
            } catch (err) {
                // Not applicable (or a preview unknown): what was found so far still counts, an invalid waiver is judged where the policy applies.
                flush();
                throw err;
            }
            for (const x of waivers().invalid.filter((x) => waiverMatches(x.w, args.urn))) {
                reportViolation(stated(x));
            }
            flush();
        };
        return { ...policy, configSchema, validateResource: Array.isArray(resourcePolicy.validateResource) ? validations.map(wrap) : wrap(validations[0]) };
    }
    if ("validateStack" in policy) {
        const validate = (policy as unknown as StackValidationPolicy).validateStack as StackValidation;
        const wrapped: StackValidation = async (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const { valid, invalid } = sort(configuredWaivers(policy.name, () => args.getConfig<object>()));
            for (const x of invalid) {
                reportViolation(stated(x), args.resources.find((r) => waiverMatches(x.w, r.urn))?.urn);
            }
            await validate(args, (message, urn) => {
                if (urn === undefined || !valid.some((w) => waiverMatches(w, urn))) {
                    reportViolation(message, urn);
                }
            });
        };
        return { ...policy, configSchema, validateStack: wrapped };
    }
    return { ...policy, configSchema };
}

/** Every policy of `policies` wrapped by withWaivers. */
export function withWaiversAll(policies: Policies, today: () => Date): Policies {
    return policies.map((p) => withWaivers(p, today));
}
