import { ERRORS, StatesError } from "./errors";
import { Json, readPath } from "./paths";

/**
 * Choice rules: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 * - a rule is a data-test expression (Variable + one comparison operator) or a boolean And / Or / Not of rules;
 * - comparing values of the wrong type is false ("NumericEquals" on a string does not match), not an error;
 * - a Variable (or a ...Path operand) that selects nothing is a runtime error, except for IsPresent, which tests
 *   exactly that ("Invalid path '$.x': The choice state's condition path references an invalid value."), so guard
 *   optional fields with IsPresent in an earlier Choice.
 */
export type ChoiceRule = { [key: string]: Json | ChoiceRule | ChoiceRule[] | undefined } & {
    Variable?: string;
    And?: ChoiceRule[];
    Or?: ChoiceRule[];
    Not?: ChoiceRule;
    Next?: string;
};

type Compare = (left: Json, right: Json) => boolean;

const isNumber = (v: Json): v is number => typeof v === "number";
const isString = (v: Json): v is string => typeof v === "string";
const numeric = (test: (a: number, b: number) => boolean): Compare => (a, b) => isNumber(a) && isNumber(b) && test(a, b);
const string = (test: (a: string, b: string) => boolean): Compare => (a, b) => isString(a) && isString(b) && test(a, b);
const timestamp = (test: (a: number, b: number) => boolean): Compare => (a, b) => {
    const ta = isString(a) ? Date.parse(a) : NaN;
    const tb = isString(b) ? Date.parse(b) : NaN;
    return !Number.isNaN(ta) && !Number.isNaN(tb) && test(ta, tb);
};

/** StringMatches: * matches any run of characters, \* a literal star (state-choice.html). */
function wildcard(value: string, pattern: string): boolean {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
        if (pattern[i] === "\\" && (pattern[i + 1] === "*" || pattern[i + 1] === "\\")) {
            source += `\\${pattern[++i]}`;
        } else if (pattern[i] === "*") {
            source += "[\\s\\S]*";
        } else {
            source += pattern[i].replace(/[.+?^${}()|[\]\\/]/g, "\\$&");
        }
    }
    return new RegExp(`^${source}$`).test(value);
}

const COMPARISONS: Record<string, Compare> = {
    StringEquals: string((a, b) => a === b),
    StringLessThan: string((a, b) => a < b),
    StringGreaterThan: string((a, b) => a > b),
    StringLessThanEquals: string((a, b) => a <= b),
    StringGreaterThanEquals: string((a, b) => a >= b),
    StringMatches: string((a, b) => wildcard(a, b)),
    NumericEquals: numeric((a, b) => a === b),
    NumericLessThan: numeric((a, b) => a < b),
    NumericGreaterThan: numeric((a, b) => a > b),
    NumericLessThanEquals: numeric((a, b) => a <= b),
    NumericGreaterThanEquals: numeric((a, b) => a >= b),
    BooleanEquals: (a, b) => typeof a === "boolean" && a === b,
    TimestampEquals: timestamp((a, b) => a === b),
    TimestampLessThan: timestamp((a, b) => a < b),
    TimestampGreaterThan: timestamp((a, b) => a > b),
    TimestampLessThanEquals: timestamp((a, b) => a <= b),
    TimestampGreaterThanEquals: timestamp((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (present: boolean, value: Json | undefined) => boolean> = {
    IsPresent: (present) => present,
    IsNull: (present, v) => present && v === null,
    IsString: (present, v) => present && typeof v === "string",
    IsNumeric: (present, v) => present && typeof v === "number",
    IsBoolean: (present, v) => present && typeof v === "boolean",
    IsTimestamp: (present, v) => present && typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
};

/** The names of every operator modelled (a definition using another is refused before it runs). */
export const CHOICE_OPERATORS = [...Object.keys(COMPARISONS), ...Object.keys(COMPARISONS).map((o) => `${o}Path`), ...Object.keys(TYPE_TESTS)];

const runtime = (cause: string) => new StatesError(ERRORS.RUNTIME, cause);

/** Whether `rule` holds for the Choice state's (effective) input. */
export function evaluateChoiceRule(rule: ChoiceRule, input: Json, context: Json): boolean {
    if (rule.And) {
        return rule.And.every((r) => evaluateChoiceRule(r, input, context));
    }
    if (rule.Or) {
        return rule.Or.some((r) => evaluateChoiceRule(r, input, context));
    }
    if (rule.Not) {
        return !evaluateChoiceRule(rule.Not, input, context);
    }
    const variable = rule.Variable;
    if (typeof variable !== "string") {
        throw new Error(`choice rule ${JSON.stringify(rule)} has no Variable, And, Or or Not`);
    }
    const operators = Object.keys(rule).filter((k) => k !== "Variable" && k !== "Next" && k !== "Comment");
    if (operators.length !== 1) {
        throw new Error(`choice rule on ${variable} must have exactly one comparison operator, has ${operators.join(", ") || "none"}`);
    }
    const [operator] = operators;
    const read = readPath(input, context, variable);
    if (operator in TYPE_TESTS) {
        // IsPresent: false tests absence; the other type tests are false on an absent field.
        return TYPE_TESTS[operator](read.found, read.value) === (rule[operator] as boolean);
    }
    if (!read.found) {
        throw runtime(`Invalid path '${variable}': The choice state's condition path references an invalid value.`);
    }
    const pathOperand = operator.endsWith("Path");
    const compare = COMPARISONS[pathOperand ? operator.slice(0, -4) : operator];
    if (!compare) {
        throw new Error(`choice operator ${operator} is not modelled; use one of ${CHOICE_OPERATORS.join(", ")}`);
    }
    let right = rule[operator] as Json;
    if (pathOperand) {
        const operand = readPath(input, context, right as string);
        if (!operand.found) {
            throw runtime(`Invalid path '${String(right)}': The choice state's condition path references an invalid value.`);
        }
        right = operand.value!;
    }
    return compare(read.value!, right);
}
