/**
 * The policy check as JUnit XML for CI test reports (the de-facto schema of Ant's JUnit task, as read by Jenkins,
 * GitLab and GitHub test reporters: https://github.com/testmoapp/junitxml): one <testsuite> per stack and policy, one
 * <testcase> per resource the policy judged, a <failure> per unwaived violation, <skipped> for a waived one.
 */
import { Policies } from "@pulumi/policy";
import { PolicyReport, PolicyViolation } from "./policyCheck";
import { CheckedStack, WAIVER_RULE_ID } from "./sarif";

/** Escapes text for an XML attribute or text node (XML 1.0: &, <, >, quotes; control characters other than tab/LF/CR dropped). */
export function xmlEscape(text: string): string {
    return text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
        .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const attrs = (values: Record<string, string | number>) => Object.entries(values).map(([k, v]) => `${k}="${xmlEscape(String(v))}"`).join(" ");

interface Case {
    name: string;
    classname: string;
    failures: PolicyViolation[];
    waived: PolicyViolation[];
    /** A failure that is not a violation of a resource (an unusable waiver). */
    extraFailures: Array<{ message: string; type: string; body: string }>;
}

function casesOf(report: PolicyReport, policy: string): Case[] {
    const cases = new Map<string, Case>();
    const caseFor = (urn: string) => {
        const name = urn || `(stack ${report.stack})`;
        let c = cases.get(name);
        if (!c) {
            c = { name, classname: `${report.policyPack}.${report.stack}.${policy}`, failures: [], waived: [], extraFailures: [] };
            cases.set(name, c);
        }
        return c;
    };
    for (const judgement of report.judged.filter((j) => j.policy === policy)) {
        caseFor(judgement.urn);
    }
    for (const v of report.violations.filter((x) => x.policy === policy)) {
        (v.waiver ? caseFor(v.urn).waived : caseFor(v.urn).failures).push(v);
    }
    return [...cases.values()];
}

function caseXml(c: Case): string {
    const lines = [`    <testcase ${attrs({ name: c.name, classname: c.classname, time: 0 })}>`];
    const counted = c.failures.filter((f) => f.enforcementLevel === "mandatory");
    for (const f of c.failures) {
        if (f.enforcementLevel === "mandatory") {
            lines.push(`      <failure ${attrs({ message: f.message, type: `${f.enforcementLevel}/${f.severity}` })}>${xmlEscape(`${f.message}\n${f.remediationSteps ?? ""}`.trim())}</failure>`);
        }
    }
    for (const f of c.extraFailures) {
        lines.push(`      <failure ${attrs({ message: f.message, type: f.type })}>${xmlEscape(f.body)}</failure>`);
    }
    if (counted.length === 0 && c.extraFailures.length === 0 && c.waived.length > 0) {
        const w = c.waived[0].waiver!;
        lines.push(`      <skipped ${attrs({ message: `waived until ${w.expires}: ${w.reason}` })}/>`);
    }
    const advisory = c.failures.filter((f) => f.enforcementLevel !== "mandatory");
    if (advisory.length > 0) {
        lines.push(`      <system-out>${xmlEscape(advisory.map((f) => `[advisory] ${f.message}`).join("\n"))}</system-out>`);
    }
    lines.push("    </testcase>");
    return lines.join("\n");
}

function suiteXml(name: string, cases: Case[], properties: Record<string, string>): string {
    const failures = cases.filter((c) => c.failures.some((f) => f.enforcementLevel === "mandatory") || c.extraFailures.length > 0).length;
    const skipped = cases.filter((c) => !c.failures.some((f) => f.enforcementLevel === "mandatory") && c.extraFailures.length === 0 && c.waived.length > 0).length;
    return [
        `  <testsuite ${attrs({ name, tests: cases.length, failures, errors: 0, skipped, time: 0 })}>`,
        "    <properties>",
        ...Object.entries(properties).map(([k, v]) => `      <property ${attrs({ name: k, value: v })}/>`),
        "    </properties>",
        ...cases.map(caseXml),
        "  </testsuite>",
    ].join("\n");
}

/**
 * The JUnit XML of one or more checked stacks. Advisory violations do not fail a case (the check passes on them);
 * they are written to the case's system-out. A case with both a waived and an unwaived mandatory violation fails.
 */
export function toJunit(checked: readonly CheckedStack[], policies: Policies): string {
    const suites: string[] = [];
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    const count = (cases: Case[]) => {
        tests += cases.length;
        failures += cases.filter((c) => c.failures.some((f) => f.enforcementLevel === "mandatory") || c.extraFailures.length > 0).length;
        skipped += cases.filter((c) => !c.failures.some((f) => f.enforcementLevel === "mandatory") && c.extraFailures.length === 0 && c.waived.length > 0).length;
    };
    for (const { report, configFile } of checked) {
        for (const policy of policies) {
            const level = report.policyLevels[policy.name] ?? policy.enforcementLevel ?? "advisory";
            if (level === "disabled") {
                continue;
            }
            const cases = casesOf(report, policy.name);
            count(cases);
            suites.push(suiteXml(`${report.stack}/${policy.name}`, cases, {
                stack: report.stack, policy: policy.name, enforcementLevel: level, severity: policy.severity ?? "low", description: policy.description,
            }));
        }
        if (report.waivers.length === 0) {
            continue;
        }
        // One case per waiver of the config: it passes while usable, fails once expired or incomplete.
        const waiverCases: Case[] = report.waivers.map((waiver) => {
            const invalid = report.invalidWaivers.find((i) => i.waiver === waiver);
            return {
                name: `${waiver.policy} for ${waiver.resource || "(no resource)"}`,
                classname: `${report.policyPack}.${report.stack}.${WAIVER_RULE_ID}`,
                failures: [], waived: [],
                extraFailures: invalid ? [{
                    message: invalid.problems.join("; "), type: invalid.expired ? "expired-waiver" : "invalid-waiver",
                    body: `${configFile ?? `policy/config/${report.stack}.json`}: ${invalid.problems.join("\n")}`,
                }] : [],
            };
        });
        count(waiverCases);
        suites.push(suiteXml(`${report.stack}/${WAIVER_RULE_ID}`, waiverCases, { stack: report.stack, policy: WAIVER_RULE_ID }));
    }
    return [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites ${attrs({ name: checked[0]?.report.policyPack ?? "sigma-guard", tests, failures, errors: 0, skipped, time: 0 })}>`,
        ...suites,
        "</testsuites>",
        "",
    ].join("\n");
}
