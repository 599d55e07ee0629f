import { AdoptionPlan, VendorOutcome } from "./adoptionPlan";

const line = (o: VendorOutcome) => `  ${o.stackName} ${o.logicalId} (${o.cloudFormationType}) ${o.physicalId || "(no physical id)"}`;

/** The stacks' resources that must survive `delete-stack`: the adopted ones, and a vault that still holds recovery points. */
export function retainedLogicalIds(plan: AdoptionPlan, stackName: string): string[] {
    return plan.vendor.filter((o) => o.stackName === stackName
        && (o.outcome === "adopted" || o.cloudFormationType === "AWS::Backup::BackupVault")).map((o) => o.logicalId);
}

/**
 * The plain report: adopted, replaced (and why), created new, left in CloudFormation, and per vendor stack the
 * DeletionPolicy: Retain step that detaches what must outlive the stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
 */
export function renderAdoptionReport(plan: AdoptionPlan, importFileName: string): string {
    const out: string[] = [];
    const of = (kind: VendorOutcome["outcome"]) => plan.vendor.filter((o) => o.outcome === kind);
    const adopted = of("adopted");
    const replaced = of("replaced");
    const notManaged = of("not-managed");
    out.push(`Adopting ${plan.vendor.length} vendor CloudFormation resources into stack "${plan.stack}"`, "");
    out.push(`Adopted (${adopted.length}): imported with pulumi import --file ${importFileName} --generate-code=false`);
    for (const o of adopted) {
        out.push(`${line(o)}`, `    -> ${o.targetUrns[0]}`, ...o.notes.map((n) => `    check: ${n}`));
    }
    out.push("", `Replaced (${replaced.length}): the program creates its own; the vendor resource stays in CloudFormation until the cut-over`);
    for (const o of replaced) {
        out.push(`${line(o)}`, ...o.targetUrns.map((u) => `    replaced by ${u}`), ...o.notes.map((n) => `    why: ${n}`));
    }
    out.push("", `Left in CloudFormation, not managed by this program (${notManaged.length}):`);
    for (const o of notManaged) {
        out.push(`${line(o)}`, ...o.notes.map((n) => `    why: ${n}`));
    }
    const byType = new Map<string, string[]>();
    for (const r of plan.createdNew) {
        byType.set(r.type, [...(byType.get(r.type) ?? []), r.name]);
    }
    out.push("", `Created new by pulumi up (${plan.createdNew.length}):`);
    for (const [type, names] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        out.push(`  ${type}: ${names.join(", ")}`);
    }
    out.push("", "Leaving CloudFormation (after the cut-over; order of operations: docs/adopt.md):");
    for (const stackName of [...new Set(plan.vendor.map((o) => o.stackName))]) {
        const retain = retainedLogicalIds(plan, stackName);
        if (retain.length === 0) {
            out.push(`  ${stackName}: nothing to retain; aws cloudformation delete-stack --stack-name ${stackName} once nothing uses it`);
            continue;
        }
        out.push(`  ${stackName}: in its template set "DeletionPolicy: Retain" and "UpdateReplacePolicy: Retain" on ${retain.join(", ")}, then`,
            `    aws cloudformation update-stack --stack-name ${stackName} --template-body file://<edited template> (every parameter UsePreviousValue=true),`,
            `    wait for UPDATE_COMPLETE, and only then aws cloudformation delete-stack --stack-name ${stackName}: the retained resources stay, the rest is deleted`);
    }
    return `${out.join("\n")}\n`;
}
