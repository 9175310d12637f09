package org.pbxauth.guard;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of the calling thread (Linux nice value). Hashing threads run at a
 * lower priority than the request threads: when both want the cores, the kernel gives most of
 * them to the cheap requests (API calls, introspection, refresh), so a flood of password grants
 * slows logins, which the hashing pool sheds with 503, instead of everything else. When nothing
 * else runs, a niced thread still gets a whole core: an idle server hashes at full speed.
 *
 * <p>On Linux the nice value belongs to the thread, and {@code setpriority(PRIO_PROCESS, 0, n)}
 * sets the caller's (setpriority(2), "BUGS"); raising it needs no privilege. Elsewhere, or if
 * the C library cannot be reached, the thread keeps its priority and a warning says so once.
 * JNA comes with argon2-jvm, the Argon2id engine.
 */
final class ThreadNiceness {
    private static final Logger log = LoggerFactory.getLogger(ThreadNiceness.class);
    private static final int PRIO_PROCESS = 0;
    private static volatile boolean warned;

    private ThreadNiceness() {}

    interface LibC extends Library {
        int setpriority(int which, int who, int prio);
    }

    private static final class Holder {
        static final LibC LIBC = Platform.isLinux() ? Native.load("c", LibC.class) : null;
    }

    /** Sets the calling thread's nice value; true when the kernel took it. */
    static boolean lowerCurrentThread(int nice) {
        try {
            if (Holder.LIBC != null && Holder.LIBC.setpriority(PRIO_PROCESS, 0, nice) == 0) {
                return true;
            }
        } catch (LinkageError | RuntimeException e) {
            // no JNA, no libc: fall through to the warning
        }
        if (!warned) {
            warned = true;
            log.warn("password hashing threads run at normal priority (cannot set their nice value on this system): "
                    + "a password flood will slow the other requests more");
        }
        return false;
    }
}
