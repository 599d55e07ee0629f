import * as assert from "assert";
import { monthlyCost } from "../../../offline/plan/monthlyCost";
import { DEFAULT_ASSUMPTIONS } from "../../../offline/plan/planAssumptions";
import { PriceBook, PriceBooks } from "../../../offline/plan/priceBook";
import { StackResources } from "../../../offline/plan/stackResources";
import { synthesize, SynthResult } from "../../../offline/synth/synthesize";

/** Price books as the files hold them, with `extra` prices added (a test cannot edit the files). */
class WithPrices extends PriceBooks {
    constructor(private readonly extra: PriceBook["prices"]) {
        super();
    }

    forRegion(region: string): PriceBook {
        const book = super.forRegion(region);
        return { ...book, prices: { ...book.prices, ...this.extra } };
    }
}

describe("plan: the air-gapped third copy", () => {
    let synth: SynthResult;
    before(async function () {
        this.timeout(300000);
        synth = await synthesize({ stack: "dev", configOverrides: { "sigma:backup": { frequency: "daily", retentionDays: 7, airGappedCopy: true, airGappedRetentionDays: 60 } } });
    });

    it("copies every recovery point into the stack's logically air-gapped vault, kept its own retention", () => {
        const [rule] = synth.resources.find((r) => r.type === "aws:backup/plan:Plan")!.inputs.rules as Array<{ copyActions: Array<{ destinationVaultArn: string; lifecycle: { deleteAfter: number } }> }>;
        const vault = synth.resources.find((r) => r.type === "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault")!;
        assert.deepStrictEqual(rule.copyActions, [{ destinationVaultArn: `arn:aws:backup:ap-southeast-1:123456789012:backup-vault:${vault.inputs.name}`, lifecycle: { deleteAfter: 60 } }]);
        assert.deepStrictEqual([vault.inputs.minRetentionDays, vault.inputs.maxRetentionDays], [60, 60]);
        assert.strictEqual(synth.outputs.AirGappedVaultArn, rule.copyActions[0].destinationVaultArn);
    });

    it("bills its storage, not a cross-region transfer; listed as not priced until the price file holds the air-gapped rate", () => {
        const stack = new StackResources(synth);
        const cost = monthlyCost(stack, DEFAULT_ASSUMPTIONS, new PriceBooks());
        assert.ok(!cost.lines.some((l) => /air-gapped|cross-region/.test(l.item)), "no priced air-gapped or transfer line without the price");
        const unpriced = cost.unpriced.filter((u) => /air-gapped copy storage/.test(u.reason));
        assert.strictEqual(unpriced.length, 1);
        assert.match(unpriced[0].reason, /no price "backup:airGappedGBMonth" in offline\/plan\/prices\/ap-southeast-1.json/);

        const priced = monthlyCost(stack, DEFAULT_ASSUMPTIONS, new WithPrices({
            "backup:airGappedGBMonth": { usd: 0.1, unit: "GB-month", source: "test", asOf: "test" } as never,
        }));
        const [line] = priced.lines.filter((l) => /air-gapped copy storage/.test(l.item));
        const backup = priced.lines.find((l) => l.item.startsWith("backup storage"))!;
        const dataGib = backup.quantity / (1 + DEFAULT_ASSUMPTIONS.changeRate * 7);
        assert.strictEqual(Math.round(line.quantity * 1000), Math.round(dataGib * (1 + DEFAULT_ASSUMPTIONS.changeRate * 60) * 1000));
        assert.strictEqual(line.monthlyUsd, Math.round(line.quantity * 0.1 * 100) / 100);
        assert.strictEqual(line.region, "ap-southeast-1");
        assert.strictEqual(priced.unpriced.filter((u) => /air-gapped/.test(u.reason)).length, 0);
    });
});
