/** The tag AWS Backup selections match to find Sigma instances; SigmaInstance sets it, the plans and restore tests select by it. */
export const BACKUP_TAG_KEY = "sigma:backup";
export const BACKUP_TAG_VALUE = "true";

/**
 * The tag that scopes backup and restore to one stack (value `stackScopeTagValue(project, stack)`): SigmaInstance sets
 * it on its instance and volumes; selections, the backup role's CreateImage/CreateSnapshot and restore match it too.
 */
export const STACK_SCOPE_TAG_KEY = "sigma:stack";
/** The value of STACK_SCOPE_TAG_KEY for one Pulumi stack: `<project>/<stack>`. */
export function stackScopeTagValue(project: string, stack: string): string {
    return `${project}/${stack}`;
}

/** The Sigma application's HTTP port (the AMI's Tomcat; guide 4.3). */
export const SIGMA_APP_PORT = 8080;
/** MySQL on the Sigma APP&DB AMI (guide 4.3). */
export const SIGMA_DB_PORT = 3306;

/** MySQL's data directory on the AMI (guide 4.7): the separate data volume is mounted here. */
export const DATA_MOUNT_PATH = "/var/lib/mysql";

/**
 * The IAM path of Sigma instance roles. IAM is global, so a restore role in any region (the DR stack's included)
 * can allow passing exactly these roles, the ones backed-up instances carry, without reading the primary stack.
 */
export const DEFAULT_INSTANCE_ROLE_PATH = "/sigma/";
