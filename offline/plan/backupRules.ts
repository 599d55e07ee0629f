import { BackupSelectionInputs, readSelectionInputs, SelectionCandidate, selectionSelects } from "../../model/backupSelection";
import { parseArn } from "../../model/ids";
import { providerDefaultTags } from "../check/policyCheck";
import { PlanAssumptions } from "./planAssumptions";
import { scheduleInterval, ScheduleInterval } from "./backupSchedule";
import { StackResources, SynthResource } from "./stackResources";

/** A cross-region (or cross-account) copy of each recovery point a rule makes. */
export interface BackupCopy {
    destinationVaultArn: string;
    /** Region parsed from the destination vault's ARN, or undefined when the ARN is not known offline. */
    region?: string;
    /** Days the copy is kept; the source rule's retention when the copy sets none. */
    retentionDays?: number;
}

/** One rule of a backup plan with what it covers: the facts both the cost and the recovery objectives read. */
export interface BackupRule {
    plan: SynthResource;
    ruleName: string;
    region: string;
    schedule: ScheduleInterval;
    /** Days each recovery point is kept, or undefined when the rule keeps them forever. */
    retentionDays?: number;
    startWindowMinutes?: number;
    completionWindowMinutes?: number;
    copies: BackupCopy[];
    /** Logical names of the instances the plan's selections match. */
    coveredInstances: string[];
    /** Provisioned GiB of the covered instances' root and attached data volumes. */
    dataGib: number;
    /** How `dataGib` was found, one phrase per instance. */
    dataBasis: string[];
}

const AWS_START_WINDOW_DEFAULT_MINUTES = 480;

/** Region of an ARN (`arn:aws:backup:<region>:...`), if it is one. */
export function arnRegion(arn: unknown): string | undefined {
    return parseArn(arn)?.region || undefined;
}

/** A selection's inputs as model/backupSelection.ts reads them, in the selection's region. */
export function selectionInputs(stack: StackResources, selection: SynthResource): BackupSelectionInputs {
    return readSelectionInputs(selection.inputs, stack.regionOf(selection));
}

/** An instance as a selection judges it: its tags merged over its provider's default tags, its region, and the lists naming its ARN. */
export function instanceCandidate(stack: StackResources, instance: SynthResource, selection: SynthResource): SelectionCandidate {
    const provider = instance.provider ? stack.byUrn.get(instance.provider) : undefined;
    return {
        kind: "ec2Instance",
        tags: { ...providerDefaultTags(provider), ...((instance.inputs.tags ?? {}) as Record<string, string>) },
        region: stack.regionOf(instance),
        namedIn: (["resources", "notResources"] as const).filter((list) => selection.propertyDependencies?.[list]?.includes(instance.urn)),
    };
}

/** Whether a selection assigns this instance to its plan, by AWS's rules in model/backupSelection.ts. */
export function selectionCovers(stack: StackResources, selection: SynthResource, instance: SynthResource): boolean {
    return selectionSelects(selectionInputs(stack, selection), instanceCandidate(stack, instance, selection));
}

/** Root volume GiB of an instance, or the assumed AMI size when the program leaves it to the AMI. */
export function rootVolumeGib(instance: SynthResource, assumptions: PlanAssumptions): { gib: number; assumed: boolean } {
    const size = (instance.inputs.rootBlockDevice as any)?.volumeSize;
    return typeof size === "number" ? { gib: size, assumed: false } : { gib: assumptions.amiRootGib, assumed: true };
}

/**
 * Data volumes of an instance: its ebsBlockDevices, plus the EBS volumes a VolumeAttachment joins to it, read from
 * the attachment's property dependencies, or (synth documents without them) attached under the same component.
 */
export function attachedVolumes(stack: StackResources, instance: SynthResource): Array<{ name: string; gib: number; type: string }> {
    const inline = ((instance.inputs.ebsBlockDevices as any[]) ?? [])
        .map((d, i) => ({ name: `${instance.name} ${d.deviceName ?? `ebs ${i}`}`, gib: Number(d.volumeSize ?? 0), type: String(d.volumeType ?? "gp2") }));
    const attachments = stack.ofType("aws:ec2/volumeAttachment:VolumeAttachment");
    const byDependency = attachments
        .filter((a) => a.propertyDependencies?.instanceId?.includes(instance.urn))
        .flatMap((a) => a.propertyDependencies?.volumeId ?? [])
        .map((urn) => stack.byUrn.get(urn))
        .filter((v): v is SynthResource => v?.type === "aws:ebs/volume:Volume");
    const siblings = stack.siblingsOf(instance);
    const bySibling = instance.parent && siblings.some((r) => r.type === "aws:ec2/volumeAttachment:VolumeAttachment" && !r.propertyDependencies)
        ? siblings.filter((r) => r.type === "aws:ebs/volume:Volume") : [];
    const volumes = [...new Set([...byDependency, ...bySibling])]
        .map((v) => ({ name: v.name, gib: Number(v.inputs.size ?? 0), type: String(v.inputs.type ?? "gp2") }));
    return [...inline, ...volumes];
}

/**
 * The selections that belong to a plan: by the planId's property dependency when the synth document records it,
 * else (one plan per region) every selection there, else by the plan's name or a shared parent.
 */
function selectionsOf(stack: StackResources, plan: SynthResource): SynthResource[] {
    const all = stack.ofType("aws:backup/selection:Selection");
    if (all.some((s) => s.propertyDependencies?.planId)) {
        return all.filter((s) => s.propertyDependencies?.planId?.includes(plan.urn));
    }
    const selections = all.filter((s) => stack.regionOf(s) === stack.regionOf(plan));
    const plansInRegion = stack.ofType("aws:backup/plan:Plan").filter((p) => stack.regionOf(p) === stack.regionOf(plan));
    if (plansInRegion.length === 1) {
        return selections;
    }
    const byName = selections.filter((s) => typeof s.inputs.planId === "string" && plan.inputs.name !== undefined && s.inputs.planId === plan.inputs.name);
    return byName.length > 0 ? byName : selections.filter((s) => s.parent === plan.parent);
}

/** Every rule of every backup plan in the stack, with the instances and data it covers. */
export function backupRules(stack: StackResources, assumptions: PlanAssumptions): BackupRule[] {
    const instances = stack.ofType("aws:ec2/instance:Instance");
    return stack.ofType("aws:backup/plan:Plan").flatMap((plan) => {
        const region = stack.regionOf(plan);
        const selections = selectionsOf(stack, plan);
        const covered = instances.filter((i) => selections.some((s) => selectionCovers(stack, s, i)));
        const dataBasis: string[] = [];
        let dataGib = 0;
        for (const instance of covered) {
            const root = rootVolumeGib(instance, assumptions);
            const volumes = attachedVolumes(stack, instance);
            dataGib += root.gib + volumes.reduce((sum, v) => sum + v.gib, 0);
            dataBasis.push(`${instance.name}: root ${root.gib} GiB${root.assumed ? " (AMI size, assumed)" : ""}` +
                volumes.map((v) => ` + ${v.name} ${v.gib} GiB`).join(""));
        }
        return ((plan.inputs.rules as any[]) ?? []).map((rule): BackupRule => {
            const retentionDays = typeof rule.lifecycle?.deleteAfter === "number" ? rule.lifecycle.deleteAfter : undefined;
            const expression = String(rule.schedule ?? rule.scheduleExpression ?? "");
            return {
                plan,
                ruleName: String(rule.ruleName ?? "rule"),
                region,
                schedule: expression ? scheduleInterval(expression) : { expression: "", describe: "no schedule (on-demand backups only)" },
                retentionDays,
                startWindowMinutes: typeof rule.startWindow === "number" ? rule.startWindow : AWS_START_WINDOW_DEFAULT_MINUTES,
                completionWindowMinutes: typeof rule.completionWindow === "number" ? rule.completionWindow : undefined,
                copies: ((rule.copyActions as any[]) ?? []).map((copy) => ({
                    destinationVaultArn: String(copy.destinationVaultArn),
                    region: arnRegion(copy.destinationVaultArn),
                    retentionDays: typeof copy.lifecycle?.deleteAfter === "number" ? copy.lifecycle.deleteAfter : retentionDays,
                })),
                coveredInstances: covered.map((i) => i.name),
                dataGib,
                dataBasis,
            };
        });
    });
}

/** GB an incremental backup chain holds: one full copy plus each day's changes for the retention period. */
export function backupStorageGb(dataGib: number, changeRate: number, retentionDays: number): number {
    return dataGib * (1 + changeRate * retentionDays);
}
