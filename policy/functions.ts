import { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes } from "./forTypes";
import { TYPES } from "./resourceTypes";

/** Environment variable names that say they hold a secret (checkov CKV_AWS_45's idea, by name). */
const SECRET_NAME = /(secret|passw(or)?d|pwd|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)/i;
/** Values that are themselves credentials: AWS access key ids, PEM private keys. */
const SECRET_VALUE = /(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** A value that points at a secret store instead of holding the secret. */
const REFERENCE_VALUE = /^(arn:aws[\w-]*:(secretsmanager|ssm|kms):|\/|\{\{resolve:)/;

/** Environment variables of a Lambda function that hold a secret in clear text. */
export function secretEnvironmentVariables(variables: Record<string, unknown> | undefined): string[] {
    return Object.entries(variables ?? {}).filter(([name, value]) => {
        const text = String(value ?? "");
        return SECRET_VALUE.test(text) || (SECRET_NAME.test(name) && text !== "" && !REFERENCE_VALUE.test(text));
    }).map(([name]) => name);
}

export const lambdaNoSecretsInEnvironment: ResourceValidationPolicy = {
    name: "lambda-no-secrets-in-environment",
    description: "Lambda environment variables hold no secrets (credential-shaped values, or secret-named variables with a literal value); they reference Secrets Manager or SSM instead (checkov CKV_AWS_45; cdk-nag LambdaSecrets).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in Secrets Manager or an SSM SecureString and pass its ARN or parameter name; read it at run time.",
    validateResource: forTypes([TYPES.lambdaFunction], (args, reportViolation) => {
        for (const name of secretEnvironmentVariables(args.props.environment?.variables)) {
            reportViolation(`environment variable ${name} holds a secret in clear text (anyone with lambda:GetFunctionConfiguration reads it); pass a Secrets Manager or SSM reference`);
        }
    }),
};

export const lambdaUrlAuthenticated: ResourceValidationPolicy = {
    name: "lambda-function-url-authenticated",
    description: "Lambda function URLs require IAM authentication: no authorizationType NONE (Security Hub Lambda.1; cdk-nag AwsSolutions-L1 family).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set authorizationType to AWS_IAM, or remove the function URL; the restore function is invoked by operators with IAM credentials.",
    validateResource: forTypes([TYPES.lambdaFunctionUrl], (args, reportViolation) => {
        if (String(args.props.authorizationType ?? "").toUpperCase() !== "AWS_IAM") {
            reportViolation(`authorizationType ${JSON.stringify(args.props.authorizationType ?? null)} lets anyone on the internet invoke the function; use AWS_IAM`);
        }
    }),
};

export const databaseHardened: ResourceValidationPolicy = {
    name: "rds-hardened",
    description: "RDS instances and clusters are encrypted, not publicly accessible, deletion-protected and backed up (Security Hub RDS.2, RDS.3, RDS.8, RDS.11; checkov CKV_AWS_16, CKV_AWS_17, CKV_AWS_293, CKV_AWS_133).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set storageEncrypted: true, publiclyAccessible: false, deletionProtection: true and backupRetentionPeriod >= 7.",
    validateResource: forTypes([TYPES.rdsInstance, TYPES.rdsCluster, TYPES.rdsClusterInstance], (args, reportViolation) => {
        const p = args.props;
        if (p.publiclyAccessible === true) {
            reportViolation("publiclyAccessible is true: the database gets a public endpoint; set it to false");
        }
        if (args.type === TYPES.rdsClusterInstance) {
            return;
        }
        if (p.storageEncrypted !== true) {
            reportViolation("storageEncrypted is not true: data, snapshots and replicas are stored unencrypted");
        }
        if (p.deletionProtection !== true) {
            reportViolation("deletionProtection is not true: one delete call destroys the database");
        }
        const retention = Number(p.backupRetentionPeriod ?? (args.type === TYPES.rdsCluster ? 1 : 0));
        if (!(retention >= 7)) {
            reportViolation(`backupRetentionPeriod ${retention} keeps automated backups under 7 days; set at least 7`);
        }
    }),
};

export const functionPolicies = [lambdaNoSecretsInEnvironment, lambdaUrlAuthenticated, databaseHardened];
