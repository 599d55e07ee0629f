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
        ["a copy key without a copy region", { copyRegion: undefined, copyRetentionDays: undefined, copyKmsKeyArn: "arn:aws:kms:ap-southeast-2:123456789012:key/k" }, /^[^]*copyKmsKeyArn is set but copyRegion is not; name the region that receives the copies, or remove it$/],
        ["a frequency that is not a string", { frequency: 1 as unknown as string }, /frequency 1 must be a string/],
        ["a path under /boot", { dataMountPath: "/boot/efi" }, /dataMountPath "\/boot\/efi" is the boot file system, which must never be frozen/],
        ["a MySQL unit that is not a string", { mysqlService: 3 as unknown as string }, /mysqlService 3 must be a systemd unit name such as "mysql.service"/],
        ["an empty stack scope", { stackScope: "" }, /stackScope "" must be a tag value \(1-256 letters, digits, spaces or _ \. : \/ = \+ - @\), e\.g\. "sigma\/prod"/],
        ["a stack scope over 256 characters", { stackScope: "s".repeat(257) }, /stackScope "s{257}" must be a tag value/],
        ["a stack scope with a shell character", { stackScope: "sigma;prod" }, /stackScope "sigma;prod"/],
        ["a stack scope ending in a shell character", { stackScope: "sigma/prod;" }, /stackScope "sigma\/prod;"/],
        ["a stack scope starting with a shell character", { stackScope: ";sigma/prod" }, /stackScope ";sigma\/prod"/],
        ["a stack scope that is not a string", { stackScope: 7 as unknown as string }, /stackScope 7 must be a tag value/],
        ["a two-character document name", { documentName: "ab" }, /documentName "ab" must be 3-128 letters, digits, _ - or \., not starting with aws, amazon or amzn/],
        ["a document name ending in a space", { documentName: "sigma-doc " }, /documentName "sigma-doc "/],
        ["a document name starting with a space", { documentName: " sigma-doc" }, /documentName " sigma-doc"/],
        ["a 129-character document name", { documentName: "d".repeat(129) }, /documentName "d{129}"/],
        ["a document name starting with Amazon", { documentName: "Amazon-freeze" }, /documentName "Amazon-freeze"/],
        ["a document name starting with amzn", { documentName: "amzn-freeze" }, /documentName "amzn-freeze"/],
        ["a document name that is not a string", { documentName: 5 as unknown as string }, /documentName 5/],
        ["a copy key ARN with a short account", { copyKmsKeyArn: "arn:aws:kms:ap-southeast-2:12345678901:key/k" }, /copyKmsKeyArn "arn:aws:kms:ap-southeast-2:12345678901:key\/k" must be a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<id>\); DLM takes no alias/],
        ["a copy key ARN with no key id", { copyKmsKeyArn: "arn:aws:kms:ap-southeast-2:123456789012:key/" }, /copyKmsKeyArn "arn:aws:kms:ap-southeast-2:123456789012:key\/"/],
        ["a copy key ARN with no region", { copyKmsKeyArn: "arn:aws:kms::123456789012:key/k" }, /copyKmsKeyArn "arn:aws:kms::123456789012:key\/k"/],
        ["a copy key ARN with an upper-case region", { copyKmsKeyArn: "arn:aws:kms:AP-SOUTHEAST-2:123456789012:key/k" }, /copyKmsKeyArn "arn:aws:kms:AP-SOUTHEAST-2/],
        ["a copy key ARN with a bad partition", { copyKmsKeyArn: "arn:aws_x:kms:ap-southeast-2:123456789012:key/k" }, /copyKmsKeyArn "arn:aws_x/],
        ["a copy key ARN with a prefix", { copyKmsKeyArn: "xarn:aws:kms:ap-southeast-2:123456789012:key/k" }, /copyKmsKeyArn "xarn/],
        ["a copy key ARN with letters for the account", { copyKmsKeyArn: "arn:aws:kms:ap-southeast-2:abcdefghijkl:key/k" }, /copyKmsKeyArn "arn:aws:kms:ap-southeast-2:abcdefghijkl/],
    ];
    for (const [what, change, message] of rows) {
        it(`refuses ${what}`, () => {
            assert.throws(() => validateConsistentSnapshotsArgs("sigma", { ...GOOD, ...change } as SigmaConsistentSnapshotsArgs),
                (error: Error) => message.test(error.message) && error.message.startsWith('SigmaConsistentSnapshots "sigma" has invalid args'));
        });
    }

    it("accepts the boundaries and forms each check lets through", () => {
        for (const change of [
            { stackScope: "s" }, { stackScope: "s".repeat(256) }, { stackScope: "sigma prod_1.a:b/c=d+e-f@g" }, { stackScope: "Säo Paulo 2" },
            { documentName: "abc" }, { documentName: "d".repeat(128) }, { documentName: "my-aws-doc" }, { documentName: "sigma_doc.v1" },
            { copyKmsKeyArn: "arn:aws:kms:ap-southeast-2:123456789012:key/1234abcd-12ab" }, { copyKmsKeyArn: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k" },
            { dataMountPath: "/bootstrap" }, { dataMountPath: "/var/lib/boot" }, { mysqlService: "mysqld.service" }, { frequency: "cron(0 * * * ? *)" },
        ] as Partial<SigmaConsistentSnapshotsArgs>[]) {
            assert.doesNotThrow(() => validateConsistentSnapshotsArgs("sigma", { ...GOOD, ...change }), JSON.stringify(change));
        }
        assert.doesNotThrow(() => validateConsistentSnapshotsArgs("sigma", { ...GOOD, copyRegion: undefined, copyRetentionDays: undefined }));
    });

    it("names exactly one problem for one bad arg, and the fix", () => {
        const only = (change: Partial<SigmaConsistentSnapshotsArgs>) => {
            try { validateConsistentSnapshotsArgs("sigma", { ...GOOD, ...change } as SigmaConsistentSnapshotsArgs); } catch (error) { return (error as Error).message.split("\n  - ").slice(1); }
            return [];
        };
        assert.deepStrictEqual(only({ copyRegion: undefined }), ["copyRetentionDays is set but copyRegion is not; name the region that receives the copies, or remove it"]);
        assert.deepStrictEqual(only({ frequency: "cron(0/30 * * * ? *)" }), ['frequency "cron(0/30 * * * ? *)" runs more than once an hour; AWS Backup\'s shortest interval is one hour, so give one minute value; use hourly, every12Hours, daily or a valid cron(...)']);
        assert.deepStrictEqual(only({ dataMountPath: "/boot" }), ['dataMountPath "/boot" is the boot file system, which must never be frozen']);
        assert.deepStrictEqual(only({ mysqlService: "mysql" }), ['mysqlService "mysql" must be a systemd unit name such as "mysql.service"']);
        assert.deepStrictEqual(only({ stackScope: "a;b" }), ['stackScope "a;b" must be a tag value (1-256 letters, digits, spaces or _ . : / = + - @), e.g. "sigma/prod"']);
        assert.deepStrictEqual(only({ documentName: "aws-x" }), ['documentName "aws-x" must be 3-128 letters, digits, _ - or ., not starting with aws, amazon or amzn']);
        assert.deepStrictEqual(only({ frequency: undefined }), []);
        assert.deepStrictEqual(only({ frequency: 1 as unknown as string }), ["frequency 1 must be a string"]);
        assert.deepStrictEqual(only({ copyRetentionDays: 0 }), ["copyRetentionDays 0 must be a whole number from 1 to 36500"]);
        assert.deepStrictEqual(only({ scriptTimeoutSeconds: 120, freezeLimitSeconds: 60 }), ["freezeLimitSeconds 60 must be longer than the lock wait (60 s, half of scriptTimeoutSeconds 120)"]);
        assert.deepStrictEqual(only({ dataMountPath: 5 as unknown as string }), ["dataMountPath 5 must be an absolute path of letters, digits, . _ - and / (not / itself, no ..)"]);
        assert.deepStrictEqual(only({ mysqlDefaultsFile: "/etc/../my.cnf" }), ['mysqlDefaultsFile "/etc/../my.cnf" must be an absolute path of letters, digits, . _ - and / (not / itself, no ..)']);
        assert.deepStrictEqual(only({ dataMountPath: "/boot/efi" }), ['dataMountPath "/boot/efi" is the boot file system, which must never be frozen']);
        assert.deepStrictEqual(only({ copyKmsKeyArn: "alias/x" }), ['copyKmsKeyArn "alias/x" must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); DLM takes no alias']);
    });

    it("lists every problem at once", () => {
        assert.throws(() => validateConsistentSnapshotsArgs("sigma", { ...GOOD, scriptTimeoutSeconds: 5, maximumRetryCount: 9, dataMountPath: "/" }),
            (error: Error) => (error.message.match(/\n  - /g) ?? []).length === 3);
    });
});
