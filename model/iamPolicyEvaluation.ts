import { actionPatternMatches } from "./iamActions";

/**
 * IAM policy evaluation over JSON policy documents: which statements apply to one request, and whether the
 * documents together allow it. The rules, each from AWS's IAM User Guide:
 * - an explicit Deny in any statement wins; otherwise one Allow is enough; otherwise the request is implicitly denied
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html);
 * - Action/NotAction match action names case-insensitively with * and ? (model/iamActions.ts);
 * - Resource/NotResource match ARNs as ArnLike does: each of the six colon-delimited components separately, with
 *   * and ? (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN);
 * - all condition operators of a statement must hold (AND), a key's values are alternatives (OR); ...IfExists holds
 *   when the key is absent; ForAnyValue/ForAllValues compare multivalued keys; an absent key fails an operator, except
 *   a negated one ("StringNotLike ... and the right key is not present, the condition is true"); Null tests presence
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html);
 * - ${key} policy variables in condition values and resources take the request's value of that key
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 * Condition keys and operator names are case-insensitive, values of String operators case-sensitive.
 */

export type ConditionValue = string | string[] | undefined;

/** One request as IAM sees it. */
export interface IamRequest {
    action: string;
    resource: string;
    /** The request context: condition keys (any case) and their values; a list for a multivalued key. */
    context?: Record<string, ConditionValue>;
    /** For resource policies: who calls, e.g. { Service: "events.amazonaws.com" } or { AWS: "arn:aws:iam::111122223333:root" }. */
    principal?: { Service?: string; AWS?: string };
}

export type IamDecision = "allow" | "explicit-deny" | "implicit-deny";

interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: "*" | Record<string, string | string[]>;
    Condition?: Record<string, Record<string, unknown>>;
}

export interface IamPolicyDocument {
    Version?: string;
    Statement: Statement | Statement[];
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function contextValue(context: Record<string, ConditionValue>, key: string): ConditionValue {
    const wanted = key.toLowerCase();
    const found = Object.keys(context).find((k) => k.toLowerCase() === wanted);
    return found === undefined ? undefined : context[found];
}

/** Replaces ${key} policy variables with the request's value; an unknown variable leaves a value nothing matches. */
function substitute(value: string, context: Record<string, ConditionValue>): string {
    return value.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
        if (key === "*" || key === "?" || key === "$") {
            return key;
        }
        const found = contextValue(context, key);
        return typeof found === "string" ? found : "\u0000unresolved\u0000";
    });
}

function wildcardRegex(pattern: string, flags = ""): RegExp {
    const body = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${body}$`, `s${flags}`);
}

/** ArnLike: the six components matched one by one (the last may itself contain colons). */
export function arnPatternMatches(pattern: string, arn: string): boolean {
    if (pattern === "*") {
        return true;
    }
    const split = (value: string) => {
        const parts = value.split(":");
        return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
    };
    const p = split(pattern);
    const a = split(arn);
    if (!p || !a) {
        return false;
    }
    return p.every((part, i) => wildcardRegex(part).test(a[i]));
}

type Compare = (policyValue: string, requestValue: string) => boolean;

const STRING_OPERATORS: Record<string, { compare: Compare; negated: boolean }> = {
    stringequals: { compare: (p, r) => p === r, negated: false },
    stringnotequals: { compare: (p, r) => p === r, negated: true },
    stringequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
    stringnotequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
    stringlike: { compare: (p, r) => wildcardRegex(p).test(r), negated: false },
    stringnotlike: { compare: (p, r) => wildcardRegex(p).test(r), negated: true },
    arnequals: { compare: (p, r) => arnPatternMatches(p, r), negated: false },
    arnlike: { compare: (p, r) => arnPatternMatches(p, r), negated: false },
    arnnotequals: { compare: (p, r) => arnPatternMatches(p, r), negated: true },
    arnnotlike: { compare: (p, r) => arnPatternMatches(p, r), negated: true },
    bool: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
    numericequals: { compare: (p, r) => Number(p) === Number(r), negated: false },
    numericnotequals: { compare: (p, r) => Number(p) === Number(r), negated: true },
    numericlessthan: { compare: (p, r) => Number(r) < Number(p), negated: false },
    numericlessthanequals: { compare: (p, r) => Number(r) <= Number(p), negated: false },
    numericgreaterthan: { compare: (p, r) => Number(r) > Number(p), negated: false },
    numericgreaterthanequals: { compare: (p, r) => Number(r) >= Number(p), negated: false },
};

/** Whether one operator block (`StringEquals: { key: values }`) holds for the request. */
function operatorHolds(operatorName: string, block: Record<string, unknown>, context: Record<string, ConditionValue>): boolean {
    let name = operatorName.toLowerCase();
    let qualifier: "any" | "all" | undefined;
    if (name.startsWith("foranyvalue:")) {
        qualifier = "any";
        name = name.slice("foranyvalue:".length);
    } else if (name.startsWith("forallvalues:")) {
        qualifier = "all";
        name = name.slice("forallvalues:".length);
    }
    const ifExists = name.endsWith("ifexists");
    if (ifExists) {
        name = name.slice(0, -"ifexists".length);
    }
    return Object.entries(block).every(([key, raw]) => {
        const policyValues = list(raw as string | string[]).map((v) => substitute(String(v), context));
        const value = contextValue(context, key);
        const present = value !== undefined && !(Array.isArray(value) && value.length === 0);
        if (name === "null") {
            // Null: "true" holds when the key is absent, "false" when it is present.
            return policyValues.some((v) => v.toLowerCase() === String(!present));
        }
        const operator = STRING_OPERATORS[name];
        if (operator === undefined) {
            throw new Error(`condition operator ${operatorName} is not modelled`);
        }
        if (!present) {
            return ifExists || qualifier === "all" || operator.negated;
        }
        const requestValues = list(value);
        const matchesOne = (r: string) => policyValues.some((p) => operator.compare(p, r));
        if (qualifier === "all") {
            const all = requestValues.every(matchesOne);
            return operator.negated ? requestValues.every((r) => !matchesOne(r)) : all;
        }
        if (qualifier === "any" && operator.negated) {
            return requestValues.some((r) => !matchesOne(r));
        }
        const any = requestValues.some(matchesOne);
        return operator.negated ? !any : any;
    });
}

function principalMatches(statement: Statement, principal: IamRequest["principal"]): boolean {
    if (statement.Principal === undefined) {
        // An identity policy: it applies to whoever holds it.
        return true;
    }
    if (statement.Principal === "*" || principal === undefined) {
        return statement.Principal === "*";
    }
    return Object.entries(statement.Principal).some(([kind, ids]) => {
        const wanted = principal[kind as "Service" | "AWS"];
        return wanted !== undefined && list(ids).some((id) => id === "*" || id === wanted);
    });
}

/** Whether `statement` applies to the request (its principal, action, resource and every condition match). */
export function statementApplies(statement: Statement, request: IamRequest): boolean {
    const context = request.context ?? {};
    const actionOk = statement.Action !== undefined
        ? list(statement.Action).some((p) => actionPatternMatches(p, request.action))
        : !list(statement.NotAction).some((p) => actionPatternMatches(p, request.action));
    const resourceOf = (p: string) => arnPatternMatches(substitute(p, context), request.resource);
    const resourceOk = statement.Resource !== undefined
        ? list(statement.Resource).some(resourceOf)
        : statement.NotResource !== undefined ? !list(statement.NotResource).some(resourceOf) : true;
    return principalMatches(statement, request.principal) && actionOk && resourceOk
        && Object.entries(statement.Condition ?? {}).every(([operator, block]) => operatorHolds(operator, block, context));
}

/** The decision of a set of policy documents (identity policies, or one resource policy) for one request. */
export function evaluatePolicies(documents: IamPolicyDocument[], request: IamRequest): IamDecision {
    const statements = documents.flatMap((d) => list(d.Statement));
    const applying = statements.filter((s) => statementApplies(s, request));
    if (applying.some((s) => s.Effect === "Deny")) {
        return "explicit-deny";
    }
    return applying.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}

/** The Sids (or positions) of the statements that allow the request, for messages. */
export function allowingStatements(documents: IamPolicyDocument[], request: IamRequest): string[] {
    return documents.flatMap((d) => list(d.Statement)).map((s, i) => ({ s, i }))
        .filter(({ s }) => s.Effect === "Allow" && statementApplies(s, request)).map(({ s, i }) => s.Sid ?? `#${i}`);
}
