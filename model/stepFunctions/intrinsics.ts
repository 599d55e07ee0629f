import { ERRORS, StatesError } from "./errors";
import { isJsonObject, Json, readPath } from "./paths";

/**
 * Intrinsic functions of the Amazon States Language, evaluated in a payload template field whose name ends in ".$".
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 * Arguments are string literals in single quotes (\' \{ \} \\ escaped), numbers, paths, or other intrinsic calls.
 * An argument of the wrong type, a path that selects nothing, or a wrong argument count fails with
 * States.IntrinsicFailure. Only the functions below are modelled; any other name is refused.
 */

type Arg = { kind: "string"; value: string } | { kind: "number"; value: number } | { kind: "path"; value: string } | { kind: "call"; name: string; args: Arg[] };

const LBRACE = "\u0001";
const RBRACE = "\u0002";

class Parser {
    private i = 0;
    constructor(private readonly text: string) {}

    parseCall(): Arg {
        this.skip();
        const match = /^States\.[A-Za-z]+/.exec(this.text.slice(this.i));
        if (!match) {
            throw this.fail("expected States.<Function>(...)");
        }
        this.i += match[0].length;
        this.expect("(");
        const args: Arg[] = [];
        this.skip();
        if (this.text[this.i] === ")") {
            this.i++;
            return { kind: "call", name: match[0], args };
        }
        for (;;) {
            args.push(this.parseArg());
            this.skip();
            const c = this.text[this.i++];
            if (c === ")") {
                return { kind: "call", name: match[0], args };
            }
            if (c !== ",") {
                throw this.fail("expected , or )");
            }
        }
    }

    end(): void {
        this.skip();
        if (this.i !== this.text.length) {
            throw this.fail("unexpected text after the call");
        }
    }

    private parseArg(): Arg {
        this.skip();
        const c = this.text[this.i];
        if (c === "'") {
            let value = "";
            this.i++;
            while (this.i < this.text.length && this.text[this.i] !== "'") {
                if (this.text[this.i] === "\\") {
                    const next = this.text[this.i + 1];
                    value += next === "{" ? LBRACE : next === "}" ? RBRACE : next;
                    this.i += 2;
                } else {
                    value += this.text[this.i++];
                }
            }
            this.expect("'");
            return { kind: "string", value };
        }
        if (c === "$") {
            const match = /^\$[^,)\s]*/.exec(this.text.slice(this.i))!;
            this.i += match[0].length;
            return { kind: "path", value: match[0] };
        }
        const number = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.i));
        if (number) {
            this.i += number[0].length;
            return { kind: "number", value: Number(number[0]) };
        }
        return this.parseCall();
    }

    private skip(): void {
        while (this.text[this.i] === " ") {
            this.i++;
        }
    }

    private expect(c: string): void {
        if (this.text[this.i] !== c) {
            throw this.fail(`expected ${c}`);
        }
        this.i++;
    }

    private fail(problem: string): Error {
        return new Error(`intrinsic ${JSON.stringify(this.text)}: ${problem} at ${this.i}`);
    }
}

/** Whether a ".$" value is an intrinsic function call rather than a path. */
export const isIntrinsic = (value: string): boolean => value.startsWith("States.");

/** Parses a call without evaluating it (to refuse a bad definition up front). */
export function parseIntrinsic(text: string): void {
    const parser = new Parser(text);
    parser.parseCall();
    parser.end();
}

export interface IntrinsicScope {
    input: Json;
    context: Json;
    uuid: () => string;
}

/** Evaluates an intrinsic function call. */
export function evaluateIntrinsic(text: string, scope: IntrinsicScope): Json {
    const parser = new Parser(text);
    const call = parser.parseCall();
    parser.end();
    return restoreBraces(evaluate(call, scope));
}

function restoreBraces(value: Json): Json {
    if (typeof value === "string") {
        return value.replace(new RegExp(LBRACE, "g"), "{").replace(new RegExp(RBRACE, "g"), "}");
    }
    if (Array.isArray(value)) {
        return value.map(restoreBraces);
    }
    if (isJsonObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreBraces(v)]));
    }
    return value;
}

const failure = (name: string, problem: string) => new StatesError(ERRORS.INTRINSIC_FAILURE, `${name}: ${problem}`);

function evaluate(arg: Arg, scope: IntrinsicScope): Json {
    switch (arg.kind) {
        case "string":
        case "number":
            return arg.value;
        case "path": {
            const read = readPath(scope.input, scope.context, arg.value);
            if (!read.found) {
                throw failure("path", `${arg.value} selects nothing in the input`);
            }
            return read.value!;
        }
        default:
            return call(arg.name, arg.args.map((a) => evaluate(a, scope)), scope);
    }
}

function count(name: string, args: Json[], n: number): void {
    if (args.length !== n) {
        throw failure(name, `takes ${n} argument(s), got ${args.length}`);
    }
}

function integer(name: string, value: Json): number {
    if (typeof value !== "number" || !Number.isInteger(value)) {
        throw failure(name, `${JSON.stringify(value)} is not an integer`);
    }
    return value;
}

function text(name: string, value: Json): string {
    if (typeof value !== "string") {
        throw failure(name, `${JSON.stringify(value)} is not a string`);
    }
    return value;
}

function list(name: string, value: Json): Json[] {
    if (!Array.isArray(value)) {
        throw failure(name, `${JSON.stringify(value)} is not an array`);
    }
    return value;
}

const stringify = (value: Json) => (typeof value === "string" ? value : JSON.stringify(value));

function call(name: string, args: Json[], scope: IntrinsicScope): Json {
    switch (name) {
        case "States.Format": {
            // "States.Format('Hello, my name is {}.', $.name)": each {} takes the next argument.
            const template = text(name, args[0]);
            const values = args.slice(1);
            const holes = template.split("{}").length - 1;
            if (holes !== values.length) {
                throw failure(name, `the template has ${holes} {} but ${values.length} value(s) follow it`);
            }
            let k = 0;
            return template.replace(/\{\}/g, () => stringify(values[k++]));
        }
        case "States.StringToJson":
            count(name, args, 1);
            try {
                return JSON.parse(text(name, args[0])) as Json;
            } catch {
                throw failure(name, `${JSON.stringify(args[0])} is not JSON`);
            }
        case "States.JsonToString":
            count(name, args, 1);
            return JSON.stringify(args[0]);
        case "States.Array":
            return args;
        case "States.ArrayGetItem": {
            count(name, args, 2);
            const items = list(name, args[0]);
            const index = integer(name, args[1]);
            if (index < 0 || index >= items.length) {
                throw failure(name, `index ${index} is outside the array of ${items.length}`);
            }
            return items[index];
        }
        case "States.ArrayLength":
            count(name, args, 1);
            return list(name, args[0]).length;
        case "States.ArrayContains": {
            count(name, args, 2);
            const wanted = JSON.stringify(args[1]);
            return list(name, args[0]).some((item) => JSON.stringify(item) === wanted);
        }
        case "States.StringSplit": {
            // "Splits a string into an array of values" on any of the delimiter characters; empty pieces are dropped.
            count(name, args, 2);
            const delimiters = [...text(name, args[1])];
            const pattern = new RegExp(`[${delimiters.map((d) => d.replace(/[\]\\^-]/g, "\\$&")).join("")}]`);
            return text(name, args[0]).split(pattern).filter((piece) => piece !== "");
        }
        case "States.MathAdd": {
            count(name, args, 2);
            return integer(name, args[0]) + integer(name, args[1]);
        }
        case "States.UUID":
            count(name, args, 0);
            return scope.uuid();
        default:
            throw new Error(`intrinsic function ${name} is not modelled; add it to model/stepFunctions/intrinsics.ts with its documented behaviour`);
    }
}
