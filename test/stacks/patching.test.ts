import * as assert from "assert";
import { PATCHING_DEFAULTS } from "../../components/operations/sigmaPatching";
import { ConfigError, mapConfigSource, parseConfig, PrimaryConfig } from "../../stacks/config";
import { PATCH_SCHEDULE_DEFAULTS } from "../../stacks/config/operations";
import { configText, refusedProblems, SINGLE_AZ_CONFIG } from "./configFixture";

const dev = SINGLE_AZ_CONFIG;
const prod: Record<string, string> = {
    "aws:region": "ap-southeast-1",
    "sigma:topology": "multi-az",
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
    "sigma:certificateArn": "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef",
    "sigma:breakGlassRoleArn": "arn:aws:iam::123456789012:role/sigma-break-glass",
};
const NOW = new Date("2026-11-22T00:00:00Z");
const parse = (base: Readonly<Record<string, string>>, values: Record<string, unknown>, stack = "dev") =>
    parseConfig(mapConfigSource({ ...base, ...configText(values) }, { stack }), { now: NOW }) as PrimaryConfig;
const problems = (base: Readonly<Record<string, string>>, values: Record<string, unknown>): string[] => refusedProblems(() => parse(base, values), ConfigError);

describe("sigma:patching config", () => {
    it("patches dev monthly and prod quarterly by default, with the documented window", () => {
        const expected = (schedule: string) => ({ enabled: true, schedule, timezone: "UTC", durationHours: 4, cutoffHours: 1, rebootAllowed: true, approveAfterDays: 0 });
        assert.deepStrictEqual(parse(dev, {}).operations.patching, expected("cron(0 18 ? * SAT#2 *)"));
        assert.deepStrictEqual(parse(prod, {}, "prod").operations.patching, expected("cron(0 18 ? 1,4,7,10 SAT#2 *)"));
        assert.deepStrictEqual(PATCH_SCHEDULE_DEFAULTS, { "single-az": "cron(0 18 ? * SAT#2 *)", "multi-az": "cron(0 18 ? 1,4,7,10 SAT#2 *)" });
        assert.strictEqual(PATCHING_DEFAULTS.durationHours, 4);
    });

    it("reads every member, from YAML values and from --path strings", () => {
        const patching = parse(dev, { "sigma:patching": { schedule: "cron(0 4 ? * WED#2 *)", timezone: "Asia/Singapore", durationHours: "6", cutoffHours: 2, rebootAllowed: "false", approveAfterDays: "0" } }).operations.patching;
        assert.deepStrictEqual(patching, { enabled: true, schedule: "cron(0 4 ? * WED#2 *)", timezone: "Asia/Singapore", durationHours: 6, cutoffHours: 2, rebootAllowed: false, approveAfterDays: 0 });
    });

    it("is off by default with backups off, and refused on with them off", () => {
        assert.deepStrictEqual(parse(dev, { "sigma:backup": { enabled: false } }).operations.patching, { enabled: false });
        const found = problems(dev, { "sigma:backup": { enabled: false }, "sigma:patching": { enabled: true } });
        assert.deepStrictEqual(found.filter((p) => p.startsWith("sigma:patching")).length, 1);
        assert.match(found.find((p) => p.startsWith("sigma:patching"))!, /^sigma:patching\.enabled true takes a fresh AWS Backup .* sigma:backup\.enabled is false/);
    });

    it("can be turned off, and then takes no other member", () => {
        assert.deepStrictEqual(parse(dev, { "sigma:patching": { enabled: false } }).operations.patching, { enabled: false });
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { enabled: false, rebootAllowed: false, durationHours: 3 } }), [
            "sigma:patching.durationHours 3 has no effect: sigma:patching.enabled is false; remove it, or set sigma:patching.enabled true",
            "sigma:patching.rebootAllowed false has no effect: sigma:patching.enabled is false; remove it, or set sigma:patching.enabled true",
        ]);
    });

    it("lists every bad member at once, each with the key, value and a fix", () => {
        const found = problems(dev, { "sigma:patching": { schedule: "at(2027-01-09T18:00:00)", timezone: "SGT", durationHours: 0, cutoffHours: 24, approveAfterDays: 7, rebootAllowed: "maybe" } });
        assert.deepStrictEqual(found.map((p) => p.split(" ")[0]).sort(), ["sigma:patching.approveAfterDays", "sigma:patching.cutoffHours",
            "sigma:patching.durationHours", "sigma:patching.rebootAllowed", "sigma:patching.schedule", "sigma:patching.timezone"]);
        assert.ok(found.includes("sigma:patching.durationHours 0 must be a whole number from 1 to 24 (hours the maintenance window stays open)"), found.join("\n"));
        assert.ok(found.includes("sigma:patching.cutoffHours 24 must be a whole number from 0 to 23 (hours before the window closes in which no instance starts)"), found.join("\n"));
    });

    it("refuses a cutoff as long as the window, proposing one an hour shorter; accepts one an hour shorter", () => {
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { durationHours: 3, cutoffHours: 3 } }),
            ["sigma:patching.cutoffHours 3 leaves no time to start an instance in a 3-hour window; make it less than sigma:patching.durationHours, e.g. 2"]);
        assert.strictEqual(parse(dev, { "sigma:patching": { durationHours: 3, cutoffHours: 2 } }).operations.patching.enabled, true);
        // The default cutoff (1) against a 1-hour window.
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { durationHours: 1 } }),
            ["sigma:patching.cutoffHours 1 leaves no time to start an instance in a 1-hour window; make it less than sigma:patching.durationHours, e.g. 0"]);
    });

    it("judges the schedule against the window it opens", () => {
        assert.match(problems(dev, { "sigma:patching": { schedule: "rate(5 hours)", durationHours: 6 } })[0],
            /^sigma:patching\.schedule "rate\(5 hours\)" starts runs 5 hours apart, inside the 6-hour window/);
        assert.strictEqual(parse(dev, { "sigma:patching": { schedule: "rate(6 hours)", durationHours: 6 } }).operations.patching.enabled, true);
    });

    it("refuses an enabled flag in words, a cutoff check against a refused window, and names each fix exactly", () => {
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { enabled: "yes" } }), ["sigma:patching.enabled \"yes\" must be true or false"]);
        // A refused duration (0, 25) is not held against a cutoff that is valid on its own.
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { durationHours: 0, cutoffHours: 5 } }),
            ["sigma:patching.durationHours 0 must be a whole number from 1 to 24 (hours the maintenance window stays open)"]);
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { durationHours: 25, cutoffHours: 4 } }),
            ["sigma:patching.durationHours 25 must be a whole number from 1 to 24 (hours the maintenance window stays open)"]);
        // A refused duration judges the schedule against the shortest window (1 hour), not the default 4.
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { durationHours: 0, schedule: "rate(2 hours)" } }),
            ["sigma:patching.durationHours 0 must be a whole number from 1 to 24 (hours the maintenance window stays open)"]);
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { timezone: "SGT" } }), ["sigma:patching.timezone \"SGT\" is not an IANA time zone; use e.g. \"Asia/Singapore\" or \"UTC\""]);
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { schedule: "at(2027-01-09T18:00:00)" } }), ["sigma:patching.schedule \"at(2027-01-09T18:00:00)\" runs once; "
            + "patching repeats: write cron(...) or rate(...), e.g. \"cron(0 18 ? 1,4,7,10 SAT#2 *)\" (a maintenance window takes cron(...) or rate(...) in sigma:patching.timezone)"]);
        assert.deepStrictEqual(problems(dev, { "sigma:patching": { approveAfterDays: 361 } }),
            ["sigma:patching.approveAfterDays 361 must be a whole number from 0 to 360 (days after release a security update is approved)"]);
    });

    it("takes an approval delay of 0 only (Ubuntu)", () => {
        assert.match(problems(prod, { "sigma:patching": { approveAfterDays: 1 } })[0], /^sigma:patching\.approveAfterDays 1 cannot delay approval on UBUNTU/);
        assert.match(problems(prod, { "sigma:patching": { approveAfterDays: 361 } })[0], /^sigma:patching\.approveAfterDays 361 must be a whole number from 0 to 360/);
    });

    it("is refused on the dr-region stack, which runs no instance", () => {
        const dr = { "aws:region": "ap-southeast-2", "sigma:topology": "dr-region", "sigma:vpcId": "vpc-0123456789abcdef0",
            "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]), "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
            "sigma:alarmEmails": JSON.stringify(["ops@example.com"]), "sigma:breakGlassRoleArn": "arn:aws:iam::123456789012:role/sigma-break-glass" };
        assert.match(problems(dr, { "sigma:patching": { enabled: true } }).join("\n"), /^sigma:patching "\{\\"enabled\\":true\}" is not used by the dr-region topology \(a dr-region stack runs no instance to patch/);
    });
});
