/**
 * Instance types Sigma is supported on. The guide's sizing section (6.1) names t3.xlarge as the default,
 * t3.medium and t3.large for cost, and r5.large for memory-heavy databases; its requirements (2.1) ask
 * for 4 vCPUs and 16 GiB. The larger sizes are the next steps up in the same families.
 */
export const SUPPORTED_INSTANCE_TYPES: Readonly<Record<string, { vcpus: number; memoryGiB: number; use: string }>> = {
    "t3.medium": { vcpus: 2, memoryGiB: 4, use: "cost-sensitive dev/test (below the guide's recommendation)" },
    "t3.large": { vcpus: 2, memoryGiB: 8, use: "small workloads" },
    "t3.xlarge": { vcpus: 4, memoryGiB: 16, use: "the guide's default" },
    "t3.2xlarge": { vcpus: 8, memoryGiB: 32, use: "busier report generation" },
    "m5.xlarge": { vcpus: 4, memoryGiB: 16, use: "steady CPU without burst credits" },
    "r5.large": { vcpus: 2, memoryGiB: 16, use: "the guide's high-memory database option" },
    "r5.xlarge": { vcpus: 4, memoryGiB: 32, use: "large MySQL working sets" },
};

export const DEFAULT_INSTANCE_TYPE = "t3.xlarge";

export function instanceTypeProblem(arg: string, instanceType: unknown): string | undefined {
    if (typeof instanceType === "string" && Object.hasOwn(SUPPORTED_INSTANCE_TYPES, instanceType)) {
        return undefined;
    }
    return `${arg} ${JSON.stringify(instanceType)} is not supported; use one of ${Object.keys(SUPPORTED_INSTANCE_TYPES).join(", ")}`;
}
