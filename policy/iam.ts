import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS_MANAGED_POLICY_DOCUMENTS } from "../model/awsManagedPolicies";
import { actionPatternMatches, actionsOfService, expandActionPattern, isKnownService, lookupAction } from "../model/iamActions";
import { conditionPins, CONFUSED_DEPUTY_KEYS, principalServices, resourcePatternBreadth } from "../model/iamPolicyAnalysis";
import { escalationMethods } from "../model/iamPrivilegeEscalation";
import { forTypes } from "./forTypes";
import { IamStatement, parsePolicyDocument, statementLabel } from "./iamDocument";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";
import { depUrns } from "./stackGraph";
import { isUnscopedAction } from "./unscopedActions";

/** The permission documents (not trust policies) a resource carries, each with the property it came from. */
export function permissionDocuments(type: string, props: Record<string, any>): Array<{ property: string; statements: IamStatement[] }> {
    if ([TYPES.rolePolicy, TYPES.managedPolicy, TYPES.userPolicy, TYPES.groupPolicy].includes(type as never) && props.policy !== undefined) {
        return [{ property: "policy", statements: parsePolicyDocument(props.policy) }];
    }
    if (type === TYPES.role) {
        // Positions as the role declares them: an inline policy without a document still takes its index.
        return (props.inlinePolicies ?? []).flatMap((p: any, i: number) =>
            p.policy ? [{ property: `inlinePolicies[${i}].policy`, statements: parsePolicyDocument(p.policy) }] : []);
    }
    return [];
}

const DOCUMENT_TYPES = [TYPES.role, TYPES.rolePolicy, TYPES.managedPolicy, TYPES.userPolicy, TYPES.groupPolicy];

/** Calls `check` for every Allow statement of every permission document of the resource. */
function eachAllowStatement(args: ResourceValidationArgs, check: (statement: IamStatement, where: string) => void): void {
    for (const document of permissionDocuments(args.type, args.props)) {
        document.statements.forEach((statement, i) => {
            if (statement.effect === "Allow") {
                check(statement, `${document.property} ${statementLabel(statement, i)}`);
            }
        });
    }
}

/** What is wrong with one Allow action pattern, judged by what it expands to in AWS's action catalog. */
export function actionPatternProblem(action: string, allowedServiceWildcards: string[]): string | undefined {
    if (action === "*" || /^[*?]+(:[*?]*)?$/.test(action)) {
        return `allows every action of every service (${JSON.stringify(action)})`;
    }
    const service = action.split(":")[0].toLowerCase();
    if (!/[*?]/.test(action)) {
        return lookupAction(action) ? undefined : `names ${JSON.stringify(action)}, which is not an action in AWS's catalog; use the exact action name`;
    }
    const expanded = expandActionPattern(action);
    if (/[*?]/.test(service)) {
        const services = new Set(expanded.map((a) => a.service));
        return `${JSON.stringify(action)} matches actions of ${services.size} services; name the service`;
    }
    if (!isKnownService(service)) {
        return `${JSON.stringify(action)} names service ${JSON.stringify(service)}, which is not in AWS's catalog`;
    }
    const all = actionsOfService(service);
    if (expanded.length === all.length && !allowedServiceWildcards.includes(service)) {
        return `allows every ${service} action (${JSON.stringify(action)} matches all ${all.length}); list the actions the role needs`;
    }
    return undefined;
}

export const noWildcardAction: ResourceValidationPolicy = {
    name: "iam-no-wildcard-action",
    description: "IAM Allow statements name real actions: no \"*\", no pattern that matches a whole service (s3:*, s3:*Object*... as expanded against AWS's action catalog), no NotAction (Security Hub IAM.1, IAM.21; checkov CKV_AWS_63, CKV_AWS_62; cdk-nag AwsSolutions-IAM5).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "List the exact actions the role needs (see the Service Authorization Reference); build the document as a typed aws.iam.PolicyDocument.",
    configSchema: {
        properties: {
            allowedServiceWildcards: { type: "array", items: { type: "string" }, default: [], description: "Service prefixes whose \"service:*\" is accepted (e.g. \"ssmmessages\")" },
        },
    },
    validateResource: forTypes(DOCUMENT_TYPES, (args, reportViolation) => {
        const { allowedServiceWildcards } = args.getConfig<{ allowedServiceWildcards: string[] }>();
        eachAllowStatement(args, (statement, where) => {
            if (statement.notActions.length > 0) {
                reportViolation(`${where} allows everything except NotAction [${statement.notActions.join(", ")}]; list the allowed actions instead`);
            }
            for (const action of statement.actions) {
                const problem = actionPatternProblem(action, allowedServiceWildcards);
                if (problem) {
                    reportViolation(`${where} ${problem}`);
                }
            }
        });
    }),
};

/** True when every action the pattern grants supports no resource-level permission (so "*" is the only resource possible). */
export function grantsOnlyUnscopable(action: string): boolean {
    if (isUnscopedAction(action)) {
        return true;
    }
    const expanded = expandActionPattern(action);
    return expanded.length > 0 && expanded.every((a) => a.wildcardOnly);
}

export const noWildcardResource: ResourceValidationPolicy = {
    name: "iam-no-wildcard-resource",
    description: "IAM Allow statements grant a resource pattern that covers a whole service (\"*\", arn:aws:s3:::*, arn:aws:iam::<account>:*) or any account (arn:aws:kms:*:*:key/*) only for actions that support no resource scoping (Security Hub IAM.1; checkov CKV_AWS_355, CKV_AWS_290; cdk-nag AwsSolutions-IAM5).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Scope the statement to the ARNs it acts on in your account (e.g. arn:aws:ec2:<region>:<account>:instance/*); keep \"*\" only for actions that take no resource (ec2:Describe*, ssmmessages:*).",
    validateResource: forTypes(DOCUMENT_TYPES, (args, reportViolation) => {
        eachAllowStatement(args, (statement, where) => {
            if (statement.notResources.length > 0) {
                reportViolation(`${where} allows every resource except NotResource [${statement.notResources.join(", ")}]; list the resources instead`);
            }
            const broad = statement.resources.filter((r) => ["everything", "any-account"].includes(resourcePatternBreadth(r)));
            if (broad.length === 0) {
                return;
            }
            const scopable = statement.actions.filter((action) => !grantsOnlyUnscopable(action));
            if (scopable.length > 0) {
                reportViolation(`${where} grants ${scopable.join(", ")} on ${broad.join(", ")} (a whole service or any account) although ${scopable.length === 1 ? "it supports" : "they support"} resource-level permissions; name the ARNs`);
            }
        });
    }),
};

/** True when an action pattern grants iam:PassRole. */
const grantsPassRole = (action: string) => actionPatternMatches(action, "iam:PassRole");

/** Why a PassRole grant is not pinned to one named role and one receiving service, or undefined when it is. */
export function passRoleLooseness(statement: IamStatement): string[] {
    const problems: string[] = [];
    // A role ARN, or a path or name prefix of roles (role/sigma/app/*), is scoped; role/*, arn:aws:iam::<account>:* and "*" are not.
    const loose = statement.resources.filter((r) => resourcePatternBreadth(r) !== "scoped");
    if (loose.length > 0 || statement.notResources.length > 0 || statement.resources.length === 0) {
        problems.push(`lets the holder pass any role (${[...loose, ...statement.notResources].join(", ") || "no Resource"}); name the role ARN or a role path`);
    }
    if (!conditionPins(statement.condition, "iam:PassedToService")) {
        problems.push("grants iam:PassRole without an iam:PassedToService condition naming the service (a wildcard value counts as none)");
    }
    return problems;
}

export const passRoleRestricted: ResourceValidationPolicy = {
    name: "iam-passrole-restricted",
    description: "iam:PassRole (however it is matched: iam:Pass*, iam:*Role) is granted only on named role ARNs and only with a concrete iam:PassedToService condition (checkov CKV_AWS_286; cloudsplaining PassRole).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Grant iam:PassRole on the one role ARN that is passed, with Condition StringEquals iam:PassedToService (e.g. backup.amazonaws.com).",
    validateResource: forTypes(DOCUMENT_TYPES, (args, reportViolation) => {
        eachAllowStatement(args, (statement, where) => {
            if (!statement.actions.some(grantsPassRole) && statement.notActions.length === 0) {
                return;
            }
            if (statement.notActions.some(grantsPassRole)) {
                return;
            }
            for (const problem of passRoleLooseness(statement)) {
                reportViolation(`${where} ${problem}`);
            }
        });
    }),
};

/** True when the statements grant `action`; iam:PassRole counts only when it is not pinned to a named role and service. */
export function statementsGrant(statements: IamStatement[], action: string): boolean {
    return statements.some((s) => s.effect === "Allow"
        && (s.actions.some((a) => actionPatternMatches(a, action)) || (s.notActions.length > 0 && !s.notActions.some((a) => actionPatternMatches(a, action))))
        && (action.toLowerCase() !== "iam:passrole" || passRoleLooseness(s).length > 0));
}

/** The permission statements of each role, user or group in the stack: its inline policies and the policy resources attached to it. */
function documentsByPrincipal(resources: PolicyResource[]): Map<string, { label: string; statements: IamStatement[] }> {
    const byPrincipal = new Map<string, { label: string; statements: IamStatement[] }>();
    const add = (key: string, label: string, statements: IamStatement[]) => {
        const entry = byPrincipal.get(key) ?? { label, statements: [] };
        entry.statements.push(...statements);
        byPrincipal.set(key, entry);
    };
    const policies = new Map(resources.filter((r) => r.type === TYPES.managedPolicy).map((r) => [r.urn, r]));
    for (const r of resources) {
        const docs = knownOr(() => permissionDocuments(r.type, r.props), []);
        const statements = docs.flatMap((d) => d.statements);
        if (r.type === TYPES.role) {
            add(r.urn, `role "${r.name}"`, statements);
        } else if ([TYPES.rolePolicy, TYPES.userPolicy, TYPES.groupPolicy].includes(r.type as never)) {
            const owner = [...depUrns(r, "role"), ...depUrns(r, "user"), ...depUrns(r, "group")][0] ?? `${r.type}:${knownOr(() => String(r.props.role ?? r.props.user ?? r.props.group), r.name)}`;
            add(owner, `${r.type.split(":").pop()} owner of "${r.name}"`, statements);
        } else if (ATTACHMENT_TYPES.includes(r.type as never)) {
            const attached = depUrns(r, "policyArn").map((u) => policies.get(u)).filter((p): p is PolicyResource => p !== undefined);
            const owner = [...depUrns(r, "role"), ...depUrns(r, "user"), ...depUrns(r, "group")][0] ?? r.urn;
            attached.forEach((p) => add(owner, `the principal of "${r.name}"`, knownOr(() => permissionDocuments(p.type, p.props).flatMap((d) => d.statements), [])));
        } else if (r.type === TYPES.managedPolicy) {
            add(r.urn, `policy "${r.name}"`, statements);
        }
    }
    return byPrincipal;
}

export const noPrivilegeEscalation: StackValidationPolicy = {
    name: "iam-no-privilege-escalation",
    description: "No role, user, group or policy holds a privilege-escalation action set (Rhino Security Labs' methods as cloudsplaining lists them: iam:Put*Policy, iam:Attach*Policy, iam:CreatePolicyVersion, PassRole + RunInstances / Lambda, ...), counting wildcards and every policy attached to the same principal (Security Hub IAM.1; checkov CKV_AWS_286, CKV_AWS_287, CKV_AWS_289).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the IAM write actions (roles here never manage IAM), and pin iam:PassRole to one role ARN and one iam:PassedToService.",
    validateStack: (args, reportViolation) => {
        for (const [urn, { label, statements }] of documentsByPrincipal(args.resources)) {
            const methods = escalationMethods((action) => statementsGrant(statements, action));
            if (methods.length > 0) {
                reportViolation(`${label} can escalate its privileges: ${methods.join(", ")}`, urn.startsWith("urn:") ? urn : undefined);
            }
        }
    },
};

const ATTACHMENT_TYPES = [TYPES.rolePolicyAttachment, TYPES.userPolicyAttachment, TYPES.groupPolicyAttachment, TYPES.policyAttachment];

/** Why an attached managed policy ARN is admin-equivalent or cannot be judged, or undefined when it is acceptable. */
export function managedPolicyProblem(arn: string, forbidden: string[]): string | undefined {
    const name = arn.slice(arn.lastIndexOf("/") + 1);
    if (forbidden.includes(name)) {
        return `attaches ${arn}, which the policy config forbids`;
    }
    if (!/^arn:aws[\w-]*:iam::aws:policy\//.test(arn)) {
        return undefined; // a customer managed policy: its document is judged where it is defined
    }
    const document = AWS_MANAGED_POLICY_DOCUMENTS[name];
    if (!document) {
        return `attaches AWS managed policy ${arn}, which the pack has no document for, so it cannot be judged (unknown means no); grant a least-privilege inline policy instead`;
    }
    const statements = parsePolicyDocument(document.document);
    const wildcard = statements.some((s) => s.effect === "Allow" && (s.actions.some((a) => actionPatternProblem(a, []) !== undefined) || s.notActions.length > 0));
    const methods = escalationMethods((action) => statementsGrant(statements, action));
    if (wildcard || methods.length > 0) {
        return `attaches ${arn}, which is admin-equivalent (${[wildcard ? "whole-service wildcards" : "", ...methods].filter(Boolean).join(", ")})`;
    }
    return undefined;
}

export const noAdministratorAccess: ResourceValidationPolicy = {
    name: "iam-no-administrator-access",
    description: "No role, user or group gets an admin-equivalent AWS managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, ... judged from their documents), or one the pack cannot judge (Security Hub IAM.1; checkov CKV_AWS_274; cdk-nag AwsSolutions-IAM4).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the attachment and grant a least-privilege inline policy instead.",
    configSchema: {
        properties: {
            forbiddenManagedPolicies: { type: "array", items: { type: "string" }, default: ["AdministratorAccess"], description: "Names of managed policies that may not be attached, on top of the admin-equivalent ones" },
        },
    },
    validateResource: forTypes([...ATTACHMENT_TYPES, TYPES.role], (args, reportViolation) => {
        const { forbiddenManagedPolicies } = args.getConfig<{ forbiddenManagedPolicies: string[] }>();
        const arns: string[] = args.type === TYPES.role ? (args.props.managedPolicyArns ?? []) : [args.props.policyArn];
        for (const arn of arns.filter((a) => typeof a === "string")) {
            const problem = managedPolicyProblem(arn, forbiddenManagedPolicies);
            if (problem) {
                reportViolation(`${problem}; grant the least privilege the workload needs`);
            }
        }
    }),
};

/** What is wrong with a trust policy's principals; empty when every Allow statement names AWS service principals only. */
export function trustPolicyProblems(statements: IamStatement[], allowedServices: string[]): string[] {
    const problems: string[] = [];
    statements.forEach((statement, i) => {
        if (statement.effect !== "Allow") {
            return;
        }
        const where = statementLabel(statement, i);
        const principal = statement.principal;
        if (typeof principal !== "object" || principal === null) {
            problems.push(`${where} trusts ${JSON.stringify(principal ?? null)}; name the AWS service that assumes the role`);
            return;
        }
        for (const [kind, value] of Object.entries(principal as Record<string, unknown>)) {
            const names = Array.isArray(value) ? value.map(String) : [String(value)];
            if (kind !== "Service") {
                problems.push(`${where} trusts ${kind} principal(s) ${names.join(", ")}; only AWS service principals may assume Sigma roles`);
                continue;
            }
            for (const service of names) {
                if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(service) || (allowedServices.length > 0 && !allowedServices.includes(service))) {
                    problems.push(`${where} trusts service principal ${JSON.stringify(service)}, which is not ${allowedServices.length > 0 ? `one of ${allowedServices.join(", ")}` : "an AWS service"}`);
                }
            }
        }
    });
    return problems;
}

export const trustServicePrincipalsOnly: ResourceValidationPolicy = {
    name: "iam-trust-service-principals-only",
    description: "Role trust policies let only AWS service principals assume the role: no \"*\", no accounts, users or federated principals (checkov CKV_AWS_60).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set Principal to { Service: \"<service>.amazonaws.com\" } for the one service that assumes the role.",
    configSchema: {
        properties: {
            allowedServicePrincipals: { type: "array", items: { type: "string" }, default: [], description: "Service principals roles may trust; empty means any *.amazonaws.com service" },
        },
    },
    validateResource: forTypes([TYPES.role], (args, reportViolation) => {
        const { allowedServicePrincipals } = args.getConfig<{ allowedServicePrincipals: string[] }>();
        for (const problem of trustPolicyProblems(parsePolicyDocument(args.props.assumeRolePolicy), allowedServicePrincipals)) {
            reportViolation(`assumeRolePolicy ${problem}`);
        }
    }),
};

/**
 * Service principals that assume roles only for the account's own resources and send no aws:SourceAccount or
 * aws:SourceArn when they do (EC2 instance profiles: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html).
 */
export const NO_SOURCE_CONTEXT_SERVICES = ["ec2.amazonaws.com"];

export const trustConfusedDeputy: ResourceValidationPolicy = {
    name: "iam-trust-confused-deputy",
    description: "Trust policies that let an AWS service assume a role pin it to this account with a concrete aws:SourceAccount, aws:SourceArn or aws:SourceOrgID condition (confused-deputy prevention; cdk-nag AwsSolutions-IAM; AWS IAM User Guide).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Add Condition StringEquals aws:SourceAccount <account> (or ArnLike aws:SourceArn <the calling resource>) to the trust statement, as components/shared/iam.ts serviceTrustPolicy does.",
    validateResource: forTypes([TYPES.role], (args, reportViolation) => {
        parsePolicyDocument(args.props.assumeRolePolicy).forEach((statement, i) => {
            if (statement.effect !== "Allow") {
                return;
            }
            const services = principalServices(statement.principal).filter((s) => !NO_SOURCE_CONTEXT_SERVICES.includes(s));
            if (services.length > 0 && !CONFUSED_DEPUTY_KEYS.some((key) => conditionPins(statement.condition, key))) {
                reportViolation(`assumeRolePolicy ${statementLabel(statement, i)} lets ${services.join(", ")} assume the role for any account; pin aws:SourceAccount or aws:SourceArn`);
            }
        });
    }),
};

export const iamPolicies = [noWildcardAction, noWildcardResource, passRoleRestricted, noPrivilegeEscalation, noAdministratorAccess, trustServicePrincipalsOnly, trustConfusedDeputy];
