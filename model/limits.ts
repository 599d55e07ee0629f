/** Numeric limits AWS enforces on the resources the project creates; each with its source. */

// AWS Backup lifecycle DeleteAfterDays: at most 100 years.
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
export const BACKUP_MAX_RETENTION_DAYS = 36500;
// Vault Lock compliance mode: ChangeableForDays minimum 3 (the grace period before the lock is immutable).
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html
export const VAULT_LOCK_MIN_CHANGEABLE_DAYS = 3;
// Backup rule StartWindowMinutes: at least 60; CompletionWindowMinutes at least 120 (and > start window).
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
export const BACKUP_START_WINDOW_MINUTES = { min: 60, max: 10080 };
export const BACKUP_COMPLETION_WINDOW_MINUTES = { min: 120, max: 100 * 24 * 60 };
// KMS ScheduleKeyDeletion PendingWindowInDays: 7 to 30.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
export const KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 };
// gp3 volume size: 1 GiB to 16 TiB. https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp3-ebs-volume-type
export const GP3_SIZE_GIB = { min: 1, max: 16384 };
// Security group rules: 60 inbound and 60 outbound per group by default.
// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
export const SECURITY_GROUP_RULES_PER_DIRECTION = 60;
// VPC IPv4 CIDR block: /16 to /28. https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
export const VPC_IPV4_PREFIX = { min: 16, max: 28 };
// Tags: keys 1-128, values 0-256 characters, keys may not start with aws:.
// https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
export const MAX_USER_TAGS = 50;
