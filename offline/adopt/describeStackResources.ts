/**
 * The output of `aws cloudformation describe-stack-resources --stack-name <stack>`: a `StackResources` list of
 * `StackResource` members.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackResource.html
 */
export interface StackResource {
    StackName: string;
    StackId: string;
    LogicalResourceId: string;
    /** What `Ref` returns for most types; absent while a resource is being created or after it failed. */
    PhysicalResourceId?: string;
    ResourceType: string;
    ResourceStatus: string;
    Timestamp: string;
}

/** The members StackResource requires (the API reference marks PhysicalResourceId as not required). */
const REQUIRED_MEMBERS = ["StackName", "StackId", "LogicalResourceId", "ResourceType", "ResourceStatus", "Timestamp"] as const;

/**
 * ResourceStatus values of a resource that exists and is not being changed or removed
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackResource.html, ResourceStatus).
 */
export const SETTLED_STATUSES = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"];

/**
 * Reads one describe-stack-resources document. Returns its resources, or the problems (each naming the file, the
 * entry and what is wrong), all at once; a document that is not JSON or has no StackResources list is one problem.
 */
export function readStackResources(file: string, text: string): { resources: StackResource[]; problems: string[] } {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        return { resources: [], problems: [`--stack-resources ${JSON.stringify(file)} is not JSON (${(err as Error).message}); give the output of aws cloudformation describe-stack-resources --stack-name <stack> --output json`] };
    }
    const list = (doc as { StackResources?: unknown } | null)?.StackResources;
    if (!Array.isArray(list)) {
        return { resources: [], problems: [`--stack-resources ${JSON.stringify(file)} has no "StackResources" list; give the output of aws cloudformation describe-stack-resources --stack-name <stack> --output json`] };
    }
    const problems: string[] = [];
    const resources: StackResource[] = [];
    list.forEach((entry, i) => {
        const where = `--stack-resources ${JSON.stringify(file)} StackResources[${i}]`;
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push(`${where} is not an object; each entry is a StackResource with ${REQUIRED_MEMBERS.join(", ")}`);
            return;
        }
        const record = entry as Record<string, unknown>;
        const missing = REQUIRED_MEMBERS.filter((m) => typeof record[m] !== "string" || record[m] === "");
        if (missing.length > 0) {
            problems.push(`${where} lacks ${missing.join(", ")}; a StackResource has ${REQUIRED_MEMBERS.join(", ")} as strings`);
            return;
        }
        if (record.PhysicalResourceId !== undefined && typeof record.PhysicalResourceId !== "string") {
            problems.push(`${where} PhysicalResourceId ${JSON.stringify(record.PhysicalResourceId)} is not a string`);
            return;
        }
        resources.push(record as unknown as StackResource);
    });
    const stacks = [...new Set(resources.map((r) => r.StackId))];
    if (stacks.length > 1) {
        problems.push(`--stack-resources ${JSON.stringify(file)} mixes ${stacks.length} stacks (${stacks.join(", ")}); give one file per stack`);
    }
    if (list.length === 0) {
        problems.push(`--stack-resources ${JSON.stringify(file)} lists no resources; give the output for a stack that exists`);
    }
    return { resources, problems };
}
