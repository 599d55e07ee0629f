import * as fs from "fs";
import * as path from "path";
import {
    FailureRouting, ResourceIdentity, routeFailures, RoutingResource, SampleEvents, sampleIds,
} from "../../model/notificationRouting";
import { REPOSITORY_ROOT } from "../cliArgs";
import { MOCK_ACCOUNT_ID, SigmaMocks } from "../synth/mockRuntime";
import { SynthResult } from "../synth/synthesize";
import { StackResources } from "./stackResources";

/**
 * Where AWS's sample events live: model/awsSampleEvents/<id>.json, each { source, retrieved, note, event }. The plan reads
 * them as data (the same files the routing tests use), so the plan and the tests route the same events.
 */
export const SAMPLE_EVENTS_DIR = path.join(REPOSITORY_ROOT, "model", "awsSampleEvents");

/** The sample events the failure classes need, read from `dir`; a missing one is an error naming the file. */
export function loadSampleEvents(dir: string = SAMPLE_EVENTS_DIR): SampleEvents {
    const samples: SampleEvents = {};
    for (const id of sampleIds()) {
        const file = path.join(dir, `${id}.json`);
        if (!fs.existsSync(file)) {
            throw new Error(`the failure routing needs AWS's sample event ${path.relative(REPOSITORY_ROOT, file)}, which is missing`);
        }
        samples[id] = (JSON.parse(fs.readFileSync(file, "utf8")) as { event: Record<string, unknown> }).event;
    }
    return samples;
}

/**
 * Names, ARNs and ids as the offline synth answered them: each registration replayed through the same mocks
 * (offline/synth/mockRuntime.ts SigmaMocks.newResource), which derive them from the type, name, inputs and provider.
 */
export function mockIdentities(synth: SynthResult, region: string): (resource: RoutingResource) => ResourceIdentity {
    const mocks = new SigmaMocks({ project: synth.project, stack: synth.stack, region });
    const identities = new Map<string, ResourceIdentity>();
    const providers = synth.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    for (const p of providers) {
        mocks.newResource({ type: p.type, name: p.name, inputs: p.inputs, custom: true });
    }
    for (const r of synth.resources) {
        if (!r.type.startsWith("aws:")) {
            continue;
        }
        let answer: { id: string | undefined; state: Record<string, any> };
        try {
            answer = mocks.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true, provider: r.provider ? `${r.provider}::id` : undefined });
        } catch {
            // A mock that cannot answer from the redacted inputs (a secret where it parses JSON) leaves the resource unnamed.
            continue;
        }
        const { id, state } = answer;
        const name = typeof state.name === "string" ? state.name : typeof state.bucket === "string" ? state.bucket : undefined;
        identities.set(r.urn, { id, arn: typeof state.arn === "string" ? state.arn : undefined, name });
    }
    return (resource) => identities.get(resource.urn) ?? {};
}

/** Where each failure class of the stack goes, as the offline synth deploys it. */
export function failureRouting(synth: SynthResult, samples: SampleEvents = loadSampleEvents()): FailureRouting[] {
    const region = new StackResources(synth).stackRegion;
    return routeFailures(synth, samples, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) });
}

const STATUS: Record<FailureRouting["status"], string> = { "delivered": "delivered", "not-delivered": "NOT DELIVERED", "not-applicable": "not applicable" };

/** The "Failure routing" section of the text plan: each class, where it goes, or the first broken link. */
export function failureRoutingLines(routing: FailureRouting[]): string[] {
    const delivered = routing.filter((r) => r.status === "delivered").length;
    const missed = routing.filter((r) => r.status === "not-delivered").length;
    const lines = [`Failure routing (${delivered} delivered, ${missed} not delivered, ${routing.length - delivered - missed} not applicable)`];
    for (const cls of routing) {
        lines.push(`  ${STATUS[cls.status]}: ${cls.title}${cls.status === "not-applicable" ? ` (${cls.reason})` : ""}`);
        for (const subject of cls.subjects) {
            if (subject.delivered) {
                const path = subject.attempts.find((a) => a.broken === undefined && a.endpoints.length > 0);
                lines.push(`    ${subject.subject}: ${path ? path.links.join(" -> ") : subject.endpoints.map((e) => `${e.protocol} ${e.endpoint}`).join(", ")}`);
            } else {
                lines.push(`    ${subject.subject}: BROKEN ${subject.brokenLink ?? "no route"}`);
            }
        }
    }
    return lines;
}
