import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ELB_LOG_DELIVERY_ACCOUNTS } from "../model/elbLogDelivery";
import { ACCOUNT_PINNING_KEYS, conditionPins, isEveryonePrincipal, principalAccounts } from "../model/iamPolicyAnalysis";
import { IamStatement, parsePolicyDocument, statementLabel } from "./iamDocument";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";

/** Resource types that carry a resource-based policy, and the property that holds it. */
export const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
    [TYPES.kmsKey]: "policy",
    [TYPES.kmsKeyPolicy]: "policy",
    [TYPES.snsTopic]: "policy",
    [TYPES.snsTopicPolicy]: "policy",
    [TYPES.bucketPolicy]: "policy",
    [TYPES.bucket]: "policy",
    [TYPES.bucketV2]: "policy",
    [TYPES.backupVaultPolicy]: "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
};

/** What is wrong with one Allow statement of a resource policy: public, or a foreign account. */
export function resourceStatementProblems(statement: IamStatement, trusted: string[]): string[] {
    if (statement.effect !== "Allow") {
        return [];
    }
    const problems: string[] = [];
    const pinned = ACCOUNT_PINNING_KEYS.some((key) => conditionPins(statement.condition, key));
    if (isEveryonePrincipal(statement.principal) && !pinned) {
        problems.push(`allows everyone (Principal "*") without a condition pinning a concrete account, organisation or source`);
    }
    const foreign = principalAccounts(statement.principal).filter((a) => !trusted.includes(a));
    if (foreign.length > 0) {
        problems.push(`grants account${foreign.length === 1 ? "" : "s"} ${foreign.join(", ")}, not in trustedAccountIds`);
    }
    return problems;
}

/** The region a resource lives in (its provider's region). */
const regionOf = (r: PolicyResource) => knownOr(() => r.provider?.props?.region as string | undefined, undefined);

export const resourcePolicyPrincipals: StackValidationPolicy = {
    name: "resource-policy-principals",
    description: "Resource policies (KMS keys, SNS topics, S3 buckets, backup vaults, Lambda permissions, queues) grant no one outside the trusted accounts and nothing to everyone unless a concrete condition pins the caller (Security Hub S3.2, S3.3, SNS.4, Lambda.1, KMS.5; checkov CKV_AWS_70, CKV_AWS_169, CKV_AWS_301).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Name your own account (and the DR account) in trustedAccountIds, grant services by service principal with aws:SourceAccount/aws:SourceArn, and never Principal \"*\" without aws:PrincipalOrgID or aws:SourceArn.",
    configSchema: {
        properties: {
            trustedAccountIds: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [], description: "AWS account ids resource policies may grant (your prod, DR and dev accounts); empty trusts none" },
        },
    },
    validateStack: (args, reportViolation) => {
        const { trustedAccountIds } = args.getConfig<{ trustedAccountIds: string[] }>();
        for (const r of args.resources) {
            const property = RESOURCE_POLICY_PROPERTIES[r.type];
            if (r.type === TYPES.lambdaPermission) {
                lambdaPermissionProblems(r, trustedAccountIds).forEach((p) => reportViolation(`Lambda permission "${r.name}" ${p}`, r.urn));
                continue;
            }
            const document = property === undefined ? undefined : knownOr(() => r.props[property], undefined);
            if (document === undefined || document === null || document === "") {
                continue;
            }
            // The ELB log delivery account of the bucket's region may write access logs (AWS's documented bucket policy).
            const region = regionOf(r);
            const elb = [TYPES.bucketPolicy, TYPES.bucket, TYPES.bucketV2].includes(r.type as never) && region ? [ELB_LOG_DELIVERY_ACCOUNTS[region]].filter(Boolean) : [];
            let statements: IamStatement[];
            try {
                statements = parsePolicyDocument(document);
            } catch (err) {
                reportViolation(`${r.type.split(":").pop()} "${r.name}" ${property} cannot be read (${(err as Error).message}); unknown means no`, r.urn);
                continue;
            }
            statements.forEach((statement, i) => {
                const trusted = [...trustedAccountIds, ...(statement.actions.every((a) => a === "s3:PutObject") ? elb : [])];
                for (const problem of resourceStatementProblems(statement, trusted)) {
                    reportViolation(`${r.type.split(":").pop()} "${r.name}" ${property} ${statementLabel(statement, i)} ${problem}`, r.urn);
                }
            });
        }
    },
};

/**
 * What is wrong with a Lambda permission: a public or foreign principal, a service principal without sourceArn or
 * sourceAccount (https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html), or a function URL
 * permission with auth type NONE (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
 */
export function lambdaPermissionProblems(permission: PolicyResource, trusted: string[]): string[] {
    const p = knownOr(() => permission.props, {} as Record<string, any>);
    const principal = String(p.principal);
    const problems: string[] = [];
    if (principal === "*") {
        if (!p.sourceAccount && !p.principalOrgId) {
            problems.push("lets everyone (principal \"*\") invoke the function with no sourceAccount or principalOrgId pinning the caller");
        }
    } else if (/^\d{12}$/.test(principal) || principal.startsWith("arn:")) {
        const account = /^\d{12}$/.test(principal) ? principal : principal.split(":")[4];
        if (!trusted.includes(account)) {
            problems.push(`lets account ${account} invoke the function, which is not in trustedAccountIds`);
        }
    } else if (principal.endsWith(".amazonaws.com") && !p.sourceArn && !p.sourceAccount) {
        problems.push(`lets ${principal} invoke the function on behalf of any account; set sourceArn (the rule, bucket or topic) or sourceAccount`);
    }
    if (String(p.functionUrlAuthType).toUpperCase() === "NONE") {
        problems.push("opens the function URL without authentication (functionUrlAuthType NONE); use AWS_IAM");
    }
    return problems;
}
