import * as assert from "assert";

/** The smallest valid single-az (dev) stack config, as the Pulumi runtime hands config over (`namespace:key` -> text). */
export const SINGLE_AZ_CONFIG: Readonly<Record<string, string>> = {
    "aws:region": "ap-southeast-1",
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
};

/** Config values as text: a string stays as written, anything else is JSON (what `pulumi config set --path` stores). */
export function configText(values: Record<string, unknown>): Record<string, string | undefined> {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === undefined || typeof value === "string" ? value : JSON.stringify(value)]));
}

/**
 * The problems `parse` is refused with; the test fails when it parses. `configError` is the caller's ConfigError: a
 * synth earlier in the same mocha worker may have loaded stacks/ again, and an error is an instance of its own copy.
 */
export function refusedProblems(parse: () => unknown, configError: abstract new (...args: any[]) => { problems: string[] }): string[] {
    try {
        parse();
    } catch (error) {
        if (error instanceof configError) {
            return error.problems;
        }
        throw error;
    }
    return assert.fail("the config parsed");
}
