import { deploy } from "./stacks";
import { loadConfig } from "./stacks/config";

// Config is read and validated before anything is registered; the topology's outputs become the stack's.
export = deploy(loadConfig());
