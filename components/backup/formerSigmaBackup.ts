import * as pulumi from "@pulumi/pulumi";

/**
 * The type token of the component SigmaBackupVault and SigmaBackupPlan replace (0.x). Stacks deployed with it hold
 * its children under URNs like `...::sigma:backup:SigmaBackup$aws:kms/key:Key::sigma-key`.
 */
export const FORMER_BACKUP_TYPE = "sigma:backup:SigmaBackup";

/**
 * The URN the former SigmaBackup component had: the same name (every child is named `${name}-...`, so keeping the
 * children's names means keeping the component's) under the same parent. Uses the current project and stack.
 */
export function formerBackupUrn(name: string, parent: pulumi.Resource | undefined): pulumi.Output<string> {
    return pulumi.createUrn(name, FORMER_BACKUP_TYPE, parent);
}

/**
 * Options for a child that used to sit directly under the former component: its old URN differs only in the
 * parent, so one alias naming that parent by URN (the component itself no longer exists) keeps the resource.
 */
export function movedChildOptions(formerUrn: pulumi.Input<string>): pulumi.CustomResourceOptions {
    return { aliases: [{ parent: formerUrn }] };
}
