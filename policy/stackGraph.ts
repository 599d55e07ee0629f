import { PolicyResource } from "@pulumi/policy";
import { opensTcpPortNumber } from "../model/protocols";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";

const list = (value: unknown): any[] => (Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value]);

/** URNs of the resources an input of `resource` came from (its property dependencies). */
export function depUrns(resource: PolicyResource, property: string): string[] {
    return (resource.propertyDependencies?.[property] ?? []).map((d) => d.urn);
}

/** A prop's value, or `fallback` when the engine does not know it yet. */
export function prop<T>(resource: PolicyResource, read: (props: Record<string, any>) => T, fallback: T): T {
    return knownOr(() => read(resource.props), fallback);
}

/** The URN (and id) of the security group a rule resource belongs to. */
export function owningGroup(rule: PolicyResource): { urns: string[]; id?: string } {
    const id = prop(rule, (p) => p.securityGroupId, undefined);
    return { urns: depUrns(rule, "securityGroupId"), id: typeof id === "string" ? id : undefined };
}

/** Security group URNs (and literal ids) an instance, spot request, launch template or configuration, LB or Lambda uses. */
export function securityGroupsOf(resource: PolicyResource): { urns: string[]; ids: string[] } {
    const urns = ["vpcSecurityGroupIds", "securityGroups", "securityGroupIds", "networkInterfaces", "vpcConfig"].flatMap((p) => depUrns(resource, p));
    const ids = prop(resource, (p) => [
        ...list(p.vpcSecurityGroupIds), ...list(p.securityGroups), ...list(p.vpcConfig?.securityGroupIds),
        ...list(p.networkInterfaces).flatMap((ni: any) => list(ni?.securityGroups)),
    ].filter((x): x is string => typeof x === "string"), [] as string[]);
    return { urns, ids };
}

const INGRESS_RULE_TYPES: readonly string[] = [TYPES.securityGroupRule, TYPES.ingressRule];

/** URNs of the security groups that admit TCP traffic to `port` (from anywhere: addresses or other groups). */
export function groupsAdmittingTcpPort(resources: PolicyResource[], port: number): Set<string> {
    const admitting = new Set<string>();
    for (const r of resources) {
        if (r.type === TYPES.securityGroup) {
            const ingress = prop(r, (p) => list(p.ingress), []);
            if (ingress.some((rule: any) => opensTcpPortNumber(rule?.protocol, rule?.fromPort, rule?.toPort, port))) {
                admitting.add(r.urn);
            }
        } else if (INGRESS_RULE_TYPES.includes(r.type)) {
            const p = prop(r, (x) => x, {} as Record<string, any>);
            if (r.type === TYPES.securityGroupRule && p.type !== "ingress") {
                continue;
            }
            const protocol = r.type === TYPES.ingressRule ? p.ipProtocol : p.protocol;
            if (opensTcpPortNumber(protocol, p.fromPort, p.toPort, port)) {
                owningGroup(r).urns.forEach((u) => admitting.add(u));
            }
        }
    }
    return admitting;
}

const MYSQL_PORT = 3306;

/**
 * True when the instance (or template, configuration, spot request) holds the database, judged by what it is, not
 * its name: one of its security groups admits MySQL (3306), which only the instance running MySQL needs.
 */
export function holdsDatabase(resource: PolicyResource, resources: PolicyResource[], mysqlGroups = groupsAdmittingTcpPort(resources, MYSQL_PORT)): boolean {
    return securityGroupsOf(resource).urns.some((u) => mysqlGroups.has(u));
}

/** The EBS volumes attached to an instance through volume attachments. */
export function attachedVolumes(instance: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources.filter((r) => r.type === TYPES.volumeAttachment && depUrns(r, "instanceId").includes(instance.urn))
        .flatMap((a) => depUrns(a, "volumeId").map((u) => byUrn.get(u)).filter((v): v is PolicyResource => v !== undefined));
}

/** The resources of `types` that `resource` names through the property `property` (by dependency, else by a matching prop). */
export function referenced(resource: PolicyResource, property: string, resources: PolicyResource[]): PolicyResource[] {
    const urns = depUrns(resource, property);
    return resources.filter((r) => urns.includes(r.urn));
}
