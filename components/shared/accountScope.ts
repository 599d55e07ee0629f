import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a policy applies: the partition, account and region a component is deployed into. */
export interface AccountScope {
    partition: string;
    account: string;
    region: string;
}

/** The partition, account and region of the provider `opts` resolves to (the component's own provider, or the default). */
export function accountScope(opts: pulumi.InvokeOptions): pulumi.Output<AccountScope> {
    return pulumi.all([
        aws.getPartitionOutput({}, opts).partition,
        aws.getCallerIdentityOutput({}, opts).accountId,
        aws.getRegionOutput({}, opts).region,
    ]).apply(([partition, account, region]) => ({ partition, account, region }));
}
