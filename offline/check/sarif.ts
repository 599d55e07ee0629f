/**
 * The policy check as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) for
 * GitHub code scanning (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * one run per stack, one rule per policy, one result per violation located at the resource, waived violations with
 * an external suppression, unusable waivers as errors at the policy config file.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as Sarif from "sarif";
import { Policies } from "@pulumi/policy";
import { PolicyReport, PolicyViolation } from "./policyCheck";
import { InvalidWaiver } from "./waivers";

/** The SARIF version written, and the schema it validates against (test/fixtures/sarif/sarif-schema-2.1.0.json). */
export const SARIF_VERSION = "2.1.0" as const;
export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The rule under which an unusable waiver (expired, no reason, a bad date) is reported. */
export const WAIVER_RULE_ID = "sigma-guard-waiver-valid";

/**
 * GitHub ranks code-scanning alerts by the rule's `security-severity` (a score 0.0-10.0: over 9.0 critical, 7.0-8.9
 * high, 4.0-6.9 medium, 0.1-3.9 low; see the GitHub page above, "reportingDescriptor object").
 */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" };

/** Ids of the public controls a policy implements: checkov (CKV_AWS_n, CKV2_AWS_n) and cdk-nag (AwsSolutions-Xn) ids it names. */
export function controlIdsOf(policy: Policies[number]): string[] {
    const declared = (policy as { controls?: unknown }).controls;
    if (Array.isArray(declared) && declared.every((c) => typeof c === "string")) {
        return [...declared];
    }
    return [...new Set(policy.description.match(/\b(?:CKV2?_AWS_\d+|AwsSolutions-[A-Za-z]+\d+)\b/g) ?? [])];
}

/** Where a component type is defined: the file and line of `super("<type>"` under components/. */
export type ComponentSources = Map<string, { file: string; line: number }>;

/** Indexes every ComponentResource type token registered under `projectDir`/components by its constructor's super call. */
export function componentSources(projectDir: string): ComponentSources {
    const sources: ComponentSources = new Map();
    const walk = (dir: string) => {
        if (!fs.existsSync(dir)) {
            return;
        }
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(file);
            } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
                fs.readFileSync(file, "utf8").split("\n").forEach((text, i) => {
                    const token = /\bsuper\(\s*"([^"]+:[^"]+:[^"]+)"/.exec(text)?.[1];
                    if (token && !sources.has(token)) {
                        sources.set(token, { file: path.relative(projectDir, file).split(path.sep).join("/"), line: i + 1 });
                    }
                });
            }
        }
    };
    walk(path.join(projectDir, "components"));
    return sources;
}

/** The type chain of a URN, outermost parent first: urn:pulumi:<stack>::<project>::<parent$...$type>::<name>. */
export function urnTypeChain(urn: string): string[] {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts[2].split("$") : [];
}

/**
 * The file a result points at: the source of the nearest component the resource belongs to (or is), else the
 * stack's Pulumi.<stack>.yaml, line 1.
 */
export function physicalLocationOf(urn: string, stack: string, sources: ComponentSources): Sarif.PhysicalLocation {
    const chain = urnTypeChain(urn);
    for (const type of [...chain].reverse()) {
        const source = sources.get(type);
        if (source) {
            return { artifactLocation: { uri: source.file, uriBaseId: "%SRCROOT%" }, region: { startLine: source.line } };
        }
    }
    return { artifactLocation: { uri: `Pulumi.${stack}.yaml`, uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } };
}

const levelOf = (enforcementLevel: string): Sarif.Result.level =>
    enforcementLevel === "mandatory" || enforcementLevel === "remediate" ? "error" : enforcementLevel === "advisory" ? "warning" : "none";

const fingerprint = (...parts: string[]) => createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);

function rulesOf(policies: Policies, report: PolicyReport): Sarif.ReportingDescriptor[] {
    const rules: Sarif.ReportingDescriptor[] = policies.map((policy) => {
        const level = report.policyLevels[policy.name] ?? policy.enforcementLevel ?? "advisory";
        const controls = controlIdsOf(policy);
        return {
            id: policy.name,
            shortDescription: { text: policy.description },
            help: { text: policy.remediationSteps ?? policy.description },
            defaultConfiguration: { level: levelOf(level), enabled: level !== "disabled" },
            properties: {
                enforcementLevel: level, severity: policy.severity ?? "low", controls,
                "security-severity": SECURITY_SEVERITY[policy.severity ?? "low"], tags: ["security", "pulumi-crossguard", ...controls],
            },
        };
    });
    rules.push({
        id: WAIVER_RULE_ID,
        shortDescription: { text: "Every waiver in the stack's policy config names a resource, gives a reason and has not expired." },
        help: { text: "Fix the waived violation and remove the waiver, or renew it with a reason and a new expires date (YYYY-MM-DD) in policy/config/<stack>.json." },
        defaultConfiguration: { level: "error", enabled: true },
        properties: { enforcementLevel: "mandatory", severity: "high", controls: [], "security-severity": SECURITY_SEVERITY.high, tags: ["security", "pulumi-crossguard"] },
    });
    return rules;
}

function violationResult(v: PolicyViolation, report: PolicyReport, ruleIndex: number, sources: ComponentSources): Sarif.Result {
    const stackUrn = `urn:pulumi:${report.stack}::${report.project}::pulumi:pulumi:Stack::${report.project}-${report.stack}`;
    const urn = v.urn || stackUrn;
    const result: Sarif.Result = {
        ruleId: v.policy,
        ruleIndex,
        kind: "fail",
        level: levelOf(v.enforcementLevel),
        message: { text: v.message },
        locations: [{
            physicalLocation: physicalLocationOf(v.urn, report.stack, sources),
            logicalLocations: [{ fullyQualifiedName: urn, name: urn.split("::").slice(3).join("::"), kind: "resource" }],
        }],
        partialFingerprints: { "sigmaGuardViolation/v1": fingerprint(v.policy, urn, v.message) },
        properties: { enforcementLevel: v.enforcementLevel, severity: v.severity, urn, stack: report.stack },
    };
    if (v.waiver) {
        result.suppressions = [{
            kind: "external", status: "accepted", justification: v.waiver.reason,
            properties: { expires: v.waiver.expires, resource: v.waiver.resource },
        }];
    }
    return result;
}

function invalidWaiverResult(invalid: InvalidWaiver, report: PolicyReport, ruleIndex: number, configFile: string | undefined): Sarif.Result {
    const { waiver } = invalid;
    return {
        ruleId: WAIVER_RULE_ID,
        ruleIndex,
        kind: "fail",
        level: "error",
        message: { text: `${invalid.expired ? "expired" : "invalid"} waiver of ${waiver.policy} for ${waiver.resource || "(no resource)"}: ${invalid.problems.join("; ")}` },
        locations: [{
            physicalLocation: { artifactLocation: { uri: configFile ?? `policy/config/${report.stack}.json`, uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
            logicalLocations: [{ fullyQualifiedName: waiver.resource || report.stack, kind: "resource" }],
        }],
        partialFingerprints: { "sigmaGuardWaiver/v1": fingerprint(waiver.policy, waiver.resource, waiver.expires) },
        properties: { policy: waiver.policy, resource: waiver.resource, reason: waiver.reason, expires: waiver.expires, expired: invalid.expired, stack: report.stack },
    };
}

/** One checked stack: its report and the policy config file it ran under (repository-relative, forward slashes). */
export interface CheckedStack {
    report: PolicyReport;
    configFile?: string;
}

/** The SARIF log of one or more checked stacks: one run each (automationDetails.id = sigma-guard/<stack>/). */
export function toSarif(checked: readonly CheckedStack[], policies: Policies, projectDir: string, packVersion: string): Sarif.Log {
    const sources = componentSources(projectDir);
    return {
        $schema: SARIF_SCHEMA_URI,
        version: SARIF_VERSION,
        runs: checked.map(({ report, configFile }) => {
            const rules = rulesOf(policies, report);
            const indexOf = (id: string) => rules.findIndex((r) => r.id === id);
            return {
                tool: { driver: { name: report.policyPack, version: packVersion, informationUri: "https://www.pulumi.com/docs/iac/packages-and-automation/crossguard/", rules } },
                automationDetails: { id: `${report.policyPack}/${report.stack}/` },
                invocations: [{ executionSuccessful: true }],
                results: [
                    ...report.violations.map((v) => violationResult(v, report, indexOf(v.policy), sources)),
                    ...report.invalidWaivers.map((i) => invalidWaiverResult(i, report, indexOf(WAIVER_RULE_ID), configFile)),
                ],
                properties: {
                    stack: report.stack, project: report.project, resourceCount: report.resourceCount,
                    counts: { ...report.counts, waived: report.violations.filter((v) => v.waiver).length },
                },
            };
        }),
    };
}
