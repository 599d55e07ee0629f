/**
 * An IAM role ARN: arn:<partition>:iam::<account>:role/<path><name>. Role names are 1-64 of letters, digits and
 * + = , . @ _ -; a path is / or /segments/ (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). No * or ?: the ARN is compared with
 * ArnNotEquals, where they would be wildcards and exempt every matching role from the deny.
 */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/((?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;

export const BREAK_GLASS_ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/sigma-break-glass";

/** Why `value` cannot name the break-glass role, or undefined. */
export function breakGlassRoleArnProblem(value: string): string | undefined {
    if (/[*?]/.test(value)) {
        return `contains a wildcard (* or ?), which would exempt every matching principal from the deny; name one role, e.g. ${BREAK_GLASS_ROLE_EXAMPLE}`;
    }
    if (/:assumed-role\//.test(value)) {
        return `is a session ARN; name the role itself, e.g. ${value.replace(/:sts::/, ":iam::").replace(/assumed-role\/([^/]+)\/.*$/, "role/$1")}`;
    }
    if (/:root$/.test(value) || /:user\//.test(value)) {
        return `is not a role; break-glass must be an IAM role that people assume under MFA, e.g. ${BREAK_GLASS_ROLE_EXAMPLE}`;
    }
    return ROLE_ARN.test(value) ? undefined : `is not an IAM role ARN; use arn:aws:iam::<account>:role/<name>, e.g. ${BREAK_GLASS_ROLE_EXAMPLE}`;
}

/** The account of a break-glass role ARN already accepted by breakGlassRoleArnProblem. */
export function breakGlassAccount(value: string): string | undefined {
    return ROLE_ARN.exec(value)?.[2];
}
