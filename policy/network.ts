import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { exposesInternet, isWorldOpen } from "../model/cidr";
import { opensTcpPortNumber, protocolLabel, tcpPortRange } from "../model/protocols";
import { forTypes } from "./forTypes";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";
import { depUrns, groupsAdmittingTcpPort, holdsDatabase, owningGroup, securityGroupsOf } from "./stackGraph";

const MYSQL_PORT = 3306;
const SSH_PORT = 22;
/** Remote administration ports CIS AWS Foundations 5.2/5.3 (Security Hub EC2.53, EC2.54) keep closed to the world. */
const RDP_PORT = 3389;
/** The only ports a load balancer may open to the internet. */
const WEB_PORTS = [80, 443];
/** AWS's own default description when none is given (Pulumi's default for security groups). */
const PLACEHOLDER_DESCRIPTIONS = ["", "Managed by Pulumi", "Managed by Terraform"];

/** One ingress (or egress) permission, whichever resource shape declared it. */
export interface IngressPermission {
    /** Where it was declared, e.g. `ingress[0]` or `the rule`. */
    where: string;
    protocol: string;
    fromPort: number;
    toPort: number;
    cidrs: string[];
    prefixLists: string[];
    /** Allowed from another security group (or the group itself) rather than from addresses. */
    fromSecurityGroup: boolean;
    description?: string;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value ? [value] : []) as string[];

/** The permissions in one direction a security group, security group rule or VPC ingress/egress rule grants. */
export function permissionsOf(type: string, props: Record<string, any>, direction: "ingress" | "egress"): IngressPermission[] {
    if (type === TYPES.securityGroup) {
        return (props[direction] ?? []).map((rule: any, i: number) => ({
            where: `${direction}[${i}]`, protocol: String(rule.protocol), fromPort: rule.fromPort, toPort: rule.toPort,
            cidrs: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)], prefixLists: list(rule.prefixListIds),
            fromSecurityGroup: list(rule.securityGroups).length > 0 || rule.self === true, description: rule.description,
        }));
    }
    if (type === TYPES.defaultSecurityGroup) {
        return permissionsOf(TYPES.securityGroup, props, direction);
    }
    if (type === TYPES.securityGroupRule && props.type === direction) {
        return [{
            where: "the rule", protocol: String(props.protocol), fromPort: props.fromPort, toPort: props.toPort,
            cidrs: [...list(props.cidrBlocks), ...list(props.ipv6CidrBlocks)], prefixLists: list(props.prefixListIds),
            fromSecurityGroup: !!props.sourceSecurityGroupId || props.self === true, description: props.description,
        }];
    }
    if ((type === TYPES.ingressRule && direction === "ingress") || (type === TYPES.egressRule && direction === "egress")) {
        return [{
            where: "the rule", protocol: String(props.ipProtocol), fromPort: props.fromPort, toPort: props.toPort,
            cidrs: [...list(props.cidrIpv4), ...list(props.cidrIpv6)], prefixLists: list(props.prefixListId),
            fromSecurityGroup: !!props.referencedSecurityGroupId, description: props.description,
        }];
    }
    return [];
}

/** The ingress permissions a security group, security group rule or VPC ingress rule grants. */
export function ingressPermissions(type: string, props: Record<string, any>): IngressPermission[] {
    return permissionsOf(type, props, "ingress");
}

/** True for one CIDR that matches every address (0.0.0.0/0, ::/0 or any other /0, however it is spelled). */
export function isWorldCidr(cidr: string): boolean {
    return isWorldOpen(cidr);
}

/** The inclusive port range a permission opens to TCP, every port for all traffic; [-1, -1] when it opens no TCP. */
export function portRange(permission: IngressPermission): [number, number] {
    return tcpPortRange(permission.protocol, permission.fromPort, permission.toPort) ?? [-1, -1];
}

/** True when the permission lets TCP traffic reach `port` (protocol normalised as the provider does: -1, all, ALL, 6). */
export function opensTcpPort(permission: IngressPermission, port: number): boolean {
    return opensTcpPortNumber(permission.protocol, permission.fromPort, permission.toPort, port);
}

/** True when the permission opens nothing but 80 and/or 443 over TCP (UDP, ICMP to them are not web traffic either). */
export function opensOnlyWebPorts(permission: IngressPermission): boolean {
    // A range of one port is TCP only: every other protocol opens no TCP (undefined) or every port.
    const range = tcpPortRange(permission.protocol, permission.fromPort, permission.toPort);
    return range !== undefined && WEB_PORTS.some((port) => range[0] === port && range[1] === port);
}

/** Where a permission's addresses come from: its CIDRs plus the entries of the prefix lists it names. */
export interface AddressResolution {
    cidrs: string[];
    /** Prefix lists the stack does not define, so their entries cannot be known (unknown means no). */
    unresolved: string[];
}

/** Prefix-list URN or id -> its CIDRs, from the stack's aws.ec2.ManagedPrefixList (entries) and ManagedPrefixListEntry resources. */
export function prefixListEntries(resources: PolicyResource[]): Map<string, string[]> {
    const entries = new Map<string, string[]>();
    for (const r of resources.filter((x) => x.type === TYPES.prefixList)) {
        entries.set(r.urn, knownOr(() => (r.props.entries ?? []).map((e: any) => String(e.cidr)), ["0.0.0.0/0"]));
    }
    for (const e of resources.filter((x) => x.type === TYPES.prefixListEntry)) {
        for (const urn of depUrns(e, "prefixListId")) {
            entries.set(urn, [...(entries.get(urn) ?? []), knownOr(() => String(e.props.cidr), "0.0.0.0/0")]);
        }
    }
    return entries;
}

/** The addresses a rule admits, with its prefix lists resolved through the stack. */
export function resolveAddresses(rule: PolicyResource | undefined, permission: IngressPermission, lists: Map<string, string[]>): AddressResolution {
    const cidrs = [...permission.cidrs];
    const unresolved: string[] = [];
    const listUrns = rule ? ["prefixListId", "prefixListIds", "ingress", "egress"].flatMap((p) => depUrns(rule, p)).filter((u) => lists.has(u)) : [];
    listUrns.forEach((u) => cidrs.push(...(lists.get(u) as string[])));
    // Lists named beyond those the stack defines (none when every one resolves).
    unresolved.push(...permission.prefixLists.slice(listUrns.length));
    return { cidrs, unresolved };
}

/** The world-open verdict for a rule's addresses: the one rule of model/cidr.ts (exposesInternet), or an unresolvable prefix list. */
export function worldReason(addresses: AddressResolution): string | undefined {
    const exposure = exposesInternet(addresses.cidrs);
    const families = [exposure.ipv4 ? "IPv4" : "", exposure.ipv6 ? "IPv6" : ""].filter(Boolean);
    if (families.length > 0) {
        return `${addresses.cidrs.join(", ")} cover${addresses.cidrs.length === 1 ? "s" : ""} ${families.map((f) => `${Math.round(100 * (f === "IPv4" ? exposure.share.ipv4 : exposure.share.ipv6))}% of the public ${f} internet`).join(" and ")}`;
    }
    if (addresses.unresolved.length > 0) {
        return `prefix list ${addresses.unresolved.join(", ")} is not defined in the stack, so its addresses are unknown (unknown counts as the world)`;
    }
    return undefined;
}

/** A permission as messages name it; every caller reports permissions with addresses (CIDRs or prefix lists). */
const show = (permission: IngressPermission) => {
    const range = tcpPortRange(permission.protocol, permission.fromPort, permission.toPort);
    const ports = range === undefined ? "" : range[0] === range[1] ? ` port ${range[0]}` : ` ports ${range[0]}-${range[1]}`;
    return `${permission.where} (${protocolLabel(permission.protocol)}${ports} from ${[...permission.cidrs, ...permission.prefixLists].join(", ")})`;
};

const INGRESS_TYPES: readonly string[] = [TYPES.securityGroup, TYPES.securityGroupRule, TYPES.ingressRule, TYPES.defaultSecurityGroup];

/** Every ingress permission of the stack with the resource that declares it and its addresses resolved. */
function stackIngress(resources: PolicyResource[]) {
    const lists = prefixListEntries(resources);
    // ingressPermissions reads nothing from other types.
    return resources.flatMap((resource) =>
        knownOr(() => ingressPermissions(resource.type, resource.props), []).map((permission) => ({ resource, permission, addresses: resolveAddresses(resource, permission, lists) })));
}

export const noWorldAdminPorts: StackValidationPolicy = {
    name: "security-group-no-world-ssh-mysql",
    description: "No security group opens SSH (22), RDP (3389) or MySQL (3306) to the world: any set of CIDRs and prefix lists covering most of the public IPv4 or IPv6 internet, all protocols however spelled (CIS 5.2, CIS 5.3; Security Hub EC2.13, EC2.14, EC2.53, EC2.54; checkov CKV_AWS_24, CKV_AWS_25; cdk-nag AwsSolutions-EC23).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the rule; reach instances with Session Manager, or list your admin networks in sigma:adminCidrs. MySQL is only ever reached from the APP security group.",
    validateStack: (args, reportViolation) => {
        for (const { resource, permission, addresses } of stackIngress(args.resources)) {
            const world = worldReason(addresses);
            for (const [port, label] of [[SSH_PORT, "SSH (22)"], [RDP_PORT, "RDP (3389)"], [MYSQL_PORT, "MySQL (3306)"]] as const) {
                if (world !== undefined && opensTcpPort(permission, port)) {
                    reportViolation(`${show(permission)} opens ${label} to the whole internet: ${world}`, resource.urn);
                }
            }
        }
    },
};

export const mysqlFromSecurityGroupOnly: ResourceValidationPolicy = {
    name: "mysql-ingress-from-security-group-only",
    description: "Ingress that reaches MySQL (3306) comes only from a security group, never from CIDR ranges or prefix lists (all-traffic rules included) (Security Hub EC2.19 for 3306).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace the CIDR source with the APP tier's security group (referencedSecurityGroupId), as SigmaSecurityGroups does.",
    validateResource: forTypes(INGRESS_TYPES, (args, reportViolation) => {
        for (const permission of ingressPermissions(args.type, args.props)) {
            const addresses = [...permission.cidrs, ...permission.prefixLists];
            if (addresses.length > 0 && opensTcpPort(permission, MYSQL_PORT)) {
                reportViolation(`${show(permission)} lets addresses reach MySQL (3306); allow it only from the APP security group`);
            }
        }
    }),
};

export const descriptionsPresent: ResourceValidationPolicy = {
    name: "security-group-descriptions",
    description: "Every security group and every security group rule has a description (checkov CKV_AWS_23).",
    severity: "low",
    enforcementLevel: "mandatory",
    remediationSteps: "Give the group and each rule a description saying what the traffic is for, e.g. \"MySQL (3306) from the Sigma APP security group\".",
    validateResource: forTypes([TYPES.securityGroup, TYPES.securityGroupRule, TYPES.ingressRule, TYPES.egressRule], (args, reportViolation) => {
        const missing = (text: unknown) => typeof text !== "string" || PLACEHOLDER_DESCRIPTIONS.includes(text.trim());
        if (args.type === TYPES.securityGroup) {
            if (missing(args.props.description)) {
                reportViolation(`the security group's description is ${JSON.stringify(args.props.description ?? null)}; say what the group is for`);
            }
            for (const direction of ["ingress", "egress"]) {
                (args.props[direction] ?? []).forEach((rule: any, i: number) => {
                    if (missing(rule.description)) {
                        reportViolation(`${direction}[${i}] has no description; say what the traffic is for`);
                    }
                });
            }
        } else if (missing(args.props.description)) {
            reportViolation("the rule has no description; say what the traffic is for");
        }
    }),
};

const LB_TYPES: readonly string[] = [TYPES.loadBalancer, TYPES.albLoadBalancer];

/** URNs and ids of every security group some load balancer uses. */
function loadBalancerGroups(resources: PolicyResource[]): { urns: Set<string>; ids: Set<string> } {
    const urns = new Set<string>();
    const ids = new Set<string>();
    for (const lb of resources.filter((r) => LB_TYPES.includes(r.type) || r.type === TYPES.classicLoadBalancer)) {
        const groups = securityGroupsOf(lb);
        groups.urns.forEach((u) => urns.add(u));
        groups.ids.forEach((id) => ids.add(id));
    }
    return { urns, ids };
}

export const worldIngressOnlyToLoadBalancers: StackValidationPolicy = {
    name: "world-ingress-only-load-balancer-web",
    description: "Ingress from the world (any CIDR set or prefix list covering most of the public internet) is allowed only on TCP 80/443 of a load balancer's security group (Security Hub EC2.18, EC2.19; checkov CKV_AWS_277, CKV_AWS_260).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Restrict the source to your client networks (sigma:appCidrs), or put the service behind the multi-az load balancer and open only 80/443 on its security group.",
    validateStack: (args, reportViolation) => {
        const lbGroups = loadBalancerGroups(args.resources);
        for (const { resource, permission, addresses } of stackIngress(args.resources)) {
            const world = worldReason(addresses);
            if (world === undefined) {
                continue;
            }
            const group = resource.type === TYPES.securityGroup ? { urns: [resource.urn], id: undefined } : owningGroup(resource);
            const isLbGroup = group.urns.some((u) => lbGroups.urns.has(u)) || (group.id !== undefined && lbGroups.ids.has(group.id));
            if (!opensOnlyWebPorts(permission)) {
                reportViolation(`${show(permission)} opens more than TCP 80/443 to the whole internet: ${world}`, resource.urn);
            } else if (!isLbGroup) {
                reportViolation(`${show(permission)} opens a web port to the whole internet on a security group no load balancer uses: ${world}`, resource.urn);
            }
        }
    },
};

const EGRESS_TYPES: readonly string[] = [TYPES.securityGroup, TYPES.securityGroupRule, TYPES.egressRule];

export const egressRestricted: StackValidationPolicy = {
    name: "security-group-egress-restricted",
    description: "Egress to the world is limited to the allowed TCP ports (default 443): no all-traffic, UDP or wide port ranges to the internet (Security Hub EC2.2 for the default group; checkov CKV_AWS_382; cdk-nag EC2RestrictedCommonPorts).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Send traffic to the world only on 443 (AWS APIs, Session Manager); reach anything else by security group reference or inside the VPC, as SigmaSecurityGroups does.",
    configSchema: {
        properties: {
            allowedWorldEgressPorts: { type: "array", items: { type: "integer" }, default: [443], description: "TCP ports a security group may send to the whole internet" },
        },
    },
    validateStack: (args, reportViolation) => {
        const { allowedWorldEgressPorts } = args.getConfig<{ allowedWorldEgressPorts: number[] }>();
        const lists = prefixListEntries(args.resources);
        for (const resource of args.resources.filter((r) => EGRESS_TYPES.includes(r.type))) {
            for (const permission of knownOr(() => permissionsOf(resource.type, resource.props, "egress"), [])) {
                const world = worldReason(resolveAddresses(resource, permission, lists));
                if (world === undefined) {
                    continue;
                }
                // A range of one port is TCP only (see opensOnlyWebPorts).
                const range = tcpPortRange(permission.protocol, permission.fromPort, permission.toPort);
                const onlyAllowed = range !== undefined && range[0] === range[1] && allowedWorldEgressPorts.includes(range[0]);
                if (!onlyAllowed) {
                    reportViolation(`egress ${show(permission).replace(" from ", " to ")} reaches the whole internet beyond TCP ${allowedWorldEgressPorts.join("/")}: ${world}`, resource.urn);
                }
            }
        }
    },
};

export const defaultSecurityGroupClosed: ResourceValidationPolicy = {
    name: "default-security-group-closed",
    description: "A VPC's default security group, when the stack manages it, allows no inbound and no outbound traffic (CIS 5.4; Security Hub EC2.2; checkov CKV2_AWS_12).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Declare aws.ec2.DefaultSecurityGroup with no ingress and no egress, and give every resource its own group.",
    validateResource: forTypes([TYPES.defaultSecurityGroup], (args, reportViolation) => {
        for (const direction of ["ingress", "egress"] as const) {
            const rules = args.props[direction] ?? [];
            if (rules.length > 0) {
                reportViolation(`the default security group has ${rules.length} ${direction} rule(s); anything launched without a group would get them: remove them`);
            }
        }
    }),
};

export const sharedGroupLoadBalancerDatabase: StackValidationPolicy = {
    name: "security-group-not-shared-lb-db",
    description: "No security group is used both by a load balancer and by an instance that holds the database: the internet-facing tier and MySQL keep separate groups (cdk-nag AwsSolutions-EC23 spirit; Well-Architected SEC05).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Give the load balancer its own group (SigmaLoadBalancer does) and admit it on the APP group's 8080 by group reference.",
    validateStack: (args, reportViolation) => {
        const lbGroups = loadBalancerGroups(args.resources);
        const mysqlGroups = groupsAdmittingTcpPort(args.resources, MYSQL_PORT);
        for (const instance of args.resources.filter((r) => INSTANCE_LIKE_TYPES.includes(r.type))) {
            if (!holdsDatabase(instance, args.resources, mysqlGroups)) {
                continue;
            }
            const groups = securityGroupsOf(instance);
            const shared = [...groups.urns.filter((u) => lbGroups.urns.has(u)), ...groups.ids.filter((id) => lbGroups.ids.has(id))];
            if (shared.length > 0) {
                reportViolation(`${instance.type.split(":").pop()} "${instance.name}" holds the database and shares security group ${shared.map((s) => s.split("::").pop()).join(", ")} with a load balancer`, instance.urn);
            }
        }
    },
};

/** Types that launch instances and carry security groups. */
export const INSTANCE_LIKE_TYPES: readonly string[] = [TYPES.instance, TYPES.spotInstanceRequest, TYPES.launchTemplate, TYPES.launchConfiguration];

/** Security policies with TLS 1.2 as the lowest version and forward-secret ciphers (AWS's ELB security policy table). */
export const MODERN_TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
];

/** True when every action redirects to HTTPS (or answers without forwarding: a fixed response carries no user data). */
export function redirectsToHttps(defaultActions: any[] | undefined): boolean {
    return defaultActions !== undefined && defaultActions.length > 0
        && defaultActions.every((a) => a.type === "redirect" && String(a.redirect?.protocol).toUpperCase() === "HTTPS");
}

export const listenerHttps: ResourceValidationPolicy = {
    name: "load-balancer-listener-https",
    description: "Load-balancer listeners serve HTTPS with a modern TLS policy; HTTP listeners only redirect to HTTPS (Security Hub ELB.1, ELB.17; checkov CKV_AWS_2, CKV_AWS_103; cdk-nag ELBTlsHttpsListenersOnly, ALBHttpToHttpsRedirection).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Serve port 443 with protocol HTTPS, an ACM certificate and sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06; make the port-80 listener's only action a redirect to HTTPS.",
    configSchema: {
        properties: {
            allowedSslPolicies: { type: "array", items: { type: "string" }, default: MODERN_TLS_POLICIES, description: "ELB security policies a TLS listener may use" },
        },
    },
    validateResource: forTypes([TYPES.listener, TYPES.albListener], (args, reportViolation) => {
        const { allowedSslPolicies } = args.getConfig<{ allowedSslPolicies: string[] }>();
        const protocol = String(args.props.protocol ?? "HTTP").toUpperCase();
        if (protocol === "HTTPS" || protocol === "TLS") {
            if (!allowedSslPolicies.includes(args.props.sslPolicy)) {
                reportViolation(`sslPolicy ${JSON.stringify(args.props.sslPolicy ?? null)} is not a modern TLS policy; use one of ${allowedSslPolicies.slice(0, 3).join(", ")}, ...`);
            }
        } else if (protocol === "HTTP") {
            if (!redirectsToHttps(args.props.defaultActions)) {
                reportViolation(`the HTTP listener on port ${args.props.port ?? 80} serves traffic in clear text; its only default action must be a redirect to HTTPS`);
            }
        } else {
            reportViolation(`protocol ${protocol} carries traffic unencrypted; use HTTPS (or TLS) with a modern sslPolicy`);
        }
    }),
};

export const listenerRulesOnHttps: StackValidationPolicy = {
    name: "load-balancer-listener-rule-https",
    description: "Listener rules that forward or authenticate sit only on HTTPS listeners; a rule on an HTTP (or unknown) listener may only redirect to HTTPS (Security Hub ELB.1; cdk-nag ALBHttpToHttpsRedirection).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Attach the rule to the HTTPS listener (listenerArn of the 443 listener), or make its action a redirect to HTTPS.",
    validateStack: (args, reportViolation) => {
        const listeners = args.resources.filter((r) => r.type === TYPES.listener || r.type === TYPES.albListener);
        for (const rule of args.resources.filter((r) => r.type === TYPES.listenerRule || r.type === TYPES.albListenerRule)) {
            const actions = knownOr(() => rule.props.actions as any[] | undefined, []) ?? [];
            if (redirectsToHttps(actions) || actions.every((a: any) => a.type === "fixed-response")) {
                continue;
            }
            const listener = listeners.find((l) => depUrns(rule, "listenerArn").includes(l.urn));
            if (listener === undefined) {
                reportViolation(`listener rule "${rule.name}" forwards traffic on a listener the stack does not define, so its protocol is unknown; attach it to the stack's HTTPS listener`, rule.urn);
                continue;
            }
            const protocol = String(knownOr(() => listener.props.protocol, "HTTP") ?? "HTTP").toUpperCase();
            if (protocol !== "HTTPS" && protocol !== "TLS") {
                reportViolation(`listener rule "${rule.name}" forwards traffic on ${protocol} listener "${listener.name}" in clear text; put it on the HTTPS listener`, rule.urn);
            }
        }
    },
};

/** Desync mitigation modes that block or fix ambiguous requests (Security Hub ELB.12). */
const SAFE_DESYNC_MODES = ["defensive", "strictest"];

export const loadBalancerSettings: ResourceValidationPolicy = {
    name: "load-balancer-hardened",
    description: "Application load balancers drop invalid headers, use defensive or strictest desync mitigation, have deletion protection and write access logs; classic load balancers are not used (Security Hub ELB.4, ELB.5, ELB.6, ELB.12, ELB.14; checkov CKV_AWS_131, CKV_AWS_91, CKV_AWS_150).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set dropInvalidHeaderFields: true, desyncMitigationMode: \"strictest\", enableDeletionProtection: true and accessLogs { bucket, enabled: true } (SigmaLoadBalancer does); replace a classic ELB with an ALB.",
    configSchema: {
        properties: {
            requireDeletionProtection: { type: "boolean", default: true, description: "Whether load balancers must have deletion protection" },
            requireAccessLogs: { type: "boolean", default: true, description: "Whether load balancers must write access logs" },
        },
    },
    validateResource: forTypes([...LB_TYPES, TYPES.classicLoadBalancer], (args, reportViolation) => {
        if (args.type === TYPES.classicLoadBalancer) {
            reportViolation("a classic load balancer has no desync protection, header validation or modern TLS policies; use an application load balancer (SigmaLoadBalancer)");
            return;
        }
        const { requireDeletionProtection, requireAccessLogs } = args.getConfig<{ requireDeletionProtection: boolean; requireAccessLogs: boolean }>();
        const p = args.props;
        const type = p.loadBalancerType ?? "application";
        if (type === "application") {
            if (p.dropInvalidHeaderFields !== true) {
                reportViolation("dropInvalidHeaderFields is not true: malformed headers reach Tomcat (request smuggling); set it to true");
            }
            const mode = p.desyncMitigationMode ?? "defensive";
            if (!SAFE_DESYNC_MODES.includes(mode)) {
                reportViolation(`desyncMitigationMode ${JSON.stringify(mode)} lets desync attacks through; use "strictest" or "defensive"`);
            }
        }
        if (requireDeletionProtection && p.enableDeletionProtection !== true) {
            reportViolation("enableDeletionProtection is not true: one delete call takes the service offline; set it to true");
        }
        if (requireAccessLogs && (p.accessLogs?.enabled !== true || !p.accessLogs.bucket)) {
            reportViolation("access logs are off (accessLogs.enabled with a bucket); without them no request can be traced");
        }
    }),
};

export const networkPolicies = [noWorldAdminPorts, worldIngressOnlyToLoadBalancers, mysqlFromSecurityGroupOnly, descriptionsPresent,
    egressRestricted, defaultSecurityGroupClosed, sharedGroupLoadBalancerDatabase, listenerHttps, listenerRulesOnHttps, loadBalancerSettings];
