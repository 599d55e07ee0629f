import { KEY_DESTRUCTIVE_ACTIONS, keyAccess, ProtectionDecision, VAULT_DESTRUCTIVE_ACTIONS, vaultAccess } from "../../components/backup/protection";
import { IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import { SynthResult } from "../synth/synthesize";

/**
 * What survives `pulumi destroy` and who can destroy backups, read from a stack's synth: the resource options
 * (protect, retainOnDelete) of its data-bearing resources, its vault locks, and the vault access and key policies
 * evaluated (model/iamPolicyEvaluation via components/backup/protection) for a deploy role and each break-glass role
 * the policies name. Nothing here is hard-coded per stack.
 */

/** Resource types that hold data or guard it: their loss loses recovery points, keys to them, or logs. */
export const DATA_BEARING_TYPES: readonly string[] = [
    "aws:backup/vault:Vault", "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "aws:backup/vaultPolicy:VaultPolicy",
    "aws:kms/key:Key", "aws:ebs/volume:Volume", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2",
];

export interface SurvivalLine {
    resource: string;
    type: string;
    protect: boolean;
    retainOnDelete: boolean;
    /** What `pulumi destroy` does to it. */
    onDestroy: "refused (protect)" | "left in AWS (retainOnDelete)" | "deleted";
}

export interface LockLine {
    resource: string;
    mode: "compliance" | "governance";
    minRetentionDays?: number;
    changeableForDays?: number;
    /** When the lock can no longer be changed or removed, in words. */
    immutable: string;
}

export interface AccessLine {
    /** The vault or key whose policy decides. */
    resource: string;
    principal: string;
    /** Who the principal stands for: "deploy role", "break-glass", "account root". */
    role: string;
    /** Whether `resource` is a backup vault or a KMS key (which destructive actions were evaluated). */
    kind: "vault" | "key";
    /** Actions the policy denies the principal outright. */
    denied: string[];
    /** Actions left to the principal's IAM policies. */
    allowedIfIamAllows: string[];
}

export interface ProtectionSummary {
    survival: SurvivalLine[];
    locks: LockLine[];
    access: AccessLine[];
}

type Statement = { Effect?: string; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };

function parsePolicy(value: unknown): IamPolicyDocument | undefined {
    try {
        const parsed = typeof value === "string" ? JSON.parse(value) : value;
        return parsed && typeof parsed === "object" && "Statement" in parsed ? parsed as IamPolicyDocument : undefined;
    } catch {
        return undefined;
    }
}

const statementsOf = (document: IamPolicyDocument): Statement[] => ([] as Statement[]).concat(document.Statement as Statement | Statement[]);
const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** The principal ARNs a Deny exempts through aws:PrincipalArn (the break-glass roles), service-linked roles left out. */
export function exemptedPrincipals(document: IamPolicyDocument): string[] {
    return statementsOf(document).filter((s) => s.Effect === "Deny").flatMap((s) => Object.entries(s.Condition ?? {})
        .filter(([operator]) => /^arnnot(equals|like)$/i.test(operator))
        .flatMap(([, block]) => Object.entries(block).filter(([key]) => key.toLowerCase() === "aws:principalarn").flatMap(([, values]) => asList(values))))
        .filter((arn) => !arn.includes(":role/aws-service-role/"));
}

/** The account (and partition) a key policy delegates to: its `arn:<partition>:iam::<account>:root` principal. */
function rootPrincipal(document: IamPolicyDocument): string | undefined {
    for (const statement of statementsOf(document)) {
        const principal = statement.Principal as { AWS?: unknown } | undefined;
        const root = asList(principal?.AWS).find((arn) => /^arn:[^:]+:iam::\d{12}:root$/.test(arn));
        if (root !== undefined) {
            return root;
        }
    }
    return undefined;
}

const actionsOf = (kind: AccessLine["kind"]): readonly string[] => (kind === "vault" ? VAULT_DESTRUCTIVE_ACTIONS : KEY_DESTRUCTIVE_ACTIONS);

function survival(synth: SynthResult): SurvivalLine[] {
    return synth.resources.filter((r) => DATA_BEARING_TYPES.includes(r.type)).map((r) => {
        const protect = r.options?.protect === true;
        const retainOnDelete = r.options?.retainOnDelete === true;
        return {
            resource: r.name, type: r.type, protect, retainOnDelete,
            onDestroy: protect ? "refused (protect)" : retainOnDelete ? "left in AWS (retainOnDelete)" : "deleted",
        };
    });
}

function locks(synth: SynthResult): LockLine[] {
    const vaultLocks = synth.resources.filter((r) => r.type === "aws:backup/vaultLockConfiguration:VaultLockConfiguration").map((r): LockLine => {
        const changeable = typeof r.inputs.changeableForDays === "number" ? r.inputs.changeableForDays : undefined;
        const minimum = typeof r.inputs.minRetentionDays === "number" ? r.inputs.minRetentionDays : undefined;
        // https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html: compliance mode is immutable once its grace time ends.
        return changeable !== undefined
            ? { resource: r.name, mode: "compliance" as const, minRetentionDays: minimum, changeableForDays: changeable,
                immutable: `${changeable} days after it is created; from then on nobody, not the root user nor break-glass, can remove it or delete a recovery point before its retention ends` }
            : { resource: r.name, mode: "governance" as const, minRetentionDays: minimum,
                immutable: "never: a principal allowed backup:DeleteBackupVaultLockConfiguration can remove it" };
    });
    return [...vaultLocks, ...synth.resources.filter((r) => r.type === "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault").map((r): LockLine => ({
        resource: r.name, mode: "compliance" as const,
        minRetentionDays: typeof r.inputs.minRetentionDays === "number" ? r.inputs.minRetentionDays : undefined,
        immutable: "at creation (AWS locks a logically air-gapped vault in compliance mode)",
    }))];
}

function accessLine(kind: AccessLine["kind"], resource: string, principal: string, role: string, decide: (action: string) => ProtectionDecision): AccessLine {
    const decisions = actionsOf(kind).map((action) => [action, decide(action)] as const);
    return {
        resource, principal, role, kind,
        denied: decisions.filter(([, d]) => d === "denied").map(([a]) => a),
        allowedIfIamAllows: decisions.filter(([, d]) => d === "allowed-if-iam-allows").map(([a]) => a),
    };
}

function access(synth: SynthResult): ProtectionSummary["access"] {
    const keys = synth.resources.filter((r) => r.type === "aws:kms/key:Key")
        .map((r) => ({ name: r.name, document: parsePolicy(r.inputs.policy) }))
        .filter((k): k is { name: string; document: IamPolicyDocument } => k.document !== undefined);
    const root = keys.map((k) => rootPrincipal(k.document)).find((arn) => arn !== undefined);
    if (root === undefined) {
        return [];
    }
    const deployRole = root.replace(/:root$/, `:role/${synth.project}-deploy`);
    const principalsOf = (document: IamPolicyDocument) => [
        { principal: deployRole, role: "deploy role (any principal but break-glass)" },
        { principal: root, role: "account root" },
        ...exemptedPrincipals(document).map((principal) => ({ principal, role: "break-glass" })),
    ];
    const lines: AccessLine[] = [];
    for (const vault of synth.resources.filter((r) => r.type === "aws:backup/vault:Vault")) {
        const policy = synth.resources.find((r) => r.type === "aws:backup/vaultPolicy:VaultPolicy" && r.parent === vault.parent);
        const document = parsePolicy(policy?.inputs.policy) ?? { Statement: [] };
        const recoveryPoint = "arn:aws:backup:*:*:recovery-point:*";
        for (const { principal, role } of principalsOf(document)) {
            lines.push(accessLine("vault", vault.name, principal, role, (action) => vaultAccess(document, principal, action, recoveryPoint)));
        }
    }
    for (const key of keys) {
        for (const { principal, role } of principalsOf(key.document)) {
            lines.push(accessLine("key", key.name, principal, role, (action) => keyAccess(key.document, principal, action)));
        }
    }
    return lines;
}

/** The protection summary of a synthesised stack. */
export function protectionSummary(synth: SynthResult): ProtectionSummary {
    return { survival: survival(synth), locks: locks(synth), access: access(synth) };
}

function short(actions: string[], all: readonly string[]): string {
    return all.every((a) => actions.includes(a)) && actions.length === all.length
        ? `all ${all.length} destructive actions (${actions.map((a) => a.split(":")[1]).slice(0, 3).join(", ")}, ...)`
        : actions.map((a) => a.split(":")[1]).join(", ");
}

/** The summary as the plan's text prints it. */
export function protectionLines(summary: ProtectionSummary): string[] {
    const lines = ["Protection (what survives `pulumi destroy`, and who can destroy backups)"];
    for (const s of summary.survival) {
        lines.push(`  ${s.onDestroy.padEnd(29)} ${s.resource} (${s.type.split(":")[1]})`);
    }
    if (summary.locks.length === 0) {
        lines.push("  vault lock: none; anyone allowed by IAM can delete recovery points");
    }
    for (const lock of summary.locks) {
        lines.push(`  vault lock ${lock.resource}: ${lock.mode} mode, minimum retention ${lock.minRetentionDays ?? "unset"} days; immutable ${lock.immutable}`);
    }
    for (const a of summary.access) {
        const all = actionsOf(a.kind);
        const denied = a.denied.length > 0 ? `denied ${short(a.denied, all)}` : "";
        const allowed = a.allowedIfIamAllows.length > 0 ? `${denied ? "; " : ""}may ${short(a.allowedIfIamAllows, all)} if its IAM policy allows` : "";
        lines.push(`  ${a.resource}: ${a.role} ${a.principal}: ${denied}${allowed}`);
    }
    return lines;
}
