/**
 * The boot script of a Sigma instance. Everything it prints goes to /var/log/userdata.log (the file the
 * guide's support section asks for). It puts MySQL's data directory on the separate data volume: a blank
 * volume is formatted and seeded from the AMI's /var/lib/mysql; a volume that already holds data (the
 * instance was replaced) is mounted as it is, so the database survives instance replacement.
 */
export function sigmaUserData(options: { dataMountPath: string; extraScript?: string }): string {
    const mount = options.dataMountPath;
    return `#!/bin/bash
set -euo pipefail
exec > >(tee -a /var/log/userdata.log) 2>&1
echo "sigma user data start $(date -Is)"

root_disk=$(lsblk -no PKNAME "$(findmnt -no SOURCE /)")
data_disk=""
for attempt in $(seq 1 60); do
  data_disk=$(lsblk -dno NAME,TYPE | awk -v root="$root_disk" '$2 == "disk" && $1 != root {print $1; exit}')
  [ -n "$data_disk" ] && break
  echo "waiting for the data volume to attach ($attempt/60)"
  sleep 10
done
if [ -z "$data_disk" ]; then
  echo "data volume never attached; MySQL stays on the root volume" >&2
  exit 1
fi
device="/dev/$data_disk"
if ! blkid "$device" >/dev/null 2>&1; then
  echo "formatting blank data volume $device"
  mkfs.ext4 -q -L sigma-data "$device"
  seed=1
else
  seed=0
fi
systemctl stop mysql || true
if [ "$seed" = 1 ]; then
  mkdir -p /mnt/sigma-seed
  mount "$device" /mnt/sigma-seed
  rsync -aHAX ${mount}/ /mnt/sigma-seed/
  umount /mnt/sigma-seed
fi
mkdir -p ${mount}
grep -q "LABEL=sigma-data" /etc/fstab || echo "LABEL=sigma-data ${mount} ext4 defaults,nofail 0 2" >> /etc/fstab
mount -a
chown -R mysql:mysql ${mount}
systemctl start mysql
${options.extraScript ?? ""}
echo "sigma user data done $(date -Is)"
`;
}
