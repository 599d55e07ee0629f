export * from "./network/cidr";
export * from "./network/sigmaSecurityGroups";
export * from "./compute/instanceTypes";
export * from "./compute/sigmaInstance";
export { sigmaUserData } from "./compute/userData";
export * from "./network/sigmaNetwork";
export * from "./network/sigmaLoadBalancer";
export * from "./monitoring/cloudWatchAgent";
export * from "./monitoring/sigmaMonitoring";
