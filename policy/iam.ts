import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { actionPatternMatches } from "../model/iamActions";
import { forTypes } from "./forTypes";
import { conditionTests, IamStatement, parsePolicyDocument, statementLabel } from "./iamDocument";
import { TYPES } from "./resourceTypes";
import { isUnscopedAction } from "./unscopedActions";

/** The permission documents (not trust policies) a resource carries, each with the property it came from. */
export function permissionDocuments(type: string, props: Record<string, any>): Array<{ property: string; statements: IamStatement[] }> {
    if ([TYPES.rolePolicy, TYPES.managedPolicy, TYPES.userPolicy, TYPES.groupPolicy].includes(type as never) && props.policy !== undefined) {
        return [{ property: "policy", statements: parsePolicyDocument(props.policy) }];
    }
    if (type === TYPES.role) {
        return (props.inlinePolicies ?? []).filter((p: any) => p.policy).map((p: any, i: number) =>
            ({ property: `inlinePolicies[${i}].policy`, statements: parsePolicyDocument(p.policy) }));
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

export const noWildcardAction: ResourceValidationPolicy = {
    name: "iam-no-wildcard-action",
    description: "IAM Allow statements name their actions: no \"*\", no \"service:*\", no NotAction (checkov CKV_AWS_63, CKV_AWS_62; cdk-nag AwsSolutions-IAM5).",
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
                const service = action.split(":")[0];
                if (action === "*") {
                    reportViolation(`${where} allows every action ("*"); list the actions the role needs`);
                } else if (action.endsWith(":*") && !allowedServiceWildcards.includes(service)) {
                    reportViolation(`${where} allows every ${service} action ("${action}"); list the actions the role needs`);
                }
            }
        });
    }),
};

export const noWildcardResource: ResourceValidationPolicy = {
    name: "iam-no-wildcard-resource",
    description: "IAM Allow statements grant \"*\" resources only for actions that support no resource scoping (checkov CKV_AWS_355; cdk-nag AwsSolutions-IAM5).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Scope the statement to the ARNs it acts on (e.g. arn:aws:ec2:<region>:<account>:instance/*); keep \"*\" only for actions listed in policy/unscopedActions.ts.",
    validateResource: forTypes(DOCUMENT_TYPES, (args, reportViolation) => {
        eachAllowStatement(args, (statement, where) => {
            if (statement.notResources.length > 0) {
                reportViolation(`${where} allows every resource except NotResource [${statement.notResources.join(", ")}]; list the resources instead`);
            }
            if (!statement.resources.includes("*")) {
                return;
            }
            const scopable = statement.actions.filter((action) => !isUnscopedAction(action));
            if (scopable.length > 0) {
                reportViolation(`${where} grants ${scopable.join(", ")} on "*" although ${scopable.length === 1 ? "it supports" : "they support"} resource-level permissions; name the ARNs`);
            }
        });
    }),
};

/** True when an action pattern grants iam:PassRole. */
const grantsPassRole = (action: string) => actionPatternMatches(action, "iam:PassRole");

export const passRoleRestricted: ResourceValidationPolicy = {
    name: "iam-passrole-restricted",
    description: "iam:PassRole is granted only on named role ARNs and only with an iam:PassedToService condition (guards the privilege escalation checkov CKV_AWS_286 looks for).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Grant iam:PassRole on the one role ARN that is passed, with Condition StringEquals iam:PassedToService (e.g. backup.amazonaws.com).",
    validateResource: forTypes(DOCUMENT_TYPES, (args, reportViolation) => {
        eachAllowStatement(args, (statement, where) => {
            if (!statement.actions.some(grantsPassRole)) {
                return;
            }
            const wildcardRoles = statement.resources.filter((r) => r === "*" || /:role\/\*$/.test(r));
            if (wildcardRoles.length > 0 || statement.notResources.length > 0) {
                reportViolation(`${where} lets the holder pass any role (${[...wildcardRoles, ...statement.notResources].join(", ")}); name the role ARN`);
            }
            if (!conditionTests(statement, "iam:PassedToService")) {
                reportViolation(`${where} grants iam:PassRole without an iam:PassedToService condition; limit it to the service that receives the role`);
            }
        });
    }),
};

const ATTACHMENT_TYPES = [TYPES.rolePolicyAttachment, TYPES.userPolicyAttachment, TYPES.groupPolicyAttachment, TYPES.policyAttachment];

export const noAdministratorAccess: ResourceValidationPolicy = {
    name: "iam-no-administrator-access",
    description: "No role, user or group gets the AdministratorAccess managed policy (or another forbidden one) (checkov CKV_AWS_274; cdk-nag AwsSolutions-IAM4).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the attachment and grant a least-privilege inline policy instead.",
    configSchema: {
        properties: {
            forbiddenManagedPolicies: { type: "array", items: { type: "string" }, default: ["AdministratorAccess"], description: "Names of AWS managed policies that may not be attached" },
        },
    },
    validateResource: forTypes([...ATTACHMENT_TYPES, TYPES.role], (args, reportViolation) => {
        const { forbiddenManagedPolicies } = args.getConfig<{ forbiddenManagedPolicies: string[] }>();
        const arns: string[] = args.type === TYPES.role ? (args.props.managedPolicyArns ?? []) : [args.props.policyArn];
        for (const arn of arns.filter((a) => typeof a === "string")) {
            const name = arn.split("/").pop() ?? "";
            if (forbiddenManagedPolicies.includes(name)) {
                reportViolation(`attaches ${arn}, which grants full control of the account; grant the least privilege the workload needs`);
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
        if (principal === "*" || typeof principal !== "object" || principal === null) {
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

export const iamPolicies = [noWildcardAction, noWildcardResource, passRoleRestricted, noAdministratorAccess, trustServicePrincipalsOnly];
