/**
 * The runbook that moves an adopted vendor instance's MySQL from its root volume onto the program's data volume, as
 * an SSM Command document (schemaVersion 2.2, one aws:runShellScript step):
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-schemas-features.html (schema 2.2) and
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-command-ssm-plugin-reference.html#aws-runShellScript
 * Run it with `aws ssm send-command --document-name <name> --targets Key=InstanceIds,Values=<id> --parameters DataVolumeId=vol-...`.
 */
export interface SsmParameter {
    type: "String";
    description: string;
    default?: string;
    /** SSM substitutes parameters textually into the script: every value is pinned by a pattern. */
    allowedPattern: string;
}

export interface SsmCommandDocument {
    schemaVersion: "2.2";
    description: string;
    parameters: Record<string, SsmParameter>;
    mainSteps: { action: "aws:runShellScript"; name: string; precondition?: unknown; inputs: { timeoutSeconds: string; runCommand: string[] } }[];
}

/** Where MySQL keeps its data on the Sigma AMI (product guide 4.7, 9.1) and where the program mounts the data volume. */
export const MYSQL_DATA_DIR = "/var/lib/mysql";

/** The whole migration as one bash script; SSM replaces each {{ Parameter }} before it runs. */
export function migrationScript(): string {
    return `#!/bin/bash
# Moves ${MYSQL_DATA_DIR} from the root volume onto the blank data volume {{ DataVolumeId }}, then mounts it there.
set -euo pipefail
VOLUME_ID="{{ DataVolumeId }}"
TOMCAT_SERVICE="{{ TomcatService }}"
MYSQL_SERVICE="{{ MySqlService }}"
MYSQL_DEFAULTS="{{ MySqlDefaultsFile }}"
DATA_DIR="${MYSQL_DATA_DIR}"
STAGING="/mnt/sigma-mysql-migration"
SOURCE_SUMS="/root/sigma-mysql-source.sha256"
log() { echo "SIGMA MIGRATION: $*"; }
fail() { echo "SIGMA MIGRATION FAILED: $*" >&2; exit 1; }

# 1. Preflight: the volume is attached, blank and big enough; the data is not on a volume of its own yet.
DEVICE="/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_\${VOLUME_ID//-/}"
[ -b "$DEVICE" ] || fail "volume $VOLUME_ID is not attached to this instance ($DEVICE does not exist)"
if mountpoint -q "$DATA_DIR"; then fail "$DATA_DIR is already a mount point; there is nothing to migrate"; fi
if [ -n "$(blkid -o value -s TYPE "$DEVICE" || true)" ]; then fail "volume $VOLUME_ID already holds a filesystem; it is never formatted here"; fi
[ -f "$MYSQL_DEFAULTS" ] || fail "$MYSQL_DEFAULTS does not exist; pass MySqlDefaultsFile naming a client options file mysqlcheck can use"
DATA_BYTES=$(du -sb "$DATA_DIR" | cut -f1)
VOLUME_BYTES=$(blockdev --getsize64 "$DEVICE")
if [ $((DATA_BYTES * 12 / 10)) -gt "$VOLUME_BYTES" ]; then fail "$DATA_DIR holds $DATA_BYTES bytes; volume $VOLUME_ID ($VOLUME_BYTES bytes) needs 20% headroom"; fi

# 2. Stop Sigma (Tomcat), then MySQL, and make sure mysqld is gone before copying.
log "stopping $TOMCAT_SERVICE and $MYSQL_SERVICE"
systemctl stop "$TOMCAT_SERVICE"
systemctl stop "$MYSQL_SERVICE"
if pgrep -x mysqld >/dev/null; then fail "mysqld is still running after systemctl stop $MYSQL_SERVICE"; fi

# 3. Format the blank volume and copy the data directory with owners, modes, links and extended attributes.
mkfs.ext4 -q -L sigma-mysql "$DEVICE"
mkdir -p "$STAGING"
mount "$DEVICE" "$STAGING"
# mkfs's lost+found would show up inside the data directory; MySQL needs none there.
rmdir "$STAGING/lost+found"
cp -a "$DATA_DIR/." "$STAGING/"

# 4. Verify: the same files, the same sizes, the same checksums.
(cd "$DATA_DIR" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$SOURCE_SUMS"
(cd "$STAGING" && sha256sum --quiet -c "$SOURCE_SUMS") || fail "checksums differ between $DATA_DIR and the copy; $DATA_DIR is untouched, start $MYSQL_SERVICE and $TOMCAT_SERVICE again"
SOURCE_COUNT=$(find "$DATA_DIR" -type f | wc -l)
COPY_COUNT=$(find "$STAGING" -type f | wc -l)
[ "$SOURCE_COUNT" -eq "$COPY_COUNT" ] || fail "$SOURCE_COUNT files in $DATA_DIR, $COPY_COUNT in the copy"
SOURCE_SIZE=$(find "$DATA_DIR" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
COPY_SIZE=$(find "$STAGING" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
[ "$SOURCE_SIZE" -eq "$COPY_SIZE" ] || fail "$DATA_DIR holds $SOURCE_SIZE bytes, the copy $COPY_SIZE"
log "copy verified: $SOURCE_COUNT files, $SOURCE_SIZE bytes"

# 5. Switch: keep the old directory, mount the volume by filesystem UUID on $DATA_DIR.
umount "$STAGING"
UUID=$(blkid -o value -s UUID "$DEVICE")
mv "$DATA_DIR" "$DATA_DIR.pre-migration"
mkdir "$DATA_DIR"
sed -i "\\#[[:space:]]\${DATA_DIR}[[:space:]]#d" /etc/fstab
echo "UUID=$UUID $DATA_DIR ext4 defaults,nofail 0 2" >> /etc/fstab
systemctl daemon-reload
mount "$DATA_DIR"
mountpoint -q "$DATA_DIR" || fail "$DATA_DIR is not a mount point after mount; roll back: remove the fstab line, mv $DATA_DIR.pre-migration $DATA_DIR"
chown mysql:mysql "$DATA_DIR"

# 6. Start MySQL, check every table, start Sigma and wait for /sigma to answer.
systemctl start "$MYSQL_SERVICE"
mysqlcheck --defaults-file="$MYSQL_DEFAULTS" --all-databases --check || fail "mysqlcheck reported errors; roll back: stop $MYSQL_SERVICE, umount $DATA_DIR, remove the fstab line, mv $DATA_DIR.pre-migration $DATA_DIR"
systemctl start "$TOMCAT_SERVICE"
for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "http://127.0.0.1:8080/sigma"; then
        log "done: $DATA_DIR is on $VOLUME_ID (UUID $UUID) and /sigma answers; $DATA_DIR.pre-migration stays on the root volume until you remove it"
        exit 0
    fi
    sleep 5
done
fail "/sigma did not answer within 5 minutes after the switch; MySQL runs from $VOLUME_ID, the old data is in $DATA_DIR.pre-migration"
`;
}

/** The SSM Command document that runs migrationScript on the instance. */
export function mysqlMigrationDocument(): SsmCommandDocument {
    return {
        schemaVersion: "2.2",
        description: "Sigma adoption: stop Sigma (Tomcat) and MySQL, copy /var/lib/mysql from the root volume onto the blank data volume, verify (checksums, file count, size), mount the volume on /var/lib/mysql, start MySQL, mysqlcheck, start Tomcat and wait for /sigma. Take a backup first (docs/adopt.md).",
        parameters: {
            DataVolumeId: {
                type: "String", description: "The program's data volume (stack output or aws ec2 describe-volumes), attached to this instance and blank.",
                allowedPattern: "^vol-[0-9a-f]{8}([0-9a-f]{9})?$",
            },
            TomcatService: { type: "String", description: "The systemd unit serving Sigma.", default: "tomcat", allowedPattern: "^[A-Za-z0-9@._-]{1,64}$" },
            MySqlService: { type: "String", description: "The systemd unit of MySQL.", default: "mysql", allowedPattern: "^[A-Za-z0-9@._-]{1,64}$" },
            MySqlDefaultsFile: {
                type: "String", description: "A MySQL client options file with a user mysqlcheck can use (Ubuntu's maintenance account file by default).",
                default: "/etc/mysql/debian.cnf", allowedPattern: "^/[A-Za-z0-9/._-]{1,200}$",
            },
        },
        mainSteps: [{
            action: "aws:runShellScript",
            name: "migrateMySqlToDataVolume",
            precondition: { StringEquals: ["platformType", "Linux"] },
            inputs: { timeoutSeconds: "7200", runCommand: migrationScript().replace(/\n$/, "").split("\n") },
        }],
    };
}
