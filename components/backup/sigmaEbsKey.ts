import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KMS_DELETION_WINDOW_DAYS } from "../../model/limits";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { BACKUP_COMPONENT_TAG, BACKUP_DEFAULTS } from "./backupDefaults";
import { breakGlassRoleArnProblem } from "./breakGlass";
import { checkWholeNumber } from "./checkWholeNumber";
import { ebsKeyPolicy } from "./policies";

export interface SigmaEbsKeyArgs {
    /** Alias name without `alias/` (unique per account and region), e.g. `sigma-prod-ebs`. */
    aliasName: string;
    /** The IAM role that alone may delete, disable or re-policy the key; unset: no such deny. */
    breakGlassRoleArn?: pulumi.Input<string>;
    /** Protect the key from deletion and keep it when the stack is destroyed (default false). */
    protect?: boolean;
    /** Waiting period before a deleted key is gone, 7-30 days (default 30). @default 30 */
    keyDeletionWindowDays?: number;
    /** Extra tags for the key. */
    tags?: Record<string, string>;
}

const ALIAS_NAME = /^[A-Za-z0-9/_-]{1,250}$/;

/** Validates SigmaEbsKey args; throws one error listing every problem. */
export function validateEbsKeyArgs(name: string, args: SigmaEbsKeyArgs): void {
    const problems = new ArgProblems("SigmaEbsKey", name);
    problems.check(typeof args.aliasName === "string" && ALIAS_NAME.test(args.aliasName) && !args.aliasName.startsWith("aws/"),
        `aliasName ${show(args.aliasName)} must be 1-250 letters, digits, /, _ or -, not under aws/ (KMS reserves it), e.g. "sigma-prod-ebs"`);
    const breakGlass = knownValue(args.breakGlassRoleArn);
    if (breakGlass !== undefined) {
        problems.add((p => p && `breakGlassRoleArn ${show(breakGlass)} ${p}`)(breakGlassRoleArnProblem(breakGlass)));
    }
    checkWholeNumber(problems, "keyDeletionWindowDays", args.keyDeletionWindowDays, KMS_DELETION_WINDOW_DAYS, " (KMS's range)");
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * The customer-managed key a stack's EBS volumes are encrypted with, so the recovery points AWS Backup makes of them
 * (AMIs whose snapshots keep the volume's key: https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html)
 * are protected by a key the stack guards: cryptography only through EC2 in the key's region, administration through
 * IAM, and with a break-glass role no deletion, disabling or policy change by anyone else. Pass `keyArn` to
 * SigmaInstance's kmsKeyArn and to SigmaRestore's kmsKeyArns.
 */
export class SigmaEbsKey extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly alias: aws.kms.Alias;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: SigmaEbsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEbsKeyArgs(name, args);
        super("sigma:backup:SigmaEbsKey", name, {}, opts);
        const protect = args.protect ?? false;
        const scope = accountScope({ parent: this });
        const breakGlass = args.breakGlassRoleArn === undefined ? undefined : pulumi.output(args.breakGlassRoleArn);
        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Sigma EBS volumes (${name})`,
            enableKeyRotation: true,
            deletionWindowInDays: args.keyDeletionWindowDays ?? BACKUP_DEFAULTS.keyDeletionWindowDays,
            policy: pulumi.all([scope, breakGlass]).apply(([s, role]) => JSON.stringify(ebsKeyPolicy(s, role))),
            // The policy denies PutKeyPolicy to the deploy role on purpose (break-glass keeps it): protection.ts keyPolicyNeedsLockoutBypass.
            bypassPolicyLockoutSafetyCheck: breakGlass !== undefined,
            tags: componentTags(BACKUP_COMPONENT_TAG, args.tags),
        }, { parent: this, protect, retainOnDelete: protect });
        this.alias = new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${args.aliasName}`, targetKeyId: this.key.keyId }, { parent: this });
        this.keyArn = this.key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
