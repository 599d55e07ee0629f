import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SUPPORTED_INSTANCE_TYPES } from "../../../model/instanceTypes";
import { INSTANCE_DEFAULTS } from "../../../components/compute/sigmaInstance";
import { readStackConfig, synthesize, SynthResult } from "../../../offline/synth/synthesize";
import { monthlyCost } from "../../../offline/plan/monthlyCost";
import { DEFAULT_ASSUMPTIONS } from "../../../offline/plan/planAssumptions";
import { loadPriceBook, PriceBooks } from "../../../offline/plan/priceBook";
import { StackResources } from "../../../offline/plan/stackResources";
import { prodLikeSynth } from "./prodLikeSynth";

const ROOT = path.join(__dirname, "..", "..", "..");
const readPrices = (region: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "offline", "plan", "prices", `${region}.json`), "utf8")).prices;
/** Rounded to cents per line, as the plan (and an AWS bill) does. */
const cents = (usd: number) => Math.round(usd * 100) / 100;
const clone = (synth: SynthResult): SynthResult => JSON.parse(JSON.stringify(synth));
const costOf = (synth: SynthResult) => monthlyCost(new StackResources(synth), DEFAULT_ASSUMPTIONS, new PriceBooks());

describe("plan: monthly cost", () => {
    let dev: SynthResult;
    before(async () => {
        dev = await synthesize({ stack: "dev" });
    });

    it("prices dev at the hand computation from its config and the price file", () => {
        const { config } = readStackConfig(ROOT, "dev");
        const region = config["aws:region"];
        const prices = readPrices(region);
        const a = DEFAULT_ASSUMPTIONS;
        const dataGiB = Number(config["sigma:dataVolumeGiB"]);
        const rootGiB = config["sigma:rootVolumeGiB"] ? Number(config["sigma:rootVolumeGiB"]) : a.amiRootGib;
        const backup = JSON.parse(config["sigma:backup"] ?? "{}");
        // Function sizes, alarms and custom metrics are the components' choices, not config: read them from what the program registers.
        const functions = dev.resources.filter((r) => r.type === "aws:lambda/function:Function").map((r) => r.inputs as Record<string, number>);
        const alarms = dev.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        const customMetrics = new Set(alarms.map((r) => r.inputs as Record<string, string>).filter((i) => i.namespace && !i.namespace.startsWith("AWS/"))
            .map((i) => `${i.namespace}/${i.metricName}`));
        const keys = dev.resources.filter((r) => r.type === "aws:kms/key:Key").length;
        const dashboards = dev.resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard").length;
        const logRetentions = dev.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").map((r) => Number(r.inputs.retentionInDays));
        const buckets = dev.resources.filter((r) => r.type === "aws:s3/bucket:Bucket" || r.type === "aws:s3/bucketV2:BucketV2").length;
        const backedUpGiB = rootGiB + dataGiB;
        const expected = [
            a.hours * prices[`ec2:${config["sigma:instanceType"]}`].usd,
            dataGiB * prices["ebs:gp3"].usd,
            rootGiB * prices["ebs:gp3"].usd,
            config["sigma:associatePublicIpAddress"] === "true" ? a.hours * prices["publicIpv4:hour"].usd : 0,
            // SigmaInstance turns detailed monitoring on unless told otherwise; dev does not say otherwise
            INSTANCE_DEFAULTS.detailedMonitoring ? prices["cloudwatch:detailedMonitoringInstanceMonth"].usd : 0,
            // every alarm (auto-recovery, status, CPU, RPO, function errors, restore test), one line each
            ...alarms.map(() => prices["cloudwatch:alarmMonth"].usd),
            ...[...customMetrics].map(() => prices["cloudwatch:customMetricMonth"].usd),
            // sigma:backup: one full copy plus each day's changes for the retention period, in the vault's KMS key
            backedUpGiB * (1 + a.changeRate * backup.retentionDays) * prices["backup:ebsGBMonth"].usd,
            // sigma:patching (dev default: monthly): one day's change of the instance's volumes per window run, kept the retention period
            backedUpGiB * a.changeRate * 1 * Math.min(backup.retentionDays, a.hours / 24) / (a.hours / 24) * prices["backup:ebsGBMonth"].usd,
            ...Array.from({ length: keys }, () => prices["kms:keyMonth"].usd),
            ...Array.from({ length: dashboards }, () => prices["cloudwatch:dashboardMonth"].usd),
            // each log group: --log-gb ingested, and its retention's worth stored
            ...logRetentions.flatMap((days) => [a.logGb * prices["logs:ingestGB"].usd, a.logGb * days / 30 * prices["logs:storageGBMonth"].usd]),
            ...Array.from({ length: buckets }, () => a.bucketGb * prices["s3:standardGBMonth"].usd),
            backup.copyToVaultArn ? backedUpGiB * a.changeRate * (a.hours / 24) * prices["backup:crossRegionCopyGB"].usd : 0,
            backup.copyToVaultArn ? backedUpGiB * (1 + a.changeRate * backup.copyRetentionDays) * readPrices(backup.copyToVaultArn.split(":")[3])["backup:ebsGBMonth"].usd : 0,
            // each function: requests plus GB-seconds at its full timeout; topics and event rules are $0 entries
            ...functions.flatMap((f) => [(a.lambdaRuns / 1e6) * prices["lambda:requestMillion"].usd,
                a.lambdaRuns * (f.memorySize / 1024) * f.timeout * prices["lambda:GBSecond"].usd]),
        ].map(cents).reduce((x, y) => x + y, 0);
        const cost = costOf(dev);
        assert.strictEqual(cost.totalUsd, cents(expected));
        assert.deepStrictEqual(cost.unpriced.map((u) => u.type).sort(),
            ["aws:backup/restoreTestingPlan:RestoreTestingPlan", "aws:cloudtrail/trail:Trail"],
            "usage-billed, listed not zeroed");
    });

    it("uses the guide's ap-southeast-1 figures: t3.xlarge $0.1668/h, 100 GB gp3 $8.00/month", () => {
        const cost = costOf(dev);
        const instanceHours = cost.lines.find((l) => l.item === "t3.xlarge instance-hours")!;
        assert.strictEqual(instanceHours.unitUsd, 0.1668);
        assert.strictEqual(cost.lines.find((l) => l.resource === "sigma-data")!.monthlyUsd, 8.0);
    });

    it("reports an instance type with no price as not priced, never as zero", () => {
        const synth = clone(dev);
        synth.resources.find((r) => r.type === "aws:ec2/instance:Instance")!.inputs.instanceType = "x9.huge";
        const before = costOf(dev);
        const after = costOf(synth);
        const instance = after.unpriced.filter((u) => u.resource === "sigma-instance");
        assert.strictEqual(after.unpriced.length, before.unpriced.length + 1);
        assert.strictEqual(instance.length, 1);
        assert.match(instance[0].reason, /no price "ec2:x9\.huge" in offline\/plan\/prices\/ap-southeast-1\.json/);
        assert.ok(!after.lines.some((l) => l.item.startsWith("x9.huge")));
        const instanceHours = before.lines.find((l) => l.item.endsWith("instance-hours"))!.monthlyUsd;
        assert.strictEqual(after.totalUsd, cents(before.totalUsd - instanceHours));
    });

    it("counts a resource type it has no cost model for", () => {
        const synth = clone(dev);
        synth.resources.push({ urn: "urn:pulumi:dev::sigma::aws:rds/instance:Instance::db", type: "aws:rds/instance:Instance", name: "db", inputs: {} });
        const cost = costOf(synth);
        const db = cost.unpriced.filter((u) => u.resource === "db");
        assert.strictEqual(cost.unpriced.length, costOf(dev).unpriced.length + 1);
        assert.match(db[0].reason, /no cost model for resource type aws:rds\/instance:Instance/);
        assert.strictEqual(cost.totalUsd, costOf(dev).totalUsd);
    });

    it("fails naming the region and the fix when a region has no price file", () => {
        const synth = clone(dev);
        synth.resources.find((r) => r.type === "pulumi:providers:aws")!.inputs.region = "eu-west-3";
        assert.throws(() => costOf(synth), /no price file for region "eu-west-3".*add one with each price's source and date/);
    });

    it("prices NAT gateways inside an awsx VPC, the ALB, endpoints, keys and backup storage with its DR copy", () => {
        const sg = readPrices("ap-southeast-1");
        const syd = readPrices("ap-southeast-2");
        const a = DEFAULT_ASSUMPTIONS;
        const synth = prodLikeSynth({ azs: 2, dataGiB: 200, rootGiB: 40, retentionDays: 7, copyRetentionDays: 14 });
        const cost = costOf(synth);
        const line = (resource: string, item: string) => {
            const found = cost.lines.filter((l) => l.resource === resource && l.item.startsWith(item));
            assert.strictEqual(found.length, 1, `one line ${resource} ${item} in ${JSON.stringify(cost.lines.map((l) => [l.resource, l.item]))}`);
            return found[0];
        };
        assert.strictEqual(line("sigma", "NAT gateway hours").monthlyUsd, cents(2 * a.hours * sg["natGateway:hour"].usd));
        assert.strictEqual(line("sigma", "NAT data processed").monthlyUsd, cents(a.natGb * sg["natGateway:GB"].usd));
        assert.strictEqual(line("sigma", "NAT gateway public IPv4").monthlyUsd, cents(2 * a.hours * sg["publicIpv4:hour"].usd));
        assert.strictEqual(line("sigma-alb", "ALB hours").monthlyUsd, cents(a.hours * sg["alb:hour"].usd));
        assert.strictEqual(line("sigma-alb", "ALB capacity units").monthlyUsd, cents(a.albLcu * a.hours * sg["alb:lcuHour"].usd));
        assert.strictEqual(line("sigma-ssm", "interface endpoint").monthlyUsd, cents(2 * a.hours * sg["vpcEndpoint:interfaceAzHour"].usd));
        assert.ok(!cost.lines.some((l) => l.resource === "sigma-s3"), "gateway endpoints are free");
        assert.strictEqual(line("sigma-dr-key", "customer managed key").region, "ap-southeast-2");
        const dataGiB = 2 * (40 + 200);
        assert.strictEqual(line("sigma-plan", "backup storage").monthlyUsd, cents(dataGiB * (1 + a.changeRate * 7) * sg["backup:ebsGBMonth"].usd));
        assert.strictEqual(line("sigma-plan", "cross-region copy").monthlyUsd,
            cents(dataGiB * a.changeRate * (a.hours / 24) * sg["backup:crossRegionCopyGB"].usd));
        const dr = line("sigma-plan", "DR backup storage");
        assert.strictEqual(dr.region, "ap-southeast-2");
        assert.strictEqual(dr.monthlyUsd, cents(dataGiB * (1 + a.changeRate * 14) * syd["backup:ebsGBMonth"].usd));
        assert.strictEqual(cost.totalUsd, cents(cost.lines.reduce((s, l) => s + l.monthlyUsd, 0)));
        assert.deepStrictEqual(cost.unpriced, []);
    });

    it("prices no NAT gateway for an awsx VPC with strategy None, one for Single", () => {
        const natHours = (strategy: string) => costOf(prodLikeSynth({ natStrategy: strategy, azs: 3 })).lines
            .filter((l) => l.item === "NAT gateway hours").reduce((s, l) => s + l.quantity, 0);
        assert.strictEqual(natHours("None"), 0);
        assert.strictEqual(natHours("Single"), DEFAULT_ASSUMPTIONS.hours);
        assert.strictEqual(natHours("OnePerAz"), 3 * DEFAULT_ASSUMPTIONS.hours);
    });

    it("bills each custom metric an alarm watches once, and AWS namespaces not at all", () => {
        const synth = prodLikeSynth();
        const alarm = (name: string, namespace: string) => ({
            urn: `urn:pulumi:prodlike::sigma::aws:cloudwatch/metricAlarm:MetricAlarm::${name}`, type: "aws:cloudwatch/metricAlarm:MetricAlarm", name,
            provider: synth.resources[0].urn, inputs: { namespace, metricName: "mem_used_percent", dimensions: { InstanceId: "i-1" }, period: 300 },
        });
        synth.resources.push(alarm("mem-high", "CWAgent"), alarm("mem-critical", "CWAgent"));
        const custom = costOf(synth).lines.filter((l) => l.item.startsWith("custom metric"));
        assert.deepStrictEqual(custom.map((l) => [l.resource, l.quantity]), [["mem-high", 1]]);
        assert.strictEqual(custom[0].unitUsd, readPrices("ap-southeast-1")["cloudwatch:customMetricMonth"].usd);
    });

    it("prices a log group's ingestion (--log-gb) and what its retention holds, and never a group that never expires as zero", () => {
        const synth = prodLikeSynth();
        synth.resources.push({ urn: "urn:pulumi:prodlike::sigma::aws:cloudwatch/logGroup:LogGroup::logs", type: "aws:cloudwatch/logGroup:LogGroup", name: "logs", inputs: { retentionInDays: 90 } });
        synth.resources.push({ urn: "urn:pulumi:prodlike::sigma::aws:cloudwatch/logGroup:LogGroup::forever", type: "aws:cloudwatch/logGroup:LogGroup", name: "forever", inputs: {} });
        const cost = monthlyCost(new StackResources(synth), { ...DEFAULT_ASSUMPTIONS, logGb: 2 }, new PriceBooks());
        const prices = readPrices("ap-southeast-1");
        const lines = cost.lines.filter((l) => l.resource === "logs").map((l) => [l.item, l.quantity, l.monthlyUsd]);
        assert.deepStrictEqual(lines, [["log ingestion", 2, cents(2 * prices["logs:ingestGB"].usd)], ["log storage", 6, cents(6 * prices["logs:storageGBMonth"].usd)]]);
        assert.deepStrictEqual(cost.lines.filter((l) => l.resource === "forever").map((l) => l.item), ["log ingestion"]);
        assert.deepStrictEqual(cost.unpriced.map((u) => [u.resource, u.reason]), [["forever", "log storage: the group never expires its events, so storage grows without bound"]]);
    });

    it("has a price with source and date for every supported instance type in every price file", () => {
        for (const region of ["ap-southeast-1", "ap-southeast-2"]) {
            const book = loadPriceBook(region);
            for (const type of Object.keys(SUPPORTED_INSTANCE_TYPES)) {
                assert.ok(book.prices[`ec2:${type}`], `${region} prices ${type}`);
            }
        }
    });
});
