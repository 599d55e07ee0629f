/**
 * The subset of CloudWatch Logs filter pattern syntax the stack's metric filters use: terms in unstructured log events.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html ("Matching terms in unstructured
 * log events"): terms are case sensitive; terms separated by spaces must all appear (AND); `?term` terms match when any
 * of them appears (OR); `-term` excludes events holding the term; a term holding anything but letters, digits and
 * underscores is written in double quotes; an empty pattern matches every event. JSON, space-delimited and regex (%...%)
 * patterns are not part of the subset and are refused.
 */
export interface TermPattern {
    /** Every one must appear. */
    all: string[];
    /** At least one must appear (when any are given). */
    any: string[];
    /** None may appear. */
    none: string[];
}

const BARE_TERM = /^[A-Za-z0-9_]+$/;

/** Parses a term pattern, or throws naming the problem (a pattern outside the subset is never guessed at). */
export function parseTermPattern(pattern: string): TermPattern {
    const parsed: TermPattern = { all: [], any: [], none: [] };
    let rest = pattern.trim();
    while (rest.length > 0) {
        let operator = "";
        if (rest[0] === "?" || rest[0] === "-") {
            operator = rest[0];
            rest = rest.slice(1);
        }
        let term: string;
        if (rest[0] === "\"") {
            const end = rest.indexOf("\"", 1);
            if (end < 0) {
                throw new Error(`filter pattern ${JSON.stringify(pattern)} has an unclosed quote`);
            }
            term = rest.slice(1, end);
            rest = rest.slice(end + 1);
            if (term === "") {
                throw new Error(`filter pattern ${JSON.stringify(pattern)} has an empty quoted term`);
            }
            if (term.includes("\\")) {
                throw new Error(`filter pattern ${JSON.stringify(pattern)}: escapes inside quotes are outside the supported subset`);
            }
        } else {
            const space = rest.search(/\s/);
            term = space < 0 ? rest : rest.slice(0, space);
            rest = space < 0 ? "" : rest.slice(space);
            if (!BARE_TERM.test(term)) {
                throw new Error(`filter pattern ${JSON.stringify(pattern)}: term ${JSON.stringify(term)} holds characters other than letters, digits and _; quote it`);
            }
        }
        if (rest.length > 0 && !/^\s/.test(rest)) {
            throw new Error(`filter pattern ${JSON.stringify(pattern)}: terms must be separated by spaces`);
        }
        rest = rest.trimStart();
        (operator === "?" ? parsed.any : operator === "-" ? parsed.none : parsed.all).push(term);
    }
    if (parsed.any.length > 0 && parsed.all.length > 0) {
        throw new Error(`filter pattern ${JSON.stringify(pattern)} mixes ?term (OR) with plain terms (AND); write one or the other`);
    }
    return parsed;
}

/** Whether CloudWatch Logs would count `event` (one log event's message) under `pattern`. */
export function filterPatternMatches(pattern: string, event: string): boolean {
    const { all, any, none } = parseTermPattern(pattern);
    return all.every((term) => event.includes(term))
        && (any.length === 0 || any.some((term) => event.includes(term)))
        && !none.some((term) => event.includes(term));
}
