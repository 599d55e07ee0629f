import * as fs from "fs";
import * as path from "path";
import { isStackName, parseVaultArn, QUALIFIED_STACK_NAME } from "../../model/ids";
import { DR_VAULT_OUTPUT } from "../../stacks/backup";

/** Outputs of other stacks, by stack name (as the referring config writes it, or its last part: "dr" for "acme/sigma/dr"). */
export type StackOutputs = Record<string, Record<string, unknown>>;

/** A config key that names a stack the program reads through a StackReference, and the outputs the program requires of it. */
export interface StackReferenceKey {
    outputs: readonly string[];
    /** An example value per output, for the `--stack-output` fix in messages. */
    example: string;
    /** What else the user can do instead of naming a stack. */
    alternative: string;
    /** Why a value of `output` cannot be what the referring stack (in `region`) expects, if it cannot. */
    valueProblem(output: string, value: unknown, region: string | undefined): string | undefined;
}

/** Keys of the project's namespace; `sigma:drStack` is read by stacks/backup.ts (copyDestinations). */
export const STACK_REFERENCE_KEYS: Record<string, StackReferenceKey> = {
    drStack: {
        outputs: [DR_VAULT_OUTPUT],
        example: "arn:aws:backup:<region>:<account>:backup-vault:<name>",
        alternative: "or set sigma:backup.copyToVaultArn instead",
        // The same checks as the program's copy destination (components/backup/schedule.ts copyDestinationProblem).
        valueProblem: (_output, value, region) => {
            const vault = parseVaultArn(value);
            if (!vault) {
                return "is not a backup vault ARN";
            }
            return vault.region === region ? `is in ${region}, the referring stack's own region; a disaster-recovery copy must go to another region` : undefined;
        },
    },
};

/** One StackReference a stack's config asks for. */
export interface StackReferenceUse {
    /** The config key, qualified (`sigma:drStack`). */
    key: string;
    /** The stack named, as written (`dr`, `sigma/dr` or `acme/sigma/dr`). */
    name: string;
    spec: StackReferenceKey;
}

/** The StackReferences a stack's (flat, qualified) config asks for. */
export function stackReferenceUses(project: string, config: Record<string, string>): StackReferenceUse[] {
    return Object.entries(STACK_REFERENCE_KEYS)
        .map(([key, spec]) => ({ key: `${project}:${key}`, name: config[`${project}:${key}`], spec }))
        .filter((use): use is StackReferenceUse => typeof use.name === "string" && use.name !== "");
}

/** Whether outputs given for `stack` answer a reference to `name`: the same name, or its trailing part. */
export function answersReference(stack: string, name: string): boolean {
    return name === stack || name.endsWith(`/${stack}`);
}

/** Raised when a StackReference cannot be answered offline; the message is one line naming the key, the value and the fix. */
export class StackReferenceError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackReferenceError";
    }
}

/**
 * The local stack a reference names, if this project can synthesise it: `<stack>`, `<project>/<stack>` or
 * `<org>/<project>/<stack>` of this project, with a Pulumi.<stack>.yaml here. Otherwise why not.
 */
export function localStackOf(name: string, project: string, projectDir: string): { stack: string } | { problem: string } {
    const parts = name.split("/");
    const stack = parts[parts.length - 1];
    const named = parts.length >= 2 ? parts[parts.length - 2] : project;
    if (named !== project) {
        return { problem: `it names project "${named}", and only this project's ("${project}") stacks can be synthesised here` };
    }
    if (!isStackName(stack)) {
        return { problem: `"${stack}" is not a stack name` };
    }
    if (!fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
        const stacks = fs.readdirSync(projectDir).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean);
        return { problem: `there is no Pulumi.${stack}.yaml here (the stacks here are: ${stacks.join(", ")})` };
    }
    return { stack };
}

/** The fix every stack reference message offers: answer it explicitly. */
export function stackOutputFix(use: StackReferenceUse, outputs: readonly string[] = use.spec.outputs): string {
    return `pass ${outputs.map((o) => `--stack-output ${use.name}.${o}=${use.spec.example}`).join(" ")}, ${use.spec.alternative}`;
}

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const STACK_OUTPUT_EXAMPLE = `dr.${DR_VAULT_OUTPUT}=arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr`;

/** The `--stack-output` flag of every offline CLI. */
export const STACK_OUTPUT_FLAG = { flag: "--stack-output", value: "STACK.OUTPUT=VALUE", example: STACK_OUTPUT_EXAMPLE, repeatable: true } as const;

/**
 * Reads `--stack-output <stack>.<Output>=<value>` flags (the stack may be qualified, `acme/sigma/dr`); each malformed
 * or contradicting one adds a problem naming it. Values are kept as text.
 */
export function parseStackOutputs(values: readonly string[], problems: string[]): StackOutputs {
    const outputs: Record<string, Record<string, string>> = {};
    for (const raw of values) {
        const equals = raw.indexOf("=");
        const key = equals >= 0 ? raw.slice(0, equals) : raw;
        const value = equals >= 0 ? raw.slice(equals + 1) : "";
        const dot = key.lastIndexOf(".");
        const stack = dot > 0 ? key.slice(0, dot) : "";
        const output = dot > 0 ? key.slice(dot + 1) : "";
        const stackOk = QUALIFIED_STACK_NAME.test(stack) && stack.split("/").every((part) => part !== "." && part !== "..");
        if (equals < 0 || value === "" || !stackOk || !OUTPUT_NAME.test(output)) {
            problems.push(`--stack-output ${JSON.stringify(raw)} is not <stack>.<Output>=<value>; e.g. --stack-output ${STACK_OUTPUT_EXAMPLE}`);
            continue;
        }
        const earlier = outputs[stack]?.[output];
        if (earlier !== undefined && earlier !== value) {
            problems.push(`--stack-output gives ${stack}.${output} twice (${JSON.stringify(earlier)} and ${JSON.stringify(value)}); give it once`);
            continue;
        }
        outputs[stack] = { ...(outputs[stack] ?? {}), [output]: value };
    }
    return outputs;
}
