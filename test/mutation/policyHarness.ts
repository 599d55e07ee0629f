import { evaluatePolicies } from "../../offline/check/policyCheck";
import { FixtureResource, fixtureSynth, fixtureUrn } from "../policy/policyFixtures";

/** One fixture resource; `deps` names other fixture resources by name. */
export const res = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<FixtureResource> = {}): FixtureResource => ({ type, name, inputs, ...extra });

/** The messages (with the URN each names) one policy reports over the fixture resources, in the order it reports them. */
export async function violationsOf(policy: string, resources: FixtureResource[], config: Record<string, unknown> = {}, region?: string): Promise<Array<{ message: string; urn: string }>> {
    const report = await evaluatePolicies(fixtureSynth(resources, { region }), { config: { all: "disabled", [policy]: { enforcementLevel: "mandatory", ...config } } });
    for (const v of report.violations) {
        if (v.policy !== policy) {
            throw new Error(`policy ${v.policy} reported although only ${policy} is enabled: ${v.message}`);
        }
    }
    return report.violations.map((v) => ({ message: v.message, urn: v.urn }));
}

/** Only the messages. */
export async function messagesOf(policy: string, resources: FixtureResource[], config: Record<string, unknown> = {}, region?: string): Promise<string[]> {
    return (await violationsOf(policy, resources, config, region)).map((v) => v.message);
}

export { fixtureUrn };
