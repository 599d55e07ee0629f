/** The usage figures the monthly cost rests on; each is a flag of `npm run plan` and printed with the plan. */
export interface PlanAssumptions {
    /** Hours an always-on resource runs per month (AWS bills 730). */
    hours: number;
    /** Share of the backed-up data that changes per day (incremental snapshots store only changed blocks). */
    changeRate: number;
    /** GB per month processed by all NAT gateways together. */
    natGb: number;
    /** Average load balancer capacity units (LCU) each load balancer uses per hour. */
    albLcu: number;
    /** Root volume size when the program leaves it to the AMI (unknown offline). */
    amiRootGib: number;
    /** GB per month through each interface VPC endpoint. */
    endpointGb: number;
    /** GB stored per month in each S3 bucket (load balancer access logs). */
    bucketGb: number;
    /** Invocations per month of each Lambda function (restore automation runs rarely). */
    lambdaRuns: number;
    /** GB per month ingested into each CloudWatch Logs group. */
    logGb: number;
}

interface AssumptionSpec {
    key: keyof PlanAssumptions;
    flag: string;
    default: number;
    min: number;
    max: number;
    /** Accept "5%" as 0.05. */
    percent?: boolean;
    describe: string;
}

export const ASSUMPTION_SPECS: readonly AssumptionSpec[] = [
    { key: "hours", flag: "--hours", default: 730, min: 0, max: 744, describe: "hours per month each always-on resource runs" },
    { key: "changeRate", flag: "--change-rate", default: 0.05, min: 0, max: 1, percent: true, describe: "daily change rate of backed-up data (of its size)" },
    { key: "natGb", flag: "--nat-gb", default: 100, min: 0, max: 1e7, describe: "GB/month processed by the NAT gateways together" },
    { key: "albLcu", flag: "--alb-lcu", default: 1, min: 0, max: 1e5, describe: "average LCUs per load balancer per hour" },
    { key: "amiRootGib", flag: "--ami-root-gib", default: 30, min: 1, max: 16384, describe: "root volume GiB when the AMI decides it" },
    { key: "endpointGb", flag: "--endpoint-gb", default: 10, min: 0, max: 1e7, describe: "GB/month through each interface VPC endpoint" },
    { key: "bucketGb", flag: "--bucket-gb", default: 5, min: 0, max: 1e7, describe: "GB stored in each S3 bucket (access logs)" },
    { key: "lambdaRuns", flag: "--lambda-runs", default: 30, min: 0, max: 1e9, describe: "invocations per month of each Lambda function" },
    { key: "logGb", flag: "--log-gb", default: 1, min: 0, max: 1e7, describe: "GB/month ingested into each CloudWatch Logs group" },
];

export const DEFAULT_ASSUMPTIONS: PlanAssumptions = Object.fromEntries(
    ASSUMPTION_SPECS.map((s) => [s.key, s.default])) as unknown as PlanAssumptions;

/** Parses one assumption flag's value; returns the number or a message naming the flag, the value and the range. */
export function parseAssumption(spec: AssumptionSpec, raw: string | undefined): number | string {
    const text = (raw ?? "").trim();
    const percent = spec.percent && text.endsWith("%");
    const value = Number(percent ? text.slice(0, -1) : text);
    const scaled = percent ? value / 100 : value;
    if (text === "" || !Number.isFinite(value) || scaled < spec.min || scaled > spec.max) {
        const range = spec.percent ? `a fraction from ${spec.min} to ${spec.max} (or a percentage such as 5%)` : `a number from ${spec.min} to ${spec.max}`;
        return `${spec.flag} ${JSON.stringify(raw ?? "")} is not valid; give ${range} (${spec.describe}, default ${spec.default})`;
    }
    return scaled;
}
