import { CommonConfig } from "./common";
import { Topology } from "./keys";
import { ConfigReader } from "./reader";

/** What the dispatcher needs of a topology: the keys it reads and how it parses them. */
export interface TopologySpec<C> {
    topology: Topology;
    /** Every key (and object member) this topology reads; any other known key set to a non-default value is refused. */
    keys: readonly string[];
    /** Why a key other topologies read is refused here, where "it applies to ..." would not say enough. */
    unusedReasons: ReadonlyMap<string, string>;
    /** How many sigma:adminCidrs (SSH rules) the APP security group takes besides its application sources. */
    maxAdminCidrs: number;
    parse(read: ConfigReader, common: CommonConfig): C;
}
