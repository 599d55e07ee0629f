import * as assert from "assert";
import { SigmaConsistentSnapshotsArgs, validateConsistentSnapshotsArgs } from "../../../components/backup/sigmaConsistentSnapshots";

const GOOD: SigmaConsistentSnapshotsArgs = {
    alarmTopicArn: "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms", alarmNamePrefix: "sigma-prod", frequency: "hourly", retentionDays: 14,
    copyRegion: "ap-southeast-2", copyRetentionDays: 30,
};

describe("SigmaConsistentSnapshots: bad args are refused before anything is created, each naming the arg, the value and the fix", () => {
    it("accepts the stacks' args and DLM's boundaries", () => {
        validateConsistentSnapshotsArgs("sigma", GOOD);
        validateConsistentSnapshotsArgs("sigma", { ...GOOD, scriptTimeoutSeconds: 10, freezeLimitSeconds: 10, maximumRetryCount: 0 });
        validateConsistentSnapshotsArgs("sigma", { ...GOOD, scriptTimeoutSeconds: 120, freezeLimitSeconds: 300, maximumRetryCount: 3 });
        validateConsistentSnapshotsArgs("sigma", { ...GOOD, scriptTimeoutSeconds: 40, freezeLimitSeconds: 21 });
    });

    const rows: Array<[string, Partial<SigmaConsistentSnapshotsArgs>, RegExp]> = [
        ["a script timeout under DLM's 10 s", { scriptTimeoutSeconds: 9 }, /scriptTimeoutSeconds 9 must be a whole number from 10 to 120 \(DLM's range\)/],
        ["a script timeout over DLM's 120 s", { scriptTimeoutSeconds: 121 }, /scriptTimeoutSeconds 121/],
        ["a freeze limit under 10 s", { freezeLimitSeconds: 9 }, /freezeLimitSeconds 9 must be a whole number from 10 to 300/],
        ["a freeze limit over 300 s", { freezeLimitSeconds: 301 }, /freezeLimitSeconds 301/],
        ["a freeze limit no longer than the lock wait", { scriptTimeoutSeconds: 120, freezeLimitSeconds: 60 }, /freezeLimitSeconds 60 must be longer than the lock wait \(60 s/],
        ["4 retries", { maximumRetryCount: 4 }, /maximumRetryCount 4 must be a whole number from 0 to 3/],
        ["a weekly frequency name", { frequency: "weekly" }, /frequency "weekly"/],
        ["a schedule more often than hourly", { frequency: "cron(0/30 * * * ? *)" }, /frequency "cron\(0\/30 \* \* \* \? \*\)"/],
        ["a retention of 0 days", { retentionDays: 0 }, /retentionDays 0 must be a whole number from 1/],
        ["copy retention without a copy region", { copyRegion: undefined }, /copyRetentionDays is set but copyRegion is not/],
        ["a copy key by alias", { copyKmsKeyArn: "alias/aws/ebs" }, /copyKmsKeyArn "alias\/aws\/ebs" must be a KMS key ARN/],
        ["the root file system", { dataMountPath: "/" }, /dataMountPath "\/" must be an absolute path/],
        ["a relative data path", { dataMountPath: "var/lib/mysql" }, /dataMountPath "var\/lib\/mysql"/],
        ["a data path with ..", { dataMountPath: "/var/lib/../../boot" }, /dataMountPath "\/var\/lib\/\.\.\/\.\.\/boot"/],
        ["the boot file system", { dataMountPath: "/boot" }, /dataMountPath "\/boot" is the boot file system/],
        ["a data path with a shell character", { dataMountPath: "/var/lib/mysql;reboot" }, /dataMountPath/],
        ["a MySQL unit without .service", { mysqlService: "mysql" }, /mysqlService "mysql" must be a systemd unit name/],
        ["an options file with a space", { mysqlDefaultsFile: "/etc/my sql.cnf" }, /mysqlDefaultsFile "\/etc\/my sql.cnf"/],
        ["an alarm prefix with a space", { alarmNamePrefix: "sigma prod" }, /alarmNamePrefix "sigma prod"/],
        ["a document name SSM reserves", { documentName: "aws-sigma-freeze" }, /documentName "aws-sigma-freeze" must be 3-128 letters/],
        ["no alarm topic", { alarmTopicArn: "" }, /alarmTopicArn is required/],
    ];
    for (const [what, change, message] of rows) {
        it(`refuses ${what}`, () => {
            assert.throws(() => validateConsistentSnapshotsArgs("sigma", { ...GOOD, ...change } as SigmaConsistentSnapshotsArgs),
                (error: Error) => message.test(error.message) && error.message.startsWith('SigmaConsistentSnapshots "sigma" has invalid args'));
        });
    }

    it("lists every problem at once", () => {
        assert.throws(() => validateConsistentSnapshotsArgs("sigma", { ...GOOD, scriptTimeoutSeconds: 5, maximumRetryCount: 9, dataMountPath: "/" }),
            (error: Error) => (error.message.match(/\n  - /g) ?? []).length === 3);
    });
});
