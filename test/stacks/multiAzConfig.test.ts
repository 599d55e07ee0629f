import * as assert from "assert";
import { ConfigError, mapConfigSource, MultiAzConfig, parseConfig } from "../../stacks/config";
import { appDbConnectionProblem, FAILOVER_IMPAIRED_MINUTES } from "../../stacks/config/multiAz";
import { FAILOVER_DEFAULTS, maxImpairedMinutes } from "../../components";

const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
const base: Record<string, string> = {
    "aws:region": "ap-southeast-1",
    "sigma:topology": "multi-az",
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:certificateArn": CERT,
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
    "sigma:breakGlassRoleArn": "arn:aws:iam::123456789012:role/sigma-break-glass",
};
/** A connection script the APP tier accepts: it reaches the DB by the name the boot script exports. */
const CONNECT = 'sigma-connect --db-host "$SIGMA_DB_HOST"';
const existingVpc: Record<string, string> = {
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:publicSubnetIds": JSON.stringify(["subnet-0000000000000000a", "subnet-0000000000000000b"]),
    "sigma:privateSubnetIds": JSON.stringify(["subnet-0000000000000000c", "subnet-0000000000000000d"]),
};

function parse(values: Record<string, string | undefined>): MultiAzConfig {
    const cfg = parseConfig(mapConfigSource({ ...base, ...values }, { stack: "prod" }));
    assert.strictEqual(cfg.topology, "multi-az");
    return cfg;
}

describe("multi-az stack config", () => {
    it("defaults to a new 2-AZ VPC with a NAT gateway per AZ, one APP&DB instance with failover, endpoints and ALB deletion protection", () => {
        const cfg = parse({});
        assert.deepStrictEqual(cfg.network, { vpcCidrBlock: "10.40.0.0/16", availabilityZoneCount: 2, natGatewayStrategy: "OnePerAz" });
        assert.deepStrictEqual([cfg.sessionManagerEndpoints, cfg.certificateArn, cfg.alerts.alarmEmails, cfg.appCount, cfg.dnsAlias, cfg.deletionProtection],
            [true, CERT, ["ops@example.com"], 1, undefined, true]);
        assert.deepStrictEqual([cfg.appDbConnection, cfg.failover], [undefined, { enabled: true, impairedMinutes: FAILOVER_DEFAULTS.impairedMinutes }]);
    });

    it("reads an existing VPC, the NAT strategy, the app count and the Route 53 alias", () => {
        const cfg = parse({ ...existingVpc, "sigma:appCount": "3", "sigma:appDbConnection": CONNECT, "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "sigma.example.com" });
        assert.deepStrictEqual(cfg.network, {
            vpcId: "vpc-0123456789abcdef0",
            publicSubnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
            privateSubnetIds: ["subnet-0000000000000000c", "subnet-0000000000000000d"],
        });
        assert.deepStrictEqual([cfg.appCount, cfg.dnsAlias], [3, { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "sigma.example.com" }]);
        assert.deepStrictEqual(parse({ "sigma:natGatewayStrategy": "Single", "sigma:availabilityZoneCount": "3", "sigma:vpcCidrBlock": "10.9.0.0/20" }).network,
            { vpcCidrBlock: "10.9.0.0/20", availabilityZoneCount: 3, natGatewayStrategy: "Single" });
    });

    it("lets the internet reach the HTTPS load balancer, which is the only public entry point", () => {
        assert.deepStrictEqual(parse({ "sigma:appCidrs": JSON.stringify(["0.0.0.0/0", "::/0"]) }).appCidrs, ["0.0.0.0/0", "::/0"]);
        assert.deepStrictEqual(parse({ "sigma:appCidrs": JSON.stringify(["0.0.0.0/1", "128.0.0.0/1"]) }).appCidrs, ["0.0.0.0/1", "128.0.0.0/1"]);
    });

    it("takes the project default of the single-az public IP flag, which the type does not carry", () => {
        const cfg = parse({ "sigma:associatePublicIpAddress": "false" });
        assert.ok(!("associatePublicIpAddress" in cfg));
    });

    /** The problem lines of a refused config. */
    function refused(values: Record<string, string | undefined>): string[] {
        try {
            parse(values);
        } catch (err) {
            assert.ok(err instanceof ConfigError, String(err));
            return err.problems;
        }
        return assert.fail(`accepted ${JSON.stringify(values)}`);
    }

    it("refuses a second APP&DB instance (two databases), saying why and both fixes, and takes it with a shared DB", () => {
        for (const count of ["2", "10"]) {
            const [line] = refused({ "sigma:appCount": count });
            assert.ok(line.startsWith(`sigma:appCount "${count}" would run that many APP&DB instances, each with its own MySQL: divergent databases`), line);
            assert.match(line, /set sigma:appCount 1 .*or set sigma:appDbConnection/);
            assert.deepStrictEqual([parse({ "sigma:appCount": count, "sigma:appDbConnection": CONNECT }).appCount], [Number(count)]);
        }
        assert.strictEqual(parse({ "sigma:appCount": "1" }).appCount, 1);
    });

    it("takes a connection script with one APP instance: a separate DB instance and one APP instance", () => {
        const cfg = parse({ "sigma:appDbConnection": CONNECT });
        assert.deepStrictEqual([cfg.appCount, cfg.appDbConnection], [1, CONNECT]);
    });

    it("takes a script that reads ${SIGMA_DB_HOST} or names loopback, and refuses one that names another address", () => {
        const agent = "/sigma/prod/cloudwatch-agent";
        assert.strictEqual(appDbConnectionProblem('connect "${SIGMA_DB_HOST}" --bind 127.0.0.1', agent), undefined);
        assert.strictEqual(appDbConnectionProblem("connect $SIGMA_DB_HOST # version 1.2.3.4.5", agent), undefined, "a dotted version is no address");
        assert.strictEqual(appDbConnectionProblem("connect $SIGMA_DB_HOST --build 1.2.3.400", agent), undefined, "400 is no octet");
        assert.match(appDbConnectionProblem("connect $SIGMA_DB_HOST --fallback 192.168.0.10", agent) ?? "", /^names the address 192\.168\.0\.10; /);
        assert.match(appDbConnectionProblem("connect $SIGMA_DB_HOSTNAME", agent) ?? "", /^does not read \$SIGMA_DB_HOST/);
        assert.match(appDbConnectionProblem("connect SIGMA_DB_HOST", agent) ?? "", /^does not read \$SIGMA_DB_HOST/);
    });

    it("sizes the script against EC2's user data limit: the largest accepted script plus one byte is refused", () => {
        const agent = "/sigma/prod/cloudwatch-agent";
        const script = (pad: number) => `connect "$SIGMA_DB_HOST"\n#${"x".repeat(pad)}`;
        let low = 0;
        let high = 16384;
        while (low < high) {
            const mid = Math.ceil((low + high) / 2);
            if (appDbConnectionProblem(script(mid), agent) === undefined) { low = mid; } else { high = mid - 1; }
        }
        assert.ok(low > 1000, `room for a real script: ${low} bytes`);
        assert.match(appDbConnectionProblem(script(low + 1), agent) ?? "", /makes the APP boot script 16385 bytes; EC2 takes at most 16384/);
    });

    it("reads the failover's detection window within its bounds, and refuses the bounds' neighbours", () => {
        for (const minutes of [FAILOVER_IMPAIRED_MINUTES.min, FAILOVER_IMPAIRED_MINUTES.max]) {
            assert.deepStrictEqual(parse({ "sigma:failover": JSON.stringify({ impairedMinutes: minutes }) }).failover, { enabled: true, impairedMinutes: minutes });
        }
        for (const minutes of [FAILOVER_IMPAIRED_MINUTES.min - 1, FAILOVER_IMPAIRED_MINUTES.max + 1]) {
            const [line] = refused({ "sigma:failover": JSON.stringify({ impairedMinutes: minutes }) });
            assert.match(line, new RegExp(`^sigma:failover.impairedMinutes ${minutes} must be a whole number from 1 to ${maxImpairedMinutes()} `));
        }
        assert.deepStrictEqual(parse({ "sigma:failover": JSON.stringify({ enabled: false }) }).failover, { enabled: false });
        assert.match(refused({ "sigma:failover": JSON.stringify({ enabled: false, impairedMinutes: 5 }) })[0], /^sigma:failover.impairedMinutes 5 has no effect: sigma:failover.enabled is false/);
    });

    it("refuses a failover without backups, the default one too, and takes both off", () => {
        const off = { "sigma:backup": JSON.stringify({ enabled: false }), "sigma:breakGlassRoleArn": undefined };
        const [line] = refused(off);
        assert.match(line, /^sigma:failover.enabled true \(the default\) restores the newest recovery point into another AZ, but sigma:backup.enabled is false/);
        assert.match(refused({ ...off, "sigma:failover": JSON.stringify({ enabled: true }) })[0], /^sigma:failover.enabled true restores/);
        assert.deepStrictEqual(parse({ ...off, "sigma:failover": JSON.stringify({ enabled: false }) }).failover, { enabled: false });
    });
});
