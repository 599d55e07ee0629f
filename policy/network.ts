import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { forTypes } from "./forTypes";
import { TYPES } from "./resourceTypes";

const MYSQL_PORT = 3306;
const SSH_PORT = 22;
/** The only ports a load balancer may open to the internet. */
const WEB_PORTS = [80, 443];
/** AWS's own default description when none is given (Pulumi's default for security groups). */
const PLACEHOLDER_DESCRIPTIONS = ["", "Managed by Pulumi", "Managed by Terraform"];

/** One ingress permission, whichever resource shape declared it. */
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

const ALL_PROTOCOLS = ["-1", "all"];

/** The ingress permissions a security group, security group rule or VPC ingress rule grants. */
export function ingressPermissions(type: string, props: Record<string, any>): IngressPermission[] {
    const list = (value: unknown): string[] => (Array.isArray(value) ? value : value ? [value] : []) as string[];
    if (type === TYPES.securityGroup) {
        return (props.ingress ?? []).map((rule: any, i: number) => ({
            where: `ingress[${i}]`, protocol: String(rule.protocol), fromPort: rule.fromPort, toPort: rule.toPort,
            cidrs: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)], prefixLists: list(rule.prefixListIds),
            fromSecurityGroup: list(rule.securityGroups).length > 0 || rule.self === true, description: rule.description,
        }));
    }
    if (type === TYPES.securityGroupRule && props.type === "ingress") {
        return [{
            where: "the rule", protocol: String(props.protocol), fromPort: props.fromPort, toPort: props.toPort,
            cidrs: [...list(props.cidrBlocks), ...list(props.ipv6CidrBlocks)], prefixLists: list(props.prefixListIds),
            fromSecurityGroup: !!props.sourceSecurityGroupId || props.self === true, description: props.description,
        }];
    }
    if (type === TYPES.ingressRule) {
        return [{
            where: "the rule", protocol: String(props.ipProtocol), fromPort: props.fromPort, toPort: props.toPort,
            cidrs: [...list(props.cidrIpv4), ...list(props.cidrIpv6)], prefixLists: list(props.prefixListId),
            fromSecurityGroup: !!props.referencedSecurityGroupId, description: props.description,
        }];
    }
    return [];
}

/** True for a CIDR that matches every address (0.0.0.0/0, ::/0 or any other /0). */
export function isWorldCidr(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

/** The inclusive port range a permission opens; every port for "all traffic". */
export function portRange(permission: IngressPermission): [number, number] {
    return ALL_PROTOCOLS.includes(permission.protocol) ? [0, 65535] : [permission.fromPort ?? 0, permission.toPort ?? 65535];
}

/** True when the permission lets TCP traffic reach `port`. */
export function opensTcpPort(permission: IngressPermission, port: number): boolean {
    const tcp = ALL_PROTOCOLS.includes(permission.protocol) || ["tcp", "6"].includes(permission.protocol.toLowerCase());
    const [from, to] = portRange(permission);
    return tcp && from <= port && port <= to;
}

/** True when the permission opens nothing but 80 and/or 443 over TCP. */
export function opensOnlyWebPorts(permission: IngressPermission): boolean {
    const [from, to] = portRange(permission);
    const tcp = ["tcp", "6"].includes(permission.protocol.toLowerCase());
    return tcp && WEB_PORTS.some((port) => from === port && to === port);
}

const show = (permission: IngressPermission) => {
    const [from, to] = portRange(permission);
    const ports = from === to ? `port ${from}` : `ports ${from}-${to}`;
    return `${permission.where} (${permission.protocol} ${ports} from ${[...permission.cidrs, ...permission.prefixLists].join(", ") || "a security group"})`;
};

const INGRESS_TYPES: readonly string[] = [TYPES.securityGroup, TYPES.securityGroupRule, TYPES.ingressRule];

export const noWorldAdminPorts: ResourceValidationPolicy = {
    name: "security-group-no-world-ssh-mysql",
    description: "No security group opens SSH (22) or MySQL (3306) to 0.0.0.0/0 or ::/0 (checkov CKV_AWS_24, cdk-nag AwsSolutions-EC23).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the rule; reach instances with Session Manager, or list your admin networks in sigma:adminCidrs. MySQL is only ever reached from the APP security group.",
    validateResource: forTypes(INGRESS_TYPES, (args, reportViolation) => {
        for (const permission of ingressPermissions(args.type, args.props)) {
            const world = permission.cidrs.filter(isWorldCidr);
            for (const port of [SSH_PORT, MYSQL_PORT]) {
                if (world.length > 0 && opensTcpPort(permission, port)) {
                    reportViolation(`${show(permission)} opens ${port === SSH_PORT ? "SSH (22)" : "MySQL (3306)"} to the whole internet (${world.join(", ")})`);
                }
            }
        }
    }),
};

export const mysqlFromSecurityGroupOnly: ResourceValidationPolicy = {
    name: "mysql-ingress-from-security-group-only",
    description: "Ingress that reaches MySQL (3306) comes only from a security group, never from CIDR ranges or prefix lists.",
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
    validateResource: forTypes([...INGRESS_TYPES, TYPES.egressRule], (args, reportViolation) => {
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

/** The security group a rule resource belongs to, as its URN or its id (whichever the engine knows). */
function owningGroup(rule: PolicyResource): { urns: string[]; id?: string } {
    const deps = rule.propertyDependencies?.securityGroupId ?? [];
    return { urns: deps.map((d) => d.urn), id: typeof rule.props.securityGroupId === "string" ? rule.props.securityGroupId : undefined };
}

/** URNs and ids of every security group some load balancer uses. */
function loadBalancerGroups(resources: PolicyResource[]): { urns: Set<string>; ids: Set<string> } {
    const urns = new Set<string>();
    const ids = new Set<string>();
    for (const lb of resources.filter((r) => r.type === TYPES.loadBalancer || r.type === TYPES.albLoadBalancer)) {
        (lb.propertyDependencies?.securityGroups ?? []).forEach((d) => urns.add(d.urn));
        (Array.isArray(lb.props.securityGroups) ? lb.props.securityGroups : []).forEach((id: unknown) => typeof id === "string" && ids.add(id));
    }
    return { urns, ids };
}

export const worldIngressOnlyToLoadBalancers: StackValidationPolicy = {
    name: "world-ingress-only-load-balancer-web",
    description: "Ingress from 0.0.0.0/0 or ::/0 is allowed only on 80/443 of a load balancer's security group (checkov CKV_AWS_277, CKV_AWS_260).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Restrict the source to your client networks (sigma:appCidrs), or put the service behind the multi-az load balancer and open only 80/443 on its security group.",
    validateStack: (args, reportViolation) => {
        const lbGroups = loadBalancerGroups(args.resources);
        for (const resource of args.resources.filter((r) => INGRESS_TYPES.includes(r.type))) {
            const group = resource.type === TYPES.securityGroup ? { urns: [resource.urn], id: undefined } : owningGroup(resource);
            const isLbGroup = group.urns.some((u) => lbGroups.urns.has(u)) || (group.id !== undefined && lbGroups.ids.has(group.id));
            for (const permission of ingressPermissions(resource.type, resource.props)) {
                const world = permission.cidrs.filter(isWorldCidr);
                if (world.length === 0) {
                    continue;
                }
                if (!opensOnlyWebPorts(permission)) {
                    reportViolation(`${show(permission)} opens more than 80/443 to the whole internet (${world.join(", ")})`, resource.urn);
                } else if (!isLbGroup) {
                    reportViolation(`${show(permission)} opens a web port to the whole internet on a security group no load balancer uses`, resource.urn);
                }
            }
        }
    },
};

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

/** True when every default action of the listener redirects to HTTPS. */
export function redirectsToHttps(defaultActions: any[] | undefined): boolean {
    const actions = defaultActions ?? [];
    return actions.length > 0 && actions.every((a) => a.type === "redirect" && String(a.redirect?.protocol ?? "").toUpperCase() === "HTTPS");
}

export const listenerHttps: ResourceValidationPolicy = {
    name: "load-balancer-listener-https",
    description: "Load-balancer listeners serve HTTPS with a modern TLS policy; HTTP listeners only redirect to HTTPS (checkov CKV_AWS_2, CKV_AWS_103; cdk-nag ELBTlsHttpsListenersOnly, ALBHttpToHttpsRedirection).",
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

export const networkPolicies = [noWorldAdminPorts, worldIngressOnlyToLoadBalancers, mysqlFromSecurityGroupOnly, descriptionsPresent, listenerHttps];
