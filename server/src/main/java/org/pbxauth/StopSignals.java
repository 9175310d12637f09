package org.pbxauth;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops the server on SIGTERM and SIGINT in order: first the requests in flight, then the store.
 *
 * <p>A JVM shutdown hook cannot promise that order: the JVM runs its hooks side by side, with
 * those of the libraries (the H2 store of earlier versions registered one that closed its
 * database, and grants in flight at the signal met a closed store and got 500s: KillTest). So the server takes
 * the two signals itself, closes the node, and only then lets the process exit. A second signal
 * while it waits stops the process at once: every answered commit is in the file already.
 */
final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    private static final String[] SIGNALS = {"TERM", "INT"};

    private StopSignals() {}

    /** Blocks until SIGTERM or SIGINT has closed {@code node}. */
    static void awaitStop(Node node) {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // The JVM runs each signal's handler on a new thread of its own, so this one may block.
        SignalHandler stop = signal -> {
            if (!stopping.compareAndSet(false, true)) {
                log.warn("SIG{} while stopping: stopping now", signal.getName());
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
            log.info("stopping (SIG{})", signal.getName());
            try {
                node.close();
            } finally {
                stopped.countDown();
            }
        };
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            // A signal the process was started to ignore (SIGINT under `nohup` or `&` in a script)
            // stays ignored, as the JVM itself would leave it.
            if (Signal.handle(signal, stop) == SignalHandler.SIG_IGN) {
                Signal.handle(signal, SignalHandler.SIG_IGN);
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
