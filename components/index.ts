export * from "./network/cidr";
export * from "./network/sigmaSecurityGroups";
export * from "./compute/instanceTypes";
export * from "./compute/sigmaInstance";
export { sigmaUserData } from "./compute/userData";
