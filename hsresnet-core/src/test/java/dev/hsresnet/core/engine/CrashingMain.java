package dev.hsresnet.core.engine;

import java.lang.reflect.Field;

/** A child JVM that dies of SIGSEGV, as oneDNN's SIGFPE kills the self-test's children. */
public final class CrashingMain {

    private CrashingMain() {}

    /** @param args unused */
    public static void main(String[] args) throws ReflectiveOperationException {
        // by name: sun.misc.Unsafe in the source would warn at every compile
        Class<?> unsafe = Class.forName("sun.misc.Unsafe");
        Field f = unsafe.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        System.out.println("@start 0 standard");
        System.out.flush();
        unsafe.getMethod("putAddress", long.class, long.class).invoke(f.get(null), 0L, 0L);
    }
}
