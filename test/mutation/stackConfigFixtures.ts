import * as assert from "assert";
import { ConfigError, mapConfigSource, parseConfig, StackConfig } from "../../stacks/config";

// Shared by the stack-config mutation tests: a minimal valid config per topology, and parse/refusal helpers.

export const REGION = "ap-southeast-1";
export const KEY_ARN = `arn:aws:kms:${REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const MRK_ARN = `arn:aws:kms:${REGION}:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab`;
export const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
export const BREAK_GLASS = "arn:aws:iam::123456789012:role/sigma-break-glass";
export const CERT = `arn:aws:acm:${REGION}:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef`;
export const DEV: Record<string, string> = {
    "aws:region": REGION,
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
};
export const PROD: Record<string, string> = {
    "aws:region": REGION,
    "sigma:topology": "multi-az",
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:certificateArn": CERT,
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
    "sigma:breakGlassRoleArn": BREAK_GLASS,
};
export const DR: Record<string, string> = {
    "aws:region": "ap-southeast-2",
    "sigma:topology": "dr-region",
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
    "sigma:breakGlassRoleArn": BREAK_GLASS,
};

/** Values as the runtime holds them: strings as they are, anything else as JSON; undefined unsets the key. */
function source(base: Record<string, string>, extra: Record<string, unknown>, secretKeys: string[] = []) {
    const values: Record<string, string | undefined> = { ...base };
    for (const [key, value] of Object.entries(extra)) {
        values[key] = value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
    }
    return mapConfigSource(values, { stack: base === PROD ? "prod" : base === DR ? "dr" : "dev", secretKeys });
}

export const parse = (base: Record<string, string>, extra: Record<string, unknown> = {}, secretKeys: string[] = []): StackConfig => parseConfig(source(base, extra, secretKeys));

/** The problem lines of a refused config; fails when it parses or throws anything but a ConfigError. */
export function problems(base: Record<string, string>, extra: Record<string, unknown>, secretKeys: string[] = []): string[] {
    try {
        parse(base, extra, secretKeys);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`);
        assert.strictEqual(err.message, `Invalid stack configuration (${err.problems.length} problem${err.problems.length === 1 ? "" : "s"}):\n  - ${err.problems.join("\n  - ")}`);
        return err.problems;
    }
    assert.fail(`accepted ${JSON.stringify(extra)}`);
}

