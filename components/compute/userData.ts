/** Where the boot script writes everything it prints (the file the guide's support section asks for). */
export const USER_DATA_LOG = "/var/log/userdata.log";
/** MySQL's systemd unit on the Sigma AMI (Ubuntu 24.04's mysql-server package). */
export const MYSQL_SERVICE = "mysql.service";
/** The drop-in that keeps MySQL off the AMI's copy of its data directory. */
export const MYSQL_DATA_VOLUME_DROP_IN = "/etc/systemd/system/mysql.service.d/sigma-data-volume.conf";
/** Label of the data volume's filesystem, for people reading `lsblk -f`; fstab mounts it by UUID. */
export const DATA_VOLUME_LABEL = "sigma-data";
/** Every line the script prints about a data volume it could not mount starts with this, so it can be searched for. */
export const DATA_VOLUME_FAILURE_MARK = "SIGMA DATA VOLUME NOT MOUNTED";
/** How long the boot script waits for the data volume to attach (a replacement gets it after the old instance stops). */
export const DEFAULT_DATA_VOLUME_WAIT_SECONDS = 900;
const POLL_SECONDS = 10;

export interface SigmaUserDataOptions {
    /** MySQL's data directory, where the data volume is mounted (e.g. /var/lib/mysql). */
    dataMountPath: string;
    /** Shell appended after the data volume step; it runs whether or not the volume was mounted. */
    extraScript?: string;
    /** Seconds to wait for the data volume to attach before failing (default 900). */
    dataVolumeWaitSeconds?: number;
}

const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

/**
 * The systemd drop-in for MySQL: RequiresMountsFor= adds Requires= and After= on the mount unit of the data
 * directory, so MySQL waits for the data volume and does not start when it fails to mount; AssertPathIsMountPoint=
 * also fails the start when no mount unit exists for the path at all (e.g. the fstab line is gone), where
 * RequiresMountsFor= adds nothing. systemd.unit(5): https://manpages.ubuntu.com/manpages/noble/man5/systemd.unit.5.html
 */
export function mysqlDataVolumeDropIn(dataMountPath: string): string {
    return `[Unit]
# Sigma: MySQL's data directory is the separate data volume; never start on the AMI's copy under the mount point.
RequiresMountsFor=${dataMountPath}
AssertPathIsMountPoint=${dataMountPath}
`;
}

/**
 * The fstab line of the data volume: by filesystem UUID (a device name or label can point at another disk), nofail so
 * the OS still boots without it (systemd.mount(5): the mount is then only wanted by local-fs.target; MySQL's drop-in
 * requires it). https://manpages.ubuntu.com/manpages/noble/man5/systemd.mount.5.html
 */
export function dataVolumeFstabLine(uuid: string, dataMountPath: string): string {
    return `UUID=${uuid} ${dataMountPath} ext4 defaults,nofail 0 2`;
}

/**
 * The boot script of a Sigma instance (it runs once, at the instance's first boot). Everything it prints goes to
 * /var/log/userdata.log. It puts MySQL's data directory on the separate data volume: a blank volume (no filesystem and
 * only zeros at its start) is formatted and seeded from the AMI's copy; a volume that holds a filesystem (the instance
 * was replaced) is mounted as it is, so the database survives instance replacement; anything else is never formatted.
 * First it installs a systemd drop-in so MySQL only ever runs with the volume mounted. When the volume does not attach
 * or cannot be mounted, MySQL is stopped and disabled, the log says why (lines start with DATA_VOLUME_FAILURE_MARK),
 * the extra script (the CloudWatch agent) still runs so the data-volume metric goes missing where an alarm sees it,
 * and the script exits non-zero so `cloud-init status` reports the failure.
 * SIGMA_SYSROOT (unset on an instance) lets tests run the script against a scratch directory standing in for /.
 */
export function sigmaUserData(options: SigmaUserDataOptions): string {
    const mount = options.dataMountPath;
    if (!SAFE_PATH.test(mount) || mount === "/") {
        throw new Error(`dataMountPath ${JSON.stringify(mount)} must be an absolute path of letters, digits, ".", "_", "-" and "/" other than "/"`);
    }
    const waitSeconds = options.dataVolumeWaitSeconds ?? DEFAULT_DATA_VOLUME_WAIT_SECONDS;
    if (!Number.isInteger(waitSeconds) || waitSeconds < POLL_SECONDS) {
        throw new Error(`dataVolumeWaitSeconds ${waitSeconds} must be a whole number of seconds, at least ${POLL_SECONDS}`);
    }
    const attempts = Math.ceil(waitSeconds / POLL_SECONDS);
    return `#!/bin/bash
# Sigma instance boot script: MySQL's data directory on the separate data volume, never on the AMI's copy.
set -euo pipefail
shopt -s inherit_errexit
sysroot="\${SIGMA_SYSROOT:-}"
mount_point="${mount}"
log_file="$sysroot${USER_DATA_LOG}"
mkdir -p "$(dirname "$log_file")"
exec > >(tee -a "$log_file") 2>&1

# Every message goes to stderr, which reaches the log like stdout; stdout is left for function results.
log() {
  echo "$(date -Is) $*" >&2
}

data_volume_failed() {
  log "${DATA_VOLUME_FAILURE_MARK}: $*"
  exit 1
}

install_mysql_guard() {
  local drop_in="$sysroot${MYSQL_DATA_VOLUME_DROP_IN}"
  mkdir -p "$(dirname "$drop_in")"
  cat > "$drop_in" <<'DROPIN'
${mysqlDataVolumeDropIn(mount).trimEnd()}
DROPIN
  systemctl daemon-reload
  log "installed $drop_in: MySQL starts only with $mount_point mounted"
}

find_data_disk() {
  local root_disk disk attempt
  root_disk=$(lsblk -no PKNAME "$(findmnt -no SOURCE /)")
  [ -n "$root_disk" ] || data_volume_failed "cannot tell which disk holds /"
  for attempt in $(seq 1 ${attempts}); do
    disk=$(lsblk -dno NAME,TYPE | awk -v root="$root_disk" '$2 == "disk" && $1 != root {print $1; exit}')
    if [ -n "$disk" ]; then
      echo "$disk"
      return 0
    fi
    log "waiting for the data volume to attach ($attempt/${attempts})"
    sleep ${POLL_SECONDS}
  done
  data_volume_failed "no data volume attached after ${waitSeconds}s (only the root disk $root_disk is present)"
}

prepare_data_volume() {
  local disk device probe fresh uuid mounted_uuid fstab seed_dir
  systemctl stop ${MYSQL_SERVICE}
  disk=$(find_data_disk)
  device="$sysroot/dev/$disk"
  probe=0
  blkid -p "$device" >/dev/null 2>&1 || probe=$?
  case "$probe" in
    0) fresh=0 ;;
    2)
      # blkid also answers 2 when it cannot read the device: format only a volume that reads as zeros.
      cmp -s -n 1048576 "$device" /dev/zero || data_volume_failed "$device has no filesystem blkid recognises but is not blank; refusing to format it"
      fresh=1 ;;
    *) data_volume_failed "blkid could not probe $device (exit $probe); refusing to format it" ;;
  esac
  if [ "$fresh" = 1 ]; then
    log "formatting blank data volume $device"
    mkfs.ext4 -q -L ${DATA_VOLUME_LABEL} "$device"
  else
    log "data volume $device already holds a filesystem; mounting it as it is"
  fi
  uuid=$(blkid -p -s UUID -o value "$device")
  [[ "$uuid" =~ ^[0-9A-Fa-f-]{8,36}$ ]] || data_volume_failed "$device has no filesystem UUID (got '$uuid')"
  if [ "$fresh" = 1 ]; then
    seed_dir="$sysroot/mnt/sigma-seed"
    mkdir -p "$seed_dir"
    mount "$device" "$seed_dir"
    rsync -aHAX "$sysroot$mount_point/" "$seed_dir/"
    umount "$seed_dir"
    log "seeded the data volume from the AMI's $mount_point"
  fi
  fstab="$sysroot/etc/fstab"
  touch "$fstab"
  cp "$fstab" "$fstab.sigma-backup"
  awk -v mp="$mount_point" '$1 ~ /^#/ || $2 != mp' "$fstab.sigma-backup" > "$fstab.sigma-new"
  echo "${dataVolumeFstabLine("$uuid", mount)}" >> "$fstab.sigma-new"
  mv "$fstab.sigma-new" "$fstab"
  systemctl daemon-reload
  mkdir -p "$sysroot$mount_point"
  if ! mountpoint -q "$sysroot$mount_point"; then
    mount "$sysroot$mount_point"
  fi
  mountpoint -q "$sysroot$mount_point" || data_volume_failed "$mount_point is not a mount point after mounting UUID=$uuid"
  mounted_uuid=$(findmnt -no UUID --mountpoint "$sysroot$mount_point")
  [ "$mounted_uuid" = "$uuid" ] || data_volume_failed "$mount_point holds filesystem $mounted_uuid, not the data volume's $uuid"
  chown -R mysql:mysql "$sysroot$mount_point"
  log "data volume UUID=$uuid mounted at $mount_point"
}

hold_mysql_stopped() {
  systemctl stop ${MYSQL_SERVICE} || true
  systemctl disable ${MYSQL_SERVICE} || true
  log "${DATA_VOLUME_FAILURE_MARK}: MySQL is stopped and disabled so it cannot write to the AMI's copy under $mount_point."
  log "${DATA_VOLUME_FAILURE_MARK}: attach the data volume, then run: sudo bash /var/lib/cloud/instance/user-data.txt"
}

log "sigma user data start"
install_mysql_guard
set +e
(
  set -eE
  trap 'log "${DATA_VOLUME_FAILURE_MARK}: exit $? from: $BASH_COMMAND"' ERR
  prepare_data_volume
)
volume_status=$?
set -e
if [ "$volume_status" -eq 0 ]; then
  systemctl enable ${MYSQL_SERVICE}
  systemctl start ${MYSQL_SERVICE}
  log "MySQL started on the data volume"
else
  hold_mysql_stopped
fi
${options.extraScript ?? ""}
log "sigma user data done (data volume status $volume_status)"
exit "$volume_status"
`;
}

/** The environment variable the APP tier's connection script reads: the DB instance's private DNS name. */
export const SIGMA_DB_HOST_VARIABLE = "SIGMA_DB_HOST";
/** The heredoc marker around the connection script inside the boot script; the script may not contain it as a line. */
export const APP_DB_CONNECTION_DELIMITER = "SIGMA_APP_DB_CONNECTION_END";
/** Where the boot script writes the connection script before running it (root only). */
export const APP_DB_CONNECTION_SCRIPT = "/opt/sigma/app-db-connection.sh";
/** Every line the boot script prints about a connection script that did not run to success starts with this. */
export const APP_DB_CONNECTION_FAILURE_MARK = "SIGMA APP DB CONNECTION FAILED";
/** How long the APP boot script waits for the DB's name to resolve (the private zone's record is created with the DB). */
export const DEFAULT_DB_HOST_WAIT_SECONDS = 300;
// A DNS name of letters, digits, hyphens and dots: safe to place in double quotes in the script.
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The APP tier's fragment of the boot script (SigmaInstance extraUserData): exports SIGMA_DB_HOST=`dbHost`, writes the
 * operator's connection script (sigma:appDbConnection) to APP_DB_CONNECTION_SCRIPT verbatim (a quoted heredoc: nothing
 * in it is expanded by the boot script), waits until the name resolves, and runs it with bash. A name that never
 * resolves or a script that fails is logged with APP_DB_CONNECTION_FAILURE_MARK and fails the boot script, so
 * `cloud-init status` reports it.
 */
export function appDbConnectionBootScript(script: string, dbHost: string, waitSeconds = DEFAULT_DB_HOST_WAIT_SECONDS): string {
    // A last label of digits only would make an IPv4 address a "name": top-level labels are never all-numeric (RFC 3696 section 2).
    if (!DNS_NAME.test(dbHost) || /\.[0-9]+$/.test(dbHost)) {
        throw new Error(`dbHost ${JSON.stringify(dbHost)} must be a lower-case DNS name such as db.prod.sigma.internal`);
    }
    if (script.split("\n").some((line) => line.trim() === APP_DB_CONNECTION_DELIMITER)) {
        throw new Error(`the connection script contains the line ${APP_DB_CONNECTION_DELIMITER}, which would end it early; rename it`);
    }
    if (!Number.isInteger(waitSeconds) || waitSeconds < POLL_SECONDS) {
        throw new Error(`waitSeconds ${waitSeconds} must be a whole number of seconds, at least ${POLL_SECONDS}`);
    }
    const attempts = Math.ceil(waitSeconds / POLL_SECONDS);
    return `# Sigma APP tier: the DB is reached by its private DNS name, never by an address.
export ${SIGMA_DB_HOST_VARIABLE}="${dbHost}"
connect_app_to_db() {
  local script="$sysroot${APP_DB_CONNECTION_SCRIPT}" attempt
  mkdir -p "$(dirname "$script")"
  cat > "$script" <<'${APP_DB_CONNECTION_DELIMITER}'
${script.replace(/\n$/, "")}
${APP_DB_CONNECTION_DELIMITER}
  chmod 0700 "$script"
  for attempt in $(seq 1 ${attempts}); do
    if getent hosts "$${SIGMA_DB_HOST_VARIABLE}" >/dev/null; then
      break
    fi
    log "waiting for $${SIGMA_DB_HOST_VARIABLE} to resolve ($attempt/${attempts})"
    sleep ${POLL_SECONDS}
  done
  getent hosts "$${SIGMA_DB_HOST_VARIABLE}" >/dev/null || { log "${APP_DB_CONNECTION_FAILURE_MARK}: $${SIGMA_DB_HOST_VARIABLE} does not resolve after ${waitSeconds}s"; return 1; }
  log "running $script with ${SIGMA_DB_HOST_VARIABLE}=$${SIGMA_DB_HOST_VARIABLE}"
  bash "$script"
}
set +e
(
  set -eE
  connect_app_to_db
)
app_db_status=$?
set -e
if [ "$app_db_status" -ne 0 ]; then
  log "${APP_DB_CONNECTION_FAILURE_MARK}: exit $app_db_status; fix the script, then run: sudo ${SIGMA_DB_HOST_VARIABLE}=$${SIGMA_DB_HOST_VARIABLE} bash ${APP_DB_CONNECTION_SCRIPT}"
  exit "$app_db_status"
fi
log "APP tier connected to $${SIGMA_DB_HOST_VARIABLE}"
`;
}
