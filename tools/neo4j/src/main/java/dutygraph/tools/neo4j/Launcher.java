package dutygraph.tools.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileUtils;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Starts a real Neo4j 5.26 Community server in this JVM (via neo4j-harness) and
 * keeps it running until the process is terminated.
 *
 * <pre>
 * java ... dutygraph.tools.neo4j.Launcher --data DIR [--port N] [--http-port N] [--no-auth] [--pid-file FILE]
 * </pre>
 *
 * <ul>
 *   <li>Bolt listens on 127.0.0.1:N (N = 0, the default, picks a free port).</li>
 *   <li>HTTP is off unless --http-port is given (then 127.0.0.1 only).</li>
 *   <li>Auth is on: user "neo4j", password from env DUTYGRAPH_NEO4J_PASSWORD
 *       (default "dutygraph-test", at least 8 characters). --no-auth turns auth off.</li>
 *   <li>The store lives in a fresh random sub-directory of DIR, deleted on clean shutdown.</li>
 *   <li>Once a Bolt login with those credentials succeeds, prints to stdout:
 *       {@code NEO4J_READY bolt://127.0.0.1:PORT}.</li>
 *   <li>SIGTERM / SIGINT shut the DBMS down cleanly (JVM shutdown hook).</li>
 * </ul>
 * Exit codes: 0 clean shutdown, 2 bad usage, 1 failed to start.
 */
public final class Launcher {

    static final String HOST = "127.0.0.1";
    static final String DEFAULT_PASSWORD = "dutygraph-test";

    private Launcher() {}

    public static void main(String[] args) {
        int port = 0;
        Integer httpPort = null;
        Path data = null;
        Path pidFile = null;
        boolean auth = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--port":
                        port = Integer.parseInt(args[++i]);
                        break;
                    case "--http-port":
                        httpPort = Integer.parseInt(args[++i]);
                        break;
                    case "--data":
                        data = Path.of(args[++i]);
                        break;
                    case "--pid-file":
                        pidFile = Path.of(args[++i]);
                        break;
                    case "--no-auth":
                        auth = false;
                        break;
                    case "-h":
                    case "--help":
                        System.out.println("usage: Launcher --data DIR [--port N] [--http-port N] [--no-auth] [--pid-file FILE]");
                        System.exit(0);
                        return;
                    default:
                        usage("unknown argument: " + a);
                        return;
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                usage("bad or missing value for " + a);
                return;
            }
        }
        if (data == null) {
            usage("--data DIR is required");
            return;
        }
        if (port < 0 || port > 65535 || (httpPort != null && (httpPort < 0 || httpPort > 65535))) {
            usage("port out of range");
            return;
        }
        String password = System.getenv().getOrDefault("DUTYGRAPH_NEO4J_PASSWORD", DEFAULT_PASSWORD);
        if (auth && password.length() < 8) {
            usage("DUTYGRAPH_NEO4J_PASSWORD must be at least 8 characters (Neo4j's minimum)");
            return;
        }

        try {
            if (pidFile != null) {
                Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            }
            run(data, port, httpPort, auth, password);
        } catch (Throwable t) {
            System.err.println("NEO4J_FAILED " + rootMessage(t));
            t.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static void run(Path data, int port, Integer httpPort, boolean auth, String password)
            throws Exception {
        Files.createDirectories(data);
        long t0 = System.nanoTime();

        // Seed the initial password the way `neo4j-admin dbms set-initial-password`
        // does (data/dbms/auth.ini, read when the system database is created):
        // much cheaper than the first Cypher statement on a cold JVM.
        Path template = null;
        if (auth && !Boolean.getBoolean("dutygraph.neo4j.skipAuthSeed")) {
            try {
                template = Files.createTempDirectory(data, ".auth-template-");
                seedInitialPassword(template, password);
            } catch (Throwable t) {
                System.err.println("could not seed auth.ini (falling back to ALTER USER): " + rootMessage(t));
                deleteQuietly(template);
                template = null;
            }
        }

        // Port 0 means "pick a free one". Neo4j would accept 0 for the listen address,
        // but then advertises the default port 7687 (wrong routing tables for neo4j://),
        // so choose concrete ports here and retry if one is taken in the meantime.
        boolean autoPort = port == 0 || (httpPort != null && httpPort == 0);
        int attempts = autoPort ? 3 : 1;
        Neo4j started = null;
        for (int attempt = 1; started == null; attempt++) {
            int bolt = port != 0 ? port : freePort();
            Integer http = httpPort == null ? null : (httpPort != 0 ? httpPort : freePort());
            try {
                started = start(data, bolt, http, auth, template);
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                System.err.println("start attempt " + attempt + " failed, retrying: " + rootMessage(e));
            }
        }
        deleteQuietly(template);
        final Neo4j neo4j = started;
        long tStarted = System.nanoTime();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long tStop = System.nanoTime();
            System.err.println("NEO4J_STOPPING");
            try {
                neo4j.close();
            } catch (Throwable t) {
                System.err.println("error during shutdown: " + rootMessage(t));
            }
            System.err.printf("NEO4J_STOPPED after %d ms%n", (System.nanoTime() - tStop) / 1_000_000);
            System.err.flush();
            stopped.countDown();
        }, "neo4j-shutdown"));

        URI bolt = neo4j.boltURI();
        if (!boltLoginWorks(bolt.getPort(), auth, password)) {
            // auth.ini seeding did not take: the fresh system database then has
            // neo4j/neo4j with a forced password change. Embedded transactions run
            // with full privileges, so set the real password directly.
            System.err.println("initial password not in effect; setting it with ALTER USER");
            GraphDatabaseService system = neo4j.databaseManagementService().database("system");
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            if (!boltLoginWorks(bolt.getPort(), auth, password)) {
                throw new IllegalStateException("cannot log in over Bolt as neo4j after setting the password");
            }
        }
        System.err.printf("neo4j store directory: %s%n", neo4j.config().get(GraphDatabaseSettings.neo4j_home));
        System.err.printf("DBMS started in %d ms, ready (Bolt login verified) after %d ms in main%n",
                (tStarted - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        if (httpPort != null) {
            System.out.println("NEO4J_HTTP " + neo4j.httpURI());
        }
        System.out.println("NEO4J_READY bolt://" + HOST + ":" + bolt.getPort());
        System.out.flush();

        // Park until the shutdown hook has closed the DBMS.
        stopped.await();
    }

    private static Neo4j start(Path data, int port, Integer httpPort, boolean auth, Path template) {
        SocketAddress boltAddress = new SocketAddress(HOST, port);
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(data.toAbsolutePath())
                .withConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .withConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(HOST))
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, boltAddress)
                .withConfig(BoltConnector.advertised_address, boltAddress)
                .withConfig(GraphDatabaseSettings.auth_enabled, auth)
                // No lock-out after failed logins: tests deliberately use wrong passwords.
                .withConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                // Small for tests; the store benchmark raises it (-Ddutygraph.pagecache.mb, NEO4J_PAGECACHE_MB).
                .withConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.mebiBytes(Long.getLong("dutygraph.pagecache.mb", 64L)))
                .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .withConfig(GraphDatabaseSettings.udc_enabled, false)
                .withConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                // Bolt's two netty event-loop groups each wait a 5 s "quiet period"
                // on shutdown by default; a test server does not need that.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        if (httpPort == null) {
            builder = builder.withDisabledServer();
        } else {
            SocketAddress httpAddress = new SocketAddress(HOST, httpPort);
            builder = builder
                    .withConfig(HttpConnector.enabled, true)
                    .withConfig(HttpConnector.listen_address, httpAddress)
                    .withConfig(HttpConnector.advertised_address, httpAddress);
        }
        if (template != null) {
            builder = builder.copyFrom(template);
        }
        return builder.build();
    }

    /** Writes DIR/data/dbms/auth.ini holding user neo4j with the given password. */
    private static void seedInitialPassword(Path home, String password) throws Exception {
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        Files.createDirectories(file.getParent());
        FileUserRepository repo = new FileUserRepository(
                new DefaultFileSystemAbstraction(), file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
        repo.start();
        try {
            repo.create(new User("neo4j", null,
                    SystemGraphCredential.createCredentialForPassword(
                            password.getBytes(StandardCharsets.UTF_8), new SecureHasher()),
                    false, false));
        } finally {
            repo.shutdown();
        }
    }

    /**
     * Opens a real Bolt connection (handshake + login). False only when the server
     * rejects the credentials; retries while Bolt is not up yet.
     */
    private static boolean boltLoginWorks(int port, boolean auth, String password) throws Exception {
        AuthToken token = auth ? AuthTokens.basic("neo4j", password) : AuthTokens.none();
        org.neo4j.driver.Config cfg = org.neo4j.driver.Config.builder()
                .withLogging(Logging.none())
                .withoutEncryption()
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .build();
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Driver driver = GraphDatabase.driver("bolt://" + HOST + ":" + port, token, cfg)) {
                driver.verifyConnectivity();
                return true;
            } catch (ClientException e) {
                if (e instanceof AuthenticationException
                        || String.valueOf(e.code()).contains("CredentialsExpired")) {
                    return false;
                }
                throw e;
            } catch (ServiceUnavailableException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Bolt did not accept connections on port " + port, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileUtils.deleteDirectory(dir);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, 0));
            return s.getLocalPort();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        StringBuilder sb = new StringBuilder(String.valueOf(t));
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
            sb.append(" <- ").append(r);
        }
        return sb.toString().replace('\n', ' ');
    }

    private static void usage(String msg) {
        System.err.println("NEO4J_FAILED " + msg);
        System.err.println("usage: Launcher --data DIR [--port N] [--http-port N] [--no-auth] [--pid-file FILE]");
        System.exit(2);
    }
}
