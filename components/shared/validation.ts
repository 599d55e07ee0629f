import * as pulumi from "@pulumi/pulumi";
import { IdKind, isId } from "../../model/ids";

/** Collects every problem with a component's args so one error can list them all. */
export class ArgProblems {
    private readonly problems: string[] = [];

    constructor(private readonly component: string, private readonly name: string) {}

    /** Records `message` when `condition` is false. */
    check(condition: boolean, message: string): void {
        if (!condition) {
            this.problems.push(message);
        }
    }

    add(message: string | undefined): void {
        if (message) {
            this.problems.push(message);
        }
    }

    /** Records every message of a list (e.g. the result of `tagProblems`). */
    addAll(messages: readonly string[]): void {
        this.problems.push(...messages);
    }

    /** Throws one error naming the component and listing every problem; nothing is created before this runs. */
    throwIfAny(parent?: pulumi.Resource): void {
        if (this.problems.length === 0) {
            return;
        }
        const message = `${this.component} "${this.name}" has invalid args:\n  - ${this.problems.join("\n  - ")}`;
        throw parent ? new pulumi.ResourceError(message, parent) : new Error(message);
    }
}

/** A plain (already known) value of an Input, or undefined when it is an Output or a promise. */
export function knownValue<T>(value: pulumi.Input<T> | undefined): T | undefined {
    if (value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise) {
        return undefined;
    }
    return value as T;
}

/** Human rendering of a bad value for error messages. */
export function show(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

const ID_KIND_BY_PREFIX: Record<string, IdKind> = { vpc: "vpc", subnet: "subnet", ami: "ami", i: "instance", sg: "securityGroup", vol: "volume" };

/** Checks an AWS resource id such as `vpc-0abc...` or `subnet-...` when it is known at construction. */
export function awsIdProblem(arg: string, prefix: "vpc" | "subnet" | "ami" | "i" | "sg" | "vol", value: pulumi.Input<string> | undefined): string | undefined {
    const known = knownValue(value);
    if (known === undefined) {
        return value === undefined ? `${arg} is required; pass a ${prefix}-... id` : undefined;
    }
    if (!isId(ID_KIND_BY_PREFIX[prefix], known)) {
        return `${arg} ${show(known)} is not a ${prefix} id; use the form ${prefix}-0123456789abcdef0`;
    }
    return undefined;
}

/** Checks user tags: AWS refuses keys that start with "aws:", and limits key and value lengths. */
export function tagProblems(arg: string, tags: Record<string, string> | undefined): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(tags ?? {})) {
        if (key.toLowerCase().startsWith("aws:")) {
            problems.push(`${arg} key ${show(key)} uses the reserved "aws:" prefix; rename the tag`);
        }
        if (key.length === 0 || key.length > 128) {
            problems.push(`${arg} key ${show(key)} must be 1-128 characters`);
        }
        if (typeof value !== "string" || value.length > 256) {
            problems.push(`${arg}.${key} value ${show(value)} must be a string of at most 256 characters`);
        }
    }
    return problems;
}
